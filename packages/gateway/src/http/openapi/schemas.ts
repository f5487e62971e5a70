/**
 * Zod schemas of what the API answers, for the OpenAPI document only (answers are never serialized
 * through them: a schema that drifted must not change or break a live answer). Each named schema
 * becomes `#/components/schemas/<name>`, so SDK generators get one type per resource.
 *
 * Our own resources are closed objects (`additionalProperties: false`): the conformance test in
 * openapi.test.ts validates real answers against them, so a field added to an answer without being
 * documented fails there. KRA's payloads (receipt fields, device info, OSCU `data`) are open:
 * KRA adds fields without notice and the gateway passes them on.
 */
import { z } from 'zod';
import { ERROR_STATUS } from '../../errors.js';
import { GRANTABLE } from '../../auth/scopes.js';

/**
 * Named schemas: each is emitted once under `components.schemas` and referenced wherever it is used.
 * A registry of our own rather than zod's global one, so nothing else's metadata leaks into the
 * document.
 */
export const componentRegistry = z.registry<{ id: string }>();

function named<T extends z.ZodType>(id: string, schema: T): T {
  componentRegistry.add(schema, { id });
  return schema;
}

const timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time (UTC)');
const isoDate = z.iso.date();
/** Money as a decimal string with two places, exact (never a float). */
const money = z.string().regex(/^-?\d+\.\d{2}$/);
/** KRA's compact timestamp yyyyMMddHHmmss. */
const kraTime = z.string().regex(/^\d{14}$/);

export const ErrorCodeSchema = named(
  'ErrorCode',
  z
    .enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...Array<keyof typeof ERROR_STATUS>])
    .describe('Stable machine-readable error code; one error class per code in the SDK'),
);

export const ErrorResponseSchema = named(
  'ErrorResponse',
  z
    .looseObject({
      success: z.literal(false),
      error: ErrorCodeSchema,
      message: z.string().describe('For people; may change between releases, unlike `error`'),
      request_id: z.string().describe('Also sent as the X-Request-Id header; quote it in support requests'),
      errors: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .describe('422 validation_error: messages per field, keyed by dotted path (`lines.0.quantity`); `body` for the whole input'),
      error_count: z.int().optional().describe('422: how many fields were wrong when more than the 100 named in `errors`'),
      rule: z.string().optional().describe('422: the business rule refused (e.g. `insufficient_stock`, `credited_quantity`, `no_cancellation`)'),
      required_route: z.string().optional().describe('403 insufficient_scope: the route name refused; the scope it needs is its `x-required-scope`'),
      your_scopes: z.array(z.string()).optional().describe('403 insufficient_scope: what the token was granted'),
      kra_response: z
        .unknown()
        .optional()
        .describe("KRA's own answer, verbatim where it explains the failure (kra_error, kra_auth_failed, kra_unavailable, conflict of a device)"),
    })
    .describe('Every failure: `{success: false, error, message, request_id, …details}`'),
);

// ——— Tokens ———

const tokenFields = {
  id: z.string().describe('tok_…'),
  name: z.string(),
  prefix: z.string().describe('First characters of the token, to recognize it in lists'),
  scopes: z.array(z.enum(GRANTABLE as unknown as [string, ...string[]])),
  rate_limit_per_minute: z.int().nullable(),
  expires_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
  last_used_at: timestamp.nullable(),
  created_at: timestamp,
};
export const ApiTokenSchema = named('ApiToken', z.object(tokenFields));
export const NewApiTokenSchema = named(
  'NewApiToken',
  z.object({ ...tokenFields, token: z.string().describe('The secret token (ush_…), shown in this answer only') }),
);

// ——— KRA apps ———

const appSummaryFields = {
  id: z.int(),
  name: z.string(),
  type: z.enum(['portal', 'etims']),
  environment: z.enum(['simulator', 'sandbox', 'production']),
  is_active: z.boolean(),
  last_used_at: timestamp.nullable(),
  created_at: timestamp,
};
export const KraAppSummarySchema = named('KraAppSummary', z.object(appSummaryFields));
export const KraAppSchema = named(
  'KraApp',
  z.object({
    ...appSummaryFields,
    settings: z.record(z.string(), z.unknown()),
    tin: z.string().nullable(),
    bhf_id: z.string().nullable(),
    dvc_srl_no: z.string().nullable(),
    credentials_set: z.array(z.string()).describe('Names of the secrets stored (never their values)'),
    updated_at: timestamp,
  }),
);
export const KraAppTestSchema = named(
  'KraAppTest',
  z.object({
    app_id: z.int(),
    app_name: z.string(),
    environment: z.string(),
    transport: z.string().optional(),
    status: z.string(),
    token_generated: z.boolean().optional(),
    token_expires_in: z.int().optional(),
    kra_result: z.looseObject({}).optional(),
    tested_at: timestamp,
  }),
);

