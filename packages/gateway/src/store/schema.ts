/**
 * Table types for Kysely. Portable across SQLite and PostgreSQL: timestamps are ISO-8601 UTC
 * strings, booleans are 0/1 integers and JSON is text, so both engines store and compare the same values.
 */
import type { Generated } from 'kysely';
import type { RequestLogsTable } from '../requestlog/table.js';

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  tenant_id: string;
  name: string;
  /** SHA-256 of the plaintext token, hex. */
  token_hash: string;
  /** First characters of the token, shown in listings so users can tell tokens apart. */
  token_prefix: string;
  /** JSON array of scope names as granted (groups kept as given). */
  scopes: string;
  rate_limit_per_minute: number | null;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

export interface KraAppsTable {
  id: Generated<number>;
  tenant_id: string;
  name: string;
  type: 'portal' | 'etims';
  environment: 'simulator' | 'sandbox' | 'production';
  is_active: number;
  /** JSON object of non-secret settings. */
  settings: string;
  tin: string | null;
  bhf_id: string | null;
  dvc_srl_no: string | null;
  /** JSON object field → encrypted envelope (consumer_key, consumer_secret, cmc_key, …). */
  secrets: string;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An initialized eTIMS device (one per eTIMS app). Never holds the cmcKey: that is sealed on the app. */
export interface EtimsDevicesTable {
  app_id: number;
  tenant_id: string;
  tin: string;
  bhf_id: string;
  dvc_srl_no: string;
  sdc_id: string | null;
  mrc_no: string | null;
  dvc_id: string | null;
  taxpr_nm: string | null;
  bhf_nm: string | null;
  /** JSON of KRA's `data.info` without `cmcKey`. */
  info: string;
  /** `initialized` (by us) or `imported` (cmcKey stored by hand, device initialized elsewhere). */
  source: string;
  initialized_at: string;
  updated_at: string;
}

/** One `lastReqDt` cursor per (app, dataset), plus a lease so two processes never sync the same pair at once. */
export interface EtimsSyncCursorsTable {
  app_id: number;
  dataset: string;
  /** KRA's `resultDt` of the last successful (000/001) call; null = never synced. */
  last_req_dt: string | null;
  last_result_cd: string | null;
  last_error: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  records_last_run: Generated<number>;
  lease_owner: string | null;
  lease_until: string | null;
}

interface SyncedRow {
  app_id: number;
  /** JSON of the record as KRA sent it. */
  data: string;
  synced_at: string;
}

export interface EtimsCodesTable extends SyncedRow {
  cd_cls: string;
  cd: string;
  cd_cls_nm: string | null;
  cd_nm: string | null;
  use_yn: string | null;
  srt_ord: number | null;
}

export interface EtimsItemClassesTable extends SyncedRow {
  item_cls_cd: string;
  item_cls_nm: string | null;
  item_cls_lvl: number | null;
  tax_ty_cd: string | null;
  use_yn: string | null;
}

export interface EtimsNoticesTable extends SyncedRow {
  notice_no: number;
  title: string | null;
  reg_dt: string | null;
}

export interface EtimsBranchesTable extends SyncedRow {
  bhf_id: string;
  bhf_nm: string | null;
  bhf_stts_cd: string | null;
  hq_yn: string | null;
}

export interface EtimsImportedItemsTable extends SyncedRow {
  task_cd: string;
  dcl_de: string;
  item_seq: number;
  item_nm: string | null;
  hs_cd: string | null;
  status_cd: string | null;
}

export interface EtimsPurchasesIncomingTable extends SyncedRow {
  /** `{spplrSdcId or spplrTin}_{spplrInvcNo}`, Odoo's de-duplication key. */
  purchase_key: string;
  spplr_tin: string | null;
  spplr_nm: string | null;
  spplr_invc_no: string | null;
  sales_dt: string | null;
  tot_amt: number | null;
}

export interface EtimsStockMovesTable extends SyncedRow {
  /** `{custTin}_{custBhfId}_{sarNo}`. */
  move_key: string;
  cust_tin: string | null;
  cust_bhf_id: string | null;
  sar_no: number | null;
  ocrn_dt: string | null;
  tot_amt: number | null;
}

/** Items of a PIN: registered through us (`registered`) or synced from KRA (`kra`). */
export interface EtimsItemsTable {
  tenant_id: string;
  tin: string;
  item_cd: string;
  app_id: number | null;
  item_nm: string;
  item_cls_cd: string | null;
  item_ty_cd: string | null;
  tax_ty_cd: string | null;
  dft_prc: number | null;
  use_yn: string | null;
  source: string;
  /** JSON of the saveItem body (KRA-native field names). */
  data: string;
  created_at: string;
  updated_at: string;
}

/** Next sequence number of generated item codes, per PIN. */
export interface EtimsItemCodeSeqTable {
  tenant_id: string;
  tin: string;
  next_seq: number;
}

export interface EtimsItemCompositionsTable {
  tenant_id: string;
  tin: string;
  item_cd: string;
  cpst_item_cd: string;
  cpst_qty: number;
  updated_at: string;
}

/** A record saved per branch through saveBhfCustomer / saveBhfUser / saveBhfInsurance. */
interface BranchRecordRow {
  app_id: number;
  name: string;
  /** JSON of the body sent to KRA (for users: without `pwd`). */
  data: string;
  updated_at: string;
}

export interface EtimsCustomersTable extends BranchRecordRow {
  cust_no: string;
  cust_tin: string | null;
}

export interface EtimsBranchUsersTable extends BranchRecordRow {
  user_id: string;
}

export interface EtimsInsurancesTable extends BranchRecordRow {
  isrcc_cd: string;
}

/** A state-changing request's first result, keyed by the caller's Idempotency-Key. */
export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  method: string;
  path: string;
  /** SHA-256 of method, path and canonical body: the same key with another request is a 409. */
  request_hash: string;
  state: 'in_progress' | 'completed';
  status_code: number | null;
  /** The response body, sealed with the master key (it may hold a token shown once). */
  response: string | null;
  created_at: string;
}

