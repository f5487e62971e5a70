/**
 * Document rows: find one by any of the names a caller knows it by, list with filters and cursor
 * pages, and present one. Every query is scoped to the tenant (and the app where one is chosen), so
 * another tenant's document is simply not found.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { GatewayDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { MAX_ROW_ID } from '../../http/input-rules.js';
import type { Database, EtimsDocumentsTable } from '../../store/schema.js';
import { dashedDate } from '../../kra/time.js';
import { FAMILY_OF, type DocumentKind } from './families.js';
import { isoMillis } from '../../clock.js';

export type { DocumentKind } from './families.js';
export type DocumentRow = Selectable<EtimsDocumentsTable>;
export type DocumentStatus = EtimsDocumentsTable['status'];
export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['queued', 'sending', 'signed', 'unknown', 'rejected'];

/** KRA's signature of a signed document, as stored. */
export interface StoredReceipt {
  curRcptNo: number | null;
  totRcptNo: number | null;
  intrlData: string | null;
  rcptSign: string | null;
  sdcDateTime: string | null;
  sdcId: string | null;
  mrcNo: string | null;
}

/** The URL path of a document. */
export function documentPath(row: Pick<DocumentRow, 'id' | 'kind'>): string {
  const collection = { sale: 'sales', credit_note: 'credit-notes', purchase: 'purchases', stock_io: 'stock/movements', stock_master: 'stock/movements' }[
    row.kind
  ];
  return `/api/etims/${collection}/${row.id}`;
}

/** A document to store and queue. */
export interface DocumentToQueue {
  tenantId: string;
  appId: number;
  tin: string;
  bhfId: string;
  kind: DocumentKind;
  reference: string;
  salesDt: string;
  custTin: string | null;
  payload: Record<string, unknown>;
  totAmt: string;
  originalId?: number | null;
  sourceLines?: number[] | null;
  /** The integration's own `invcNo` when the document came through the OSCU endpoint (oscu-endpoint/). */
  oscuInvcNo?: number | null;
  /** Epoch ms. */
  at: number;
}

/** The row of a new, queued document. */
function documentValues(doc: DocumentToQueue): Insertable<EtimsDocumentsTable> {
  const at = isoMillis(doc.at);
  return {
    tenant_id: doc.tenantId,
    app_id: doc.appId,
    tin: doc.tin,
    bhf_id: doc.bhfId,
    kind: doc.kind,
    family: FAMILY_OF[doc.kind],
    trd_invc_no: doc.reference,
    status: 'queued',
    invc_no: null,
    original_id: doc.originalId ?? null,
    source_lines: doc.sourceLines ? JSON.stringify(doc.sourceLines) : null,
    cust_tin: doc.custTin,
    sales_dt: doc.salesDt,
    tot_amt: doc.totAmt,
    payload: JSON.stringify(doc.payload),
    receipt: null,
    kra_result_cd: null,
    kra_result_msg: null,
    attempts: 0,
    realignments: 0,
    next_attempt_at: at,
    created_at: at,
    updated_at: at,
    sent_at: null,
    signed_at: null,
    oscu_invc_no: doc.oscuInvcNo ?? null,
  };
}

/** Inserts a queued document (inside the caller's transaction when given one). */
export function insertDocument(db: Kysely<Database> | Transaction<Database>, doc: DocumentToQueue): Promise<DocumentRow> {
  return db.insertInto('etims_documents').values(documentValues(doc)).returningAll().executeTakeFirstOrThrow();
}

/**
 * Inserts several queued documents in one statement (all or none); their rows in the order given.
 * Each is matched to its row by its branch, sequence and trader number, which the unique index
 * keeps distinct among documents not refused.
 */
export async function insertDocuments(db: Kysely<Database>, docs: DocumentToQueue[]): Promise<DocumentRow[]> {
  const values = docs.map(documentValues);
  const key = (r: { app_id: number; family: string; trd_invc_no: string }) => `${r.app_id}\u0000${r.family}\u0000${r.trd_invc_no}`;
  const rows = new Map((await db.insertInto('etims_documents').values(values).returningAll().execute()).map((r) => [key(r), r]));
  return values.map((v) => {
    const row = rows.get(key(v));
    if (!row) throw new Error(`inserted documents: no row came back for ${v.trd_invc_no}`);
    return row;
  });
}

/**
 * A document by its id, the trader's number or KRA's invoice number, in that order: an all-digit
 * reference is tried as our id, then as a trader number (traders use plain numbers too), then as
 * KRA's `invcNo`.
 */