// ——— Portal (developer.go.ke) ———

export const KraOutcomeSchema = named(
  'KraOutcome',
  z.object({ code: z.string().nullable(), message: z.string().nullable() }).describe("KRA's result code and message of a portal call"),
);
export const PortalDataSchema = named('PortalData', z.looseObject({}).describe("KRA's payload with KRA's own field names, unwrapped from RESPONSE/RESULT"));
export const PinCheckSchema = named(
  'PinCheck',
  z.looseObject({
    PINDATA: z.looseObject({
      KRAPIN: z.string(),
      TypeOfTaxpayer: z.string().optional(),
      Name: z.string().optional(),
      StatusOfPIN: z.string().optional(),
    }),
  }),
);

// ——— Request log ———

export const RequestLogEntrySchema = named(
  'RequestLogEntry',
  z.object({
    id: z.int(),
    request_id: z.string(),
    token_id: z.string().nullable(),
    app_id: z.int().nullable(),
    kind: z.string(),
    route: z.string(),
    kra_path: z.string().nullable(),
    status: z.int().nullable(),
    kra_http_status: z.int().nullable(),
    kra_code: z.string().nullable(),
    error: z.string().nullable(),
    latency_ms: z.int().nullable(),
    created_at: timestamp,
  }),
);

// ——— eTIMS device, OSCU ———

export const OscuAnswerSchema = named(
  'OscuAnswer',
  z
    .object({ resultCd: z.string(), resultMsg: z.string(), resultDt: z.string().nullable(), data: z.unknown() })
    .describe("KRA's OSCU answer as KRA sent it (KRA field names)"),
);
export const BranchInfoSchema = named('BranchInfo', z.looseObject({ tin: z.string(), bhfId: z.string() }).describe("KRA's selectInitOsdcInfo `info`"));
export const DeviceInfoSchema = named(
  'DeviceInfo',
  z.object({
    app_id: z.int(),
    app_name: z.string(),
    source: z.string().nullable(),
    environment: z.string(),
    transport: z.string(),
    tin: z.string().nullable(),
    bhf_id: z.string().nullable(),
    dvc_srl_no: z.string().nullable(),
    initialized: z.boolean(),
    cmc_key_set: z.boolean(),
    sdc_id: z.string().nullable(),
    mrc_no: z.string().nullable(),
    dvc_id: z.string().nullable(),
    initialized_at: timestamp.nullable(),
    info: BranchInfoSchema.nullable(),
  }),
);
export const EtimsHealthSchema = named(
  'EtimsHealth',
  z.object({
    app_id: z.int(),
    environment: z.string(),
    transport: z.string(),
    status: z.string(),
    kra_result: z.looseObject({}).nullable().optional(),
    latency_ms: z.int(),
  }),
);

// ——— Items ———

export const ItemSchema = named(
  'Item',
  z
    .looseObject({
      itemCd: z.string(),
      itemClsCd: z.string(),
      itemTyCd: z.string(),
      itemNm: z.string(),
      orgnNatCd: z.string(),
      pkgUnitCd: z.string(),
      qtyUnitCd: z.string(),
      taxTyCd: z.string(),
      dftPrc: z.number(),
      useYn: z.string(),
    })
    .describe('An item as registered on KRA (KRA field names); listed items add tin, regBhfId, source, updated_at'),
);
export const ItemCompositionSchema = named('ItemComposition', z.object({ itemCd: z.string(), components: z.array(z.looseObject({})) }));

// ——— Documents (sales, credit notes, purchases, stock movements) ———