/** A named counter (see store/sequences.ts). */
export interface SequencesTable {
  scope: string;
  name: string;
  last_value: number;
}

/** One fiscal document in the outbox (see store/migrations/006_etims_documents.ts). */
export interface EtimsDocumentsTable {
  id: Generated<number>;
  tenant_id: string;
  app_id: number;
  tin: string;
  bhf_id: string;
  kind: 'sale' | 'credit_note' | 'purchase' | 'stock_io' | 'stock_master';
  /** The KRA sequence of its number: `invc` (sales, credit notes), `pchs` (purchases), `sar` (stock IO), `none`. */
  family: 'invc' | 'pchs' | 'sar' | 'none';
  /** The trader's own reference (`trdInvcNo` of sales and credit notes), unique per branch and family. */
  trd_invc_no: string;
  status: 'queued' | 'sending' | 'signed' | 'unknown' | 'rejected';
  /** Its number in its family's sequence (`invcNo`, `sarNo`), bound when sent as the head of its branch's queue. */
  invc_no: number | null;
  /** Credit notes: the sale they credit. */
  original_id: number | null;
  /** Credit notes: JSON array, the sale line index of each of their lines. */
  source_lines: string | null;
  cust_tin: string | null;
  /** `yyyyMMdd`, Nairobi. */
  sales_dt: string;
  /** Decimal string, 2 dp. */
  tot_amt: string;
  /** JSON: the KRA body without `invcNo` (and, for credit notes, without `orgInvcNo` until sent). */
  payload: string;
  /** JSON: KRA's signature fields once signed. */
  receipt: string | null;
  kra_result_cd: string | null;
  kra_result_msg: string | null;
  attempts: number;
  realignments: number;
  next_attempt_at: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  signed_at: string | null;
  delay_reported_at: string | null;
  /** Receipts printed so far (defaults to 0). */
  print_count: Generated<number>;
  /** The opaque id of the public verification page, given at the first print before signing. */
  public_id: string | null;
  /** The integration's own `invcNo`, for documents sent through the KRA-compatible OSCU endpoint (else null). */
  oscu_invc_no: number | null;
}

/** One per eTIMS app: the branch's outbox lease and KRA's counter. */
export interface EtimsBranchQueuesTable {
  app_id: number;
  tenant_id: string;
  last_invc_no: number;
  last_sar_no: number;
  last_pchs_no: number;
  lease_owner: string | null;
  lease_until: string | null;
  /** Set after a failure that concerns the whole branch (KRA down, device refused): nothing is sent before. */
  blocked_until: string | null;
  updated_at: string;
}

/** Stock of one item at one branch, in hundredths of its quantity unit. */
export interface EtimsStockLevelsTable {
  app_id: number;
  item_cd: string;
  /** After every accepted document (sales take stock when accepted, so two sales cannot sell one unit). */
  qty: number | string;
  /** After the stock movements KRA has recorded (what saveStockMaster reports as `rsdQty`). */
  kra_qty: number | string;
  updated_at: string;
}