export async function findDocument(deps: GatewayDeps, tenantId: string, kind: DocumentKind, ref: string | number, appId?: number): Promise<DocumentRow> {
  const base = () => {
    let q = deps.db.selectFrom('etims_documents').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', kind);
    if (appId !== undefined) q = q.where('app_id', '=', appId);
    return q;
  };
  const text = String(ref).trim();
  const asNumber = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : undefined;
  if (asNumber !== undefined && asNumber <= MAX_ROW_ID) {
    const byId = await base().where('id', '=', asNumber).executeTakeFirst();
    if (byId) return byId;
  }
  // The newest first: after a rejection, the corrected document carries the same trader number.
  const byTrader = await base().where('trd_invc_no', '=', text).orderBy('id', 'desc').executeTakeFirst();
  if (byTrader) return byTrader;
  if (asNumber !== undefined && asNumber <= MAX_ROW_ID) {
    const byKra = await base().where('invc_no', '=', asNumber).orderBy('id').executeTakeFirst();
    if (byKra) return byKra;
  }
  throw notFound(kind === 'sale' ? 'Sale' : 'Credit note');
}

/** Filters of a document list. */
export interface DocumentFilter {
  kind: DocumentKind;
  appId?: number;
  bhfId?: string;
  status?: DocumentStatus;
  /** `YYYY-MM-DD` inclusive bounds on the sale date. */
  from?: string;
  to?: string;
  customerPin?: string;
  /** Return documents with an id below this (cursor pages, newest first). */
  before?: number;
  limit: number;
}

/** One page, newest first, and the cursor of the next page (null on the last). */
export async function listDocuments(deps: GatewayDeps, tenantId: string, f: DocumentFilter): Promise<{ rows: DocumentRow[]; next: number | null }> {
  let q = deps.db.selectFrom('etims_documents').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', f.kind);
  if (f.appId !== undefined) q = q.where('app_id', '=', f.appId);
  if (f.bhfId !== undefined) q = q.where('bhf_id', '=', f.bhfId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.from) q = q.where('sales_dt', '>=', f.from.replaceAll('-', ''));
  if (f.to) q = q.where('sales_dt', '<=', f.to.replaceAll('-', ''));
  if (f.customerPin) q = q.where('cust_tin', '=', f.customerPin);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return { rows: page, next: more ? page[page.length - 1]!.id : null };
}

/** What KRA's verification page needs: PIN + branch + signature (docs/kra/etims-oscu.md §6.7). */
export function verificationUrl(row: Pick<DocumentRow, 'tin' | 'bhf_id'>, receipt: StoredReceipt, environment: string): string | null {
  if (!receipt.rcptSign) return null;
  const host = environment === 'production' ? 'https://etims.kra.go.ke' : 'https://etims-sbx.kra.go.ke';
  return `${host}/common/link/etims/receipt/indexEtimsReceiptData?Data=${row.tin}${row.bhf_id}${receipt.rcptSign}`;
}

/** The public shape of a document: status, KRA's last word, the receipt fields once signed. */
export function presentDocument(row: DocumentRow, environment: string) {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  const receipt = row.receipt ? (JSON.parse(row.receipt) as StoredReceipt) : null;
  return {
    id: row.id,
    kind: row.kind,
    app_id: row.app_id,
    tin: row.tin,
    bhf_id: row.bhf_id,
    status: row.status,
    trader_invoice_number: row.trd_invc_no,
    invoice_number: row.invc_no,
    original_id: row.original_id,
    sale_date: dashedDate(row.sales_dt),
    customer_pin: row.cust_tin,
    total_amount: row.tot_amt,
    kra: {
      result_code: row.kra_result_cd,
      result_message: row.kra_result_msg,
    },
    attempts: row.attempts,
    // Copied onto `{}`, then ours written over KRA's: a literal that starts with a spread and adds
    // fields makes a new hidden class every time on Node 20 (docs/architecture.md, "Hidden classes").
    receipt: receipt
      ? Object.assign({}, receipt, {
          cu_invoice_number: receipt.sdcId && row.invc_no !== null ? `${receipt.sdcId}/${row.invc_no}` : null,
          verification_url: verificationUrl(row, receipt, environment),
        })
      : null,
    document: Object.assign({}, payload, { invcNo: row.invc_no }),
    created_at: row.created_at,
    updated_at: row.updated_at,
    sent_at: row.sent_at,
    signed_at: row.signed_at,
    links: { self: documentPath(row) },
  };
}