export const DocumentReceiptSchema = named(
  'DocumentReceipt',
  z
    .looseObject({
      curRcptNo: z.int().nullable(),
      totRcptNo: z.int().nullable(),
      intrlData: z.string().nullable(),
      rcptSign: z.string().nullable(),
      sdcDateTime: z.string().nullable(),
      sdcId: z.string().nullable(),
      mrcNo: z.string().nullable(),
      cu_invoice_number: z.string().nullable().describe('SCU id / invoice number, as printed'),
      verification_url: z.string().nullable().describe("KRA's page for the receipt's QR code"),
    })
    .describe("KRA's signature of a signed document"),
);
export const DocumentSchema = named(
  'Document',
  z.object({
    id: z.int(),
    kind: z.enum(['sale', 'credit_note', 'purchase', 'stock_io', 'stock_master']),
    app_id: z.int(),
    tin: z.string(),
    bhf_id: z.string(),
    status: z.enum(['queued', 'sending', 'signed', 'unknown', 'rejected']).describe('signed and rejected are final'),
    trader_invoice_number: z.string(),
    invoice_number: z.int().nullable().describe("KRA's invoice number, given when queued"),
    original_id: z.int().nullable().describe('The sale a credit note credits'),
    sale_date: isoDate,
    customer_pin: z.string().nullable(),
    total_amount: money,
    kra: z.object({ result_code: z.string().nullable(), result_message: z.string().nullable() }).describe("KRA's last answer"),
    attempts: z.int(),
    receipt: DocumentReceiptSchema.nullable().describe('Once signed'),
    document: z.looseObject({}).describe('The body sent to KRA (KRA field names), with invcNo'),
    created_at: timestamp,
    updated_at: timestamp,
    sent_at: timestamp.nullable(),
    signed_at: timestamp.nullable(),
    links: z.object({ self: z.string() }),
  }),
);
export const OutboxStatusSchema = named(
  'OutboxStatus',
  z.object({
    app_id: z.int(),
    depth: z.int().describe('Documents not yet final'),
    by_status: z.record(z.string(), z.int()),
    last_invoice_number: z.int().nullable(),
    sending_now: z.boolean(),
    oldest_waiting: z
      .object({
        id: z.int(),
        kind: z.string(),
        status: z.string(),
        trader_invoice_number: z.string(),
        created_at: timestamp,
        age_seconds: z.number(),
        attempts: z.int(),
        next_attempt_at: timestamp.nullable(),
        kra: z.object({ result_code: z.string().nullable(), result_message: z.string().nullable() }),
        links: z.object({ self: z.string() }),
      })
      .nullable(),
  }),
);
export const StockLevelSchema = named(
  'StockLevel',
  z.object({
    item_code: z.string(),
    item_name: z.string().nullable(),
    item_type: z.string().nullable(),
    quantity: z.string(),
    kra_quantity: z.string().nullable(),
    updated_at: timestamp,
  }),
);

// ——— Reports ———

const bandTotals = z.object({ rate: money, taxable: money, tax: money, total: money });
const documentTotals = z.object({
  count: z.int(),
  taxable: money,
  tax: money,
  total: money,
  bands: z.record(z.string(), bandTotals).describe('Per tax band A–E'),
  payment_methods: z.record(z.string(), z.object({ count: z.int(), total: money })).describe('Per KRA payment type code'),
});
const reportFields = {
  date: isoDate,
  app_id: z.int(),
  tin: z.string(),
  bhf_id: z.string(),
  sales: documentTotals,
  credit_notes: documentTotals,
  net: z.object({ taxable: money, tax: money, total: money }),
  first_invoice_number: z.int().nullable(),
  last_invoice_number: z.int().nullable(),
  pending: z.int().describe('Documents of the day not yet signed'),
  rejected: z.int(),
  copies: z.object({ count: z.int(), total: money }),
};
export const XReportSchema = named('XReport', z.object({ report: z.literal('X'), ...reportFields }));
export const ZReportSchema = named('ZReport', z.object({ report: z.literal('Z'), number: z.int(), taken_at: timestamp, ...reportFields }));
const reconcileSide = z.object({ total: money.nullable(), tax: money.nullable(), taxable: money.nullable(), signature: z.string().nullable() });
const reconcileCategories = ['matched', 'amount_variance', 'missing_at_kra', 'signed_without_data_here', 'unverified'] as const;
export const ReconcileItemSchema = named(
  'ReconcileItem',
  z.object({
    invoice_number: z.int(),
    document_id: z.int().nullable().describe('Our document under the number, when we hold one'),
    category: z.enum(reconcileCategories.filter((c) => c !== 'matched') as ['amount_variance', 'missing_at_kra', 'signed_without_data_here', 'unverified']),
    details: z.object({
      kind: z.string().optional(),
      trader_invoice_number: z.string().nullable().optional(),
      sales_date: isoDate.nullable().optional().describe('Ours when we hold the document, KRA’s otherwise'),
      ours: reconcileSide.optional(),
      kra: reconcileSide.extend({ trader_invoice_number: z.string().nullable() }).optional(),
      differences: z
        .array(
          z.object({ field: z.enum(['totAmt', 'totTaxAmt', 'totTaxblAmt', 'rcptSign', 'trdInvcNo']), ours: z.string().nullable(), kra: z.string().nullable() }),
        )
        .optional(),
      reason: z.string().optional().describe('Why a number is unverified, or what KRA answered'),
    }),
  }),
);
export const ReconciliationReportSchema = named(
  'ReconciliationReport',
  z.object({
    from: isoDate,
    to: isoDate,
    app_id: z.int(),
    tin: z.string(),
    bhf_id: z.string(),
    total: z.int().describe('Our signed documents in the whole range (every page)'),
    checked: z.int().describe('Our documents checked by this call'),
    gaps: z.object({ checked: z.int(), truncated: z.boolean() }).describe('Numbers between ours that no document of ours holds, asked about in this call'),
    summary: z.object(Object.fromEntries(reconcileCategories.map((c) => [c, z.int()])) as Record<(typeof reconcileCategories)[number], z.ZodInt>),
    items: z.array(ReconcileItemSchema).describe('Only the numbers that did not match, by number'),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  }),
);
export const SalesReportLineSchema = named(
  'SalesReportLine',
  z.object({
    id: z.int(),
    date: isoDate,
    kind: z.enum(['sale', 'credit_note']),
    status: z.string(),
    trader_invoice_number: z.string(),
    invoice_number: z.int().nullable(),
    customer_pin: z.string().nullable(),
    taxable: money,
    tax: money,
    total: money,
  }),
);
export const SalesSummaryDaySchema = named(
  'SalesSummaryDay',
  z.object({
    date: isoDate,
    sales: z.int(),
    sales_total: money,
    credit_notes: z.int(),
    credit_notes_total: money,
    net_taxable: money,
    net_tax: money,
    net_total: money,
    pending: z.int(),
  }),
);