/** A tenant's webhook endpoint; `secret` is sealed (crypto/secret-box.ts). */
export interface WebhooksTable {
  id: Generated<number>;
  tenant_id: string;
  url: string;
  description: string | null;
  /** JSON array of event names. */
  events: string;
  secret: string;
  is_active: number;
  created_at: string;
}

/** One event for one endpoint: the delivery queue and its log. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  tenant_id: string;
  event: string;
  event_id: string;
  /** The JSON body sent, exactly. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** A Z report: the totals of one closed day of one branch. */
export interface EtimsZReportsTable {
  id: Generated<number>;
  tenant_id: string;
  app_id: number;
  /** Per branch, from 1, no gap. */
  number: number;
  /** `YYYY-MM-DD`, Nairobi. */
  report_date: string;
  /** JSON of the day's totals (reports/totals.ts). */
  totals: string;
  created_at: string;
}

export interface EtimsProformasTable {
  id: Generated<number>;
  tenant_id: string;
  app_id: number;
  tin: string;
  bhf_id: string;
  /** The caller's own reference (quote number), optional. */
  reference: string | null;
  /** KRA-shaped body computed by the tax engine (never sent). */
  payload: string;
  print_count: Generated<number>;
  /** `YYYY-MM-DD`, optional. */
  valid_until: string | null;
  created_at: string;
}

/** Credentials of the KRA-compatible OSCU endpoint, one set per eTIMS app (migration 010). */
export interface OscuCredentialsTable {
  app_id: number;
  tenant_id: string;
  opaque_id: string;
  /** SHA-256 hex of the virtual cmcKey; null once revoked. */
  cmc_key_hash: string | null;
  /** The virtual cmcKey sealed with the master key, for KRA's init answer; null once revoked. */
  cmc_key_sealed: string | null;
  client_id: string;
  /** SHA-256 hex of the OAuth client secret; null once revoked. */
  client_secret_hash: string | null;
  init_answered_at: string | null;
  revoked_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Bearer tokens the endpoint's host-B token URL issued (migration 010). */
export interface OscuBearerTokensTable {
  /** SHA-256 hex of the token. */
  token_hash: string;
  app_id: number;
  expires_at: string;
  created_at: string;
}

/** A dashboard user (migration 011). */
export interface DashboardUsersTable {
  id: string;
  tenant_id: string;
  /** Lower-cased. */
  email: string;
  /** Self-describing scrypt hash (dashboard/password.ts). */
  password_hash: string;
  role: 'admin' | 'member' | 'viewer';
  created_at: string;
}

/** A dashboard session (migration 011); the cookie holds the value whose SHA-256 is `id_hash`. */
export interface DashboardSessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  expires_at: string;
  last_seen_at: string;
  created_at: string;
}

export interface Database {
  dashboard_users: DashboardUsersTable;
  dashboard_sessions: DashboardSessionsTable;
  oscu_credentials: OscuCredentialsTable;
  oscu_bearer_tokens: OscuBearerTokensTable;
  etims_proformas: EtimsProformasTable;
  etims_z_reports: EtimsZReportsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  etims_stock_levels: EtimsStockLevelsTable;
  etims_documents: EtimsDocumentsTable;
  etims_branch_queues: EtimsBranchQueuesTable;
  sequences: SequencesTable;
  request_logs: RequestLogsTable;
  idempotency_keys: IdempotencyKeysTable;
  tenants: TenantsTable;
  api_tokens: ApiTokensTable;
  kra_apps: KraAppsTable;
  etims_devices: EtimsDevicesTable;
  etims_sync_cursors: EtimsSyncCursorsTable;
  etims_codes: EtimsCodesTable;
  etims_item_classes: EtimsItemClassesTable;
  etims_notices: EtimsNoticesTable;
  etims_branches: EtimsBranchesTable;
  etims_imported_items: EtimsImportedItemsTable;
  etims_purchases_incoming: EtimsPurchasesIncomingTable;
  etims_stock_moves: EtimsStockMovesTable;
  etims_items: EtimsItemsTable;
  etims_item_code_seq: EtimsItemCodeSeqTable;
  etims_item_compositions: EtimsItemCompositionsTable;
  etims_customers: EtimsCustomersTable;
  etims_branch_users: EtimsBranchUsersTable;
  etims_insurances: EtimsInsurancesTable;
}