// ——— Proformas ———

export const ProformaSchema = named(
  'Proforma',
  z.object({
    id: z.int(),
    app_id: z.int(),
    tin: z.string(),
    bhf_id: z.string(),
    reference: z.string(),
    valid_until: isoDate.nullable(),
    customer_pin: z.string().nullable(),
    customer_name: z.string().nullable(),
    total: money,
    taxable: money,
    tax: money,
    lines: z.array(
      z.object({
        item_code: z.string(),
        name: z.string(),
        quantity: z.number(),
        unit_price: money,
        discount: money,
        tax_type: z.string(),
        total: money,
      }),
    ),
    print_count: z.int(),
    created_at: timestamp,
    receipt_url: z.string(),
  }),
);

// ——— Sync ———

export const SyncStatusSchema = named(
  'SyncStatus',
  z.object({
    dataset: z.string(),
    last_req_dt: kraTime.nullable(),
    last_result_cd: z.string().nullable(),
    last_error: z.string().nullable(),
    last_attempt_at: timestamp.nullable(),
    last_success_at: timestamp.nullable(),
    records_last_run: z.int().nullable(),
    running: z.boolean(),
  }),
);

// ——— Webhooks ———

const webhookEvents = z.enum(['document.signed', 'document.rejected', 'document.delayed', 'sync.failed', 'webhook.test']);
const webhookFields = {
  id: z.int(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.union([webhookEvents, z.literal('*')])),
  is_active: z.boolean(),
  created_at: timestamp,
};
export const WebhookSchema = named('Webhook', z.object(webhookFields));
export const NewWebhookSchema = named(
  'NewWebhook',
  z.object({ ...webhookFields, secret: z.string().describe('whsec_…: verifies the Ushuru-Signature header; shown in this answer only') }),
);
export const WebhookDeliverySchema = named(
  'WebhookDelivery',
  z.object({
    id: z.int(),
    event: z.string(),
    event_id: z.string(),
    status: z.string(),
    attempts: z.int(),
    last_status_code: z.int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: timestamp.nullable(),
    created_at: timestamp,
    delivered_at: timestamp.nullable(),
  }),
);
export const WebhookDeliveryOutcomeSchema = named(
  'WebhookDeliveryOutcome',
  z.object({
    id: z.int(),
    event_id: z.string().optional(),
    status: z.string(),
    attempts: z.int().optional(),
    last_status_code: z.int().nullable(),
    last_error: z.string().nullable(),
  }),
);
