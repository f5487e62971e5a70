/**
 * The success answers of the routes, kept here rather than in the route files so that documenting a
 * route never touches its behaviour (and several engineers can edit route files at once). A route's
 * own `response` field wins over this catalog; a route in neither gets the generic envelope.
 * openapi.test.ts fails when an entry names a route that does not exist, and checks every example.
 */
import { z } from 'zod';
import type { ResponseDoc, RouteDef } from '../route.js';
import {
  ApiTokenSchema,
  BranchInfoSchema,
  DeviceInfoSchema,
  DocumentSchema,
  EtimsHealthSchema,
  ItemCompositionSchema,
  ItemSchema,
  KraAppSchema,
  KraAppSummarySchema,
  KraAppTestSchema,
  KraOutcomeSchema,
  NewApiTokenSchema,
  NewWebhookSchema,
  OscuAnswerSchema,
  OutboxStatusSchema,
  PinCheckSchema,
  PortalDataSchema,
  ProformaSchema,
  RequestLogEntrySchema,
  SalesReportLineSchema,
  SalesSummaryDaySchema,
  StockLevelSchema,
  SyncStatusSchema,
  WebhookDeliveryOutcomeSchema,
  WebhookDeliverySchema,
  WebhookSchema,
  ReconciliationReportSchema,
  XReportSchema,
  ZReportSchema,
} from './schemas.js';

// ——— Example values (one coherent story: branch 00 of P051234567Q sells maize flour) ———

const AT = '2026-03-02T09:15:00Z';

const TOKEN = {
  id: 'tok_3nV0xq1JcY2a',
  name: 'erp-production',
  prefix: 'ush_Jt7a',
  scopes: ['etims_full'],
  rate_limit_per_minute: null,
  expires_at: null,
  revoked_at: null,
  last_used_at: null,
  created_at: AT,
};
const APP_SUMMARY = { id: 2, name: 'Head office till', type: 'etims', environment: 'sandbox', is_active: true, last_used_at: null, created_at: AT };
const APP = {
  ...APP_SUMMARY,
  settings: { receipt_header: 'Moi Avenue, Nairobi' },
  tin: 'P051234567Q',
  bhf_id: '00',
  dvc_srl_no: 'dvc-0001',
  credentials_set: ['cmc_key'],
  updated_at: AT,
};
const BRANCH_INFO = {
  tin: 'P051234567Q',
  taxprNm: 'USHURU SIM TRADERS LIMITED',
  bhfId: '00',
  bhfNm: 'Head Office',
  sdcId: 'KRACU051234001',
  mrcNo: 'WIS01051201',
  dvcId: '9999951234500001',
};
const RECEIPT = {
  curRcptNo: 1,
  totRcptNo: 1,
  intrlData: 'THZ7Q7MHUKIBPVD6MB5IHLOB75',
  rcptSign: '7JJBICIXHAXZGAMX',
  sdcDateTime: '20260302121500',
  sdcId: 'KRACU051234001',
  mrcNo: 'WIS01051201',
  cu_invoice_number: 'KRACU051234001/1',
  verification_url: 'https://etims-sbx.kra.go.ke/common/link/etims/receipt/indexEtimsReceiptData?Data=P051234567Q007JJBICIXHAXZGAMX',
};
const SALE = {
  id: 3,
  kind: 'sale',
  app_id: 2,
  tin: 'P051234567Q',
  bhf_id: '00',
  status: 'signed',
  trader_invoice_number: 'INV-1001',
  invoice_number: 1,
  original_id: null,
  sale_date: '2026-03-02',
  customer_pin: 'P052345678R',
  total_amount: '912.00',
  kra: { result_code: '000', result_message: 'It is succeeded' },
  attempts: 1,
  receipt: RECEIPT,
  document: { trdInvcNo: 'INV-1001', invcNo: 1, rcptTyCd: 'S', pmtTyCd: '01', totAmt: 912, itemList: [{ itemCd: 'KE2NTU0000001', qty: 2, prc: 480 }] },
  created_at: AT,
  updated_at: AT,
  sent_at: AT,
  signed_at: AT,
  links: { self: '/api/etims/sales/3' },
};
const CREDIT_NOTE = {
  ...SALE,
  id: 5,
  kind: 'credit_note',
  trader_invoice_number: 'CN-1001',
  invoice_number: 2,
  original_id: 3,
  total_amount: '456.00',
  receipt: { ...RECEIPT, totRcptNo: 2, cu_invoice_number: 'KRACU051234001/2' },
  document: { trdInvcNo: 'CN-1001', invcNo: 2, orgInvcNo: 1, rcptTyCd: 'R', rfdRsnCd: '06', totAmt: 456 },
  links: { self: '/api/etims/credit-notes/5' },
};
const QUEUED = { ...SALE, status: 'queued', kra: { result_code: null, result_message: null }, attempts: 0, receipt: null, sent_at: null, signed_at: null };
const ITEM = {
  itemCd: 'KE2NTU0000001',
  itemClsCd: '5022170100',
  itemTyCd: '2',
  itemNm: 'Maize Flour 2kg',
  orgnNatCd: 'KE',
  pkgUnitCd: 'NT',
  qtyUnitCd: 'U',
  taxTyCd: 'B',
  dftPrc: 480,
  isrcAplcbYn: 'N',
  useYn: 'Y',
};
const zeroBand = { rate: '0.00', taxable: '0.00', tax: '0.00', total: '0.00' };
const TOTALS = {
  count: 1,
  taxable: '827.59',
  tax: '132.41',
  total: '960.00',
  bands: { A: zeroBand, B: { rate: '16.00', taxable: '827.59', tax: '132.41', total: '960.00' }, C: zeroBand, D: zeroBand, E: zeroBand },
  payment_methods: { '01': { count: 1, total: '960.00' } },
};
const NO_TOTALS = {
  count: 0,
  taxable: '0.00',
  tax: '0.00',
  total: '0.00',
  bands: { A: zeroBand, B: zeroBand, C: zeroBand, D: zeroBand, E: zeroBand },
  payment_methods: {},
};
const REPORT = {
  date: '2026-03-02',
  app_id: 2,
  tin: 'P051234567Q',
  bhf_id: '00',
  sales: TOTALS,
  credit_notes: NO_TOTALS,
  net: { taxable: '827.59', tax: '132.41', total: '960.00' },
  first_invoice_number: 1,
  last_invoice_number: 1,
  pending: 0,
  rejected: 0,
  copies: { count: 0, total: '0.00' },
};
const WEBHOOK = {
  id: 1,
  url: 'https://erp.example.com/hooks/ushuru',
  description: null,
  events: ['document.signed', 'document.rejected'],
  is_active: true,
  created_at: AT,
};
const PROFORMA = {
  id: 1,
  app_id: 2,
  tin: 'P051234567Q',
  bhf_id: '00',
  reference: 'Q-2026-001',
  valid_until: null,
  customer_pin: null,
  customer_name: null,
  total: '960.00',
  taxable: '827.59',
  tax: '132.41',
  lines: [{ item_code: 'KE2NTU0000001', name: 'Maize Flour 2kg', quantity: 2, unit_price: '480.00', discount: '0.00', tax_type: 'B', total: '960.00' }],
  print_count: 0,
  created_at: AT,
  receipt_url: '/api/etims/proformas/1/receipt',
};

// ——— Media of printed answers ———

const HTML_PAGE = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>NS KRACU051234001/1</title></head><body>…</body></html>';
const printable = (what: string): ResponseDoc['media'] => ({
  'text/html': { description: `${what} as an HTML page (format=html)`, example: HTML_PAGE },
  'application/pdf': { description: `${what} as a PDF (format=pdf); layout=80mm|a4` },
});
const receiptMedia: ResponseDoc['media'] = {
  ...printable('The receipt, original or copy'),
  'image/svg+xml': {
    description: "The receipt's QR code alone (format=svg), linking to KRA's verification page",
    example: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 45 45">…</svg>',
  },
  'image/png': { description: "The receipt's QR code alone (format=png)" },
};
const csv = (header: string, row: string): ResponseDoc['media'] => ({
  'text/csv': { description: 'The same lines as CSV (format=csv)', example: `${header}\r\n${row}\r\n` },
});

const nextCursor = { next_cursor: z.int().nullable().describe('Pass as `cursor` for the next page; null on the last') };
const range = { from: z.iso.date(), to: z.iso.date() };

// ——— The catalog, by route name ———

const documentOf = (example: object): ResponseDoc => ({ data: DocumentSchema, example });
const submission = (example: object): ResponseDoc => ({
  data: DocumentSchema,
  example,
  exampleMessage: 'Signed by KRA.',
  // 201 once KRA signed within the wait; 202 (with Location) while it is still queued.
  statuses: [201, 202],
});
const documentList = (example: object): ResponseDoc => ({
  data: z.array(DocumentSchema),
  example: [example],
  extra: nextCursor,
  exampleExtra: { next_cursor: null },
});

export const RESPONSE_CATALOG: Record<string, ResponseDoc> = {
  healthz: { data: z.object({ status: z.literal('ok') }), example: { status: 'ok' } },
  readyz: {
    data: z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.enum(['ok', 'failed'])) }),
    example: { status: 'ready', checks: { database: 'ok' } },
  },

  'api.tokens.store': {
    data: NewApiTokenSchema,
    example: { ...TOKEN, token: 'ush_Jt7aQ7F_Qc9FNOzm8wx-_LbrY3WWxqDiYIWxriksik' },
    exampleMessage: 'API token created. Store it now: it will not be shown again.',
  },
  'api.tokens.index': { data: z.array(ApiTokenSchema), example: [TOKEN] },
  'api.tokens.destroy': { data: ApiTokenSchema, example: { ...TOKEN, revoked_at: AT }, exampleMessage: 'API token revoked.' },

  'api.kra.apps.index': { data: z.array(KraAppSummarySchema), example: [APP_SUMMARY] },
  'api.kra.apps.show': { data: KraAppSchema, example: APP },
  'api.kra.apps.store': { data: KraAppSchema, example: APP, exampleMessage: 'KRA app created.' },
  'api.kra.apps.update': { data: KraAppSchema, example: APP, exampleMessage: 'KRA app updated.' },
  'api.kra.apps.test': {
    data: KraAppTestSchema,
    example: {
      app_id: 2,
      app_name: 'Head office till',
      environment: 'sandbox',
      transport: 'legacy',
      status: 'connected',
      kra_result: { resultCd: '001', resultMsg: 'There is no search result' },
      tested_at: AT,
    },
  },

  'api.kra.checkers.pin': {
    data: PinCheckSchema,
    example: { PINDATA: { KRAPIN: 'P051234567Q', TypeOfTaxpayer: 'Non Individual', Name: 'USHURU SIM TRADERS LIMITED', StatusOfPIN: 'Active' } },
    extra: { kra: KraOutcomeSchema },
    exampleExtra: { kra: { code: '23000', message: 'Valid PIN' } },
    exampleMessage: 'Valid PIN',
  },

  'api.logs.index': {
    data: z.array(RequestLogEntrySchema),
    example: [
      {
        id: 12,
        request_id: 'req_tt3uuR-_X1vtUNnV',
        token_id: 'tok_3nV0xq1JcY2a',
        app_id: 2,
        kind: 'oscu',
        route: '/api/etims/sales',
        kra_path: 'saveTrnsSalesOsdc',
        status: 201,
        kra_http_status: 200,
        kra_code: '000',
        error: null,
        latency_ms: 248,
        created_at: AT,
      },
    ],
    extra: { meta: z.object({ next_cursor: z.string().nullable(), limit: z.int() }) },
    exampleExtra: { meta: { next_cursor: '12', limit: 50 } },
  },

  'api.etims.device.initialize': {
    data: BranchInfoSchema,
    example: BRANCH_INFO,
    exampleMessage: 'Device initialized. The cmcKey is stored encrypted on the app.',
    // 409 conflict when KRA says the device is already initialized (it issues the cmcKey once).
    errors: [409],
  },
  'api.etims.device.info': {
    data: DeviceInfoSchema,
    example: {
      app_id: 2,
      app_name: 'Head office till',
      source: 'initialized',
      environment: 'sandbox',
      transport: 'legacy',
      tin: 'P051234567Q',
      bhf_id: '00',
      dvc_srl_no: 'dvc-0001',
      initialized: true,
      cmc_key_set: true,
      sdc_id: 'KRACU051234001',
      mrc_no: 'WIS01051201',
      dvc_id: '9999951234500001',
      initialized_at: AT,
      info: BRANCH_INFO,
    },
  },
  'api.etims.health': {
    data: EtimsHealthSchema,
    example: {
      app_id: 2,
      environment: 'sandbox',
      transport: 'legacy',
      status: 'up',
      kra_result: { resultCd: '001', resultMsg: 'There is no search result', resultDt: '20260302121500' },
      latency_ms: 6,
    },
  },
  'api.etims.sync.status': {
    data: z.array(SyncStatusSchema),
    example: [
      {
        dataset: 'codes',
        last_req_dt: '20260302121500',
        last_result_cd: '000',
        last_error: null,
        last_attempt_at: AT,
        last_success_at: AT,
        records_last_run: 219,
        running: false,
      },
    ],
  },
  'api.etims.codes.show': {
    data: z.object({ cdCls: z.string(), cdClsNm: z.string().nullable(), dtlList: z.array(z.looseObject({ cd: z.string(), cdNm: z.string() })) }),
    example: { cdCls: '04', cdClsNm: 'Taxation Type', dtlList: [{ cd: 'B', cdNm: 'B-VAT 16%', cdDesc: 'B-VAT 16%', useYn: 'Y', srtOrd: 2, userDfnCd1: '16' }] },
  },

  'api.etims.items.store': { data: ItemSchema, example: ITEM, exampleMessage: 'Item registered on KRA.' },
  'api.etims.items.update': { data: ItemSchema, example: ITEM, exampleMessage: 'Item updated on KRA.' },
  'api.etims.items.index': { data: z.array(ItemSchema), example: [{ ...ITEM, tin: 'P051234567Q', regBhfId: '00', source: 'kra', updated_at: AT }] },
  'api.etims.items.compositions.index': { data: ItemCompositionSchema, example: { itemCd: 'KE2NTU0000001', components: [] } },

  'api.etims.sales.store': submission(SALE),
  'api.etims.sales.submit': submission(SALE),
  'api.etims.sales.submit-with-items': submission(SALE),
  'api.etims.sales.index': documentList(SALE),
  'api.etims.sales.show': documentOf(SALE),
  'api.etims.sales.retry': { ...documentOf(QUEUED), errors: [409] },
  'api.etims.sales.reconcile': { ...documentOf(QUEUED), errors: [409] },
  'api.etims.credit-notes.store': submission(CREDIT_NOTE),
  'api.etims.credit-notes.submit': submission(CREDIT_NOTE),
  'api.etims.credit-notes.express': submission(CREDIT_NOTE),
  'api.etims.credit-notes.index': documentList(CREDIT_NOTE),
  'api.etims.credit-notes.show': documentOf(CREDIT_NOTE),
  'api.etims.credit-notes.retry': { ...documentOf(CREDIT_NOTE), errors: [409] },
  'api.etims.credit-notes.reconcile': { ...documentOf(CREDIT_NOTE), errors: [409] },
  'api.etims.purchases.store': submission({ ...SALE, kind: 'purchase', trader_invoice_number: 'PO-1001', links: { self: '/api/etims/purchases/3' } }),
  'api.etims.purchases.incoming.confirm': submission({ ...SALE, kind: 'purchase', trader_invoice_number: 'SUP-77', links: { self: '/api/etims/purchases/3' } }),
  'api.etims.purchases.incoming.reject': submission({ ...SALE, kind: 'purchase', trader_invoice_number: 'SUP-78', links: { self: '/api/etims/purchases/3' } }),
  'api.etims.purchases.index': documentList({ ...SALE, kind: 'purchase', links: { self: '/api/etims/purchases/3' } }),
  'api.etims.purchases.show': documentOf({ ...SALE, kind: 'purchase', links: { self: '/api/etims/purchases/3' } }),
  'api.etims.purchases.retry': { ...documentOf({ ...QUEUED, kind: 'purchase' }), errors: [409] },
  'api.etims.purchases.reconcile': { ...documentOf({ ...QUEUED, kind: 'purchase' }), errors: [409] },
  'api.etims.stock.movements.store': submission({ ...SALE, kind: 'stock_io', trader_invoice_number: 'ADJ-1', links: { self: '/api/etims/stock/movements/4' } }),
  'api.etims.stock.movement': submission({ ...SALE, kind: 'stock_io', trader_invoice_number: 'ADJ-2', links: { self: '/api/etims/stock/movements/4' } }),
  'api.etims.stock.movements.index': documentList({ ...SALE, kind: 'stock_io', links: { self: '/api/etims/stock/movements/4' } }),
  'api.etims.stock.movements.show': documentOf({ ...SALE, kind: 'stock_io', links: { self: '/api/etims/stock/movements/4' } }),
  'api.etims.stock.movements.retry': { ...documentOf({ ...QUEUED, kind: 'stock_io' }), errors: [409] },
  'api.etims.stock.movements.reconcile': { ...documentOf({ ...QUEUED, kind: 'stock_io' }), errors: [409] },
  'api.etims.outbox.index': {
    data: OutboxStatusSchema,
    example: {
      app_id: 2,
      depth: 0,
      by_status: { queued: 0, sending: 0, signed: 4, unknown: 0, rejected: 0 },
      last_invoice_number: 1,
      sending_now: false,
      oldest_waiting: null,
    },
  },
  'api.etims.stock.current': {
    data: z.array(StockLevelSchema),
    example: [{ item_code: 'KE2NTU0000001', item_name: 'Maize Flour 2kg', item_type: '2', quantity: '998.00', kra_quantity: '998.00', updated_at: AT }],
  },

  'api.etims.reports.x': { data: XReportSchema, example: { report: 'X', ...REPORT }, media: printable('The X report') },
  'api.etims.reports.z.store': { data: ZReportSchema, example: { report: 'Z', number: 1, taken_at: AT, ...REPORT }, exampleMessage: 'Z report taken.' },
  'api.etims.reports.z.index': { data: z.array(ZReportSchema), example: [{ report: 'Z', number: 1, taken_at: AT, ...REPORT }] },
  'api.etims.reports.z.show': { data: ZReportSchema, example: { report: 'Z', number: 1, taken_at: AT, ...REPORT }, media: printable('The Z report') },
  'api.etims.reports.sales': {
    data: z.array(SalesReportLineSchema),
    example: [
      {
        id: 3,
        date: '2026-03-02',
        kind: 'sale',
        status: 'signed',
        trader_invoice_number: 'INV-1001',
        invoice_number: 1,
        customer_pin: 'P052345678R',
        taxable: '827.59',
        tax: '132.41',
        total: '960.00',
      },
    ],
    extra: range,
    exampleExtra: { from: '2026-03-02', to: '2026-03-02' },
    media: csv(
      'id,date,kind,status,trader_invoice_number,invoice_number,customer_pin,taxable,tax,total',
      '3,2026-03-02,sale,signed,INV-1001,1,P052345678R,827.59,132.41,960.00',
    ),
  },
  'api.etims.reports.sales-summary': {
    data: z.array(SalesSummaryDaySchema),
    example: [
      {
        date: '2026-03-02',
        sales: 1,
        sales_total: '960.00',
        credit_notes: 0,
        credit_notes_total: '0.00',
        net_taxable: '827.59',
        net_tax: '132.41',
        net_total: '960.00',
        pending: 0,
      },
    ],
    extra: range,
    exampleExtra: { from: '2026-03-02', to: '2026-03-02' },
    media: csv(
      'date,sales,sales_total,credit_notes,credit_notes_total,net_taxable,net_tax,net_total,pending',
      '2026-03-02,1,960.00,0,0.00,827.59,132.41,960.00,0',
    ),
  },
  'api.etims.reports.stock': {
    data: z.array(StockLevelSchema),
    example: [{ item_code: 'KE2NTU0000001', item_name: 'Maize Flour 2kg', item_type: '2', quantity: '998.00', kra_quantity: '998.00', updated_at: AT }],
    media: csv('item_code,item_name,item_type,quantity,kra_quantity,updated_at', `KE2NTU0000001,Maize Flour 2kg,2,998.00,998.00,${AT}`),
  },

  'api.etims.reports.reconciliation': {
    data: ReconciliationReportSchema,
    example: {
      from: '2026-03-02',
      to: '2026-03-02',
      app_id: 2,
      tin: 'P051234567Q',
      bhf_id: '00',
      total: 2,
      checked: 2,
      gaps: { checked: 0, truncated: false },
      summary: { matched: 1, amount_variance: 1, missing_at_kra: 0, signed_without_data_here: 0, unverified: 0 },
      items: [
        {
          invoice_number: 2,
          document_id: 4,
          category: 'amount_variance',
          details: {
            kind: 'sale',
            trader_invoice_number: 'INV-1002',
            sales_date: '2026-03-02',
            ours: { total: '960.00', tax: '132.41', taxable: '827.59', signature: 'V249KJDHFHSJ3L7Q' },
            kra: { total: '900.00', tax: '124.14', taxable: '775.86', signature: 'V249KJDHFHSJ3L7Q', trader_invoice_number: 'INV-1002' },
            differences: [{ field: 'totAmt', ours: '960.00', kra: '900.00' }],
          },
        },
      ],
      next_cursor: null,
    },
    media: csv(
      'invoice_number,document_id,category,kind,trader_invoice_number,sales_date,field,ours,kra,reason',
      '2,4,amount_variance,sale,INV-1002,2026-03-02,totAmt,960.00,900.00,',
    ),
  },

  'api.etims.sales.receipt': { media: receiptMedia },
  'api.etims.credit-notes.receipt': { media: receiptMedia },
  'api.etims.proformas.receipt': { media: printable('The proforma (not a tax invoice)') },
  'receipt.verification': { media: { 'text/html': { description: 'The public receipt page a QR code opens', example: HTML_PAGE } } },

  'api.etims.proformas.store': { data: ProformaSchema, example: PROFORMA, exampleMessage: 'Proforma made; it is not sent to KRA.' },
  'api.etims.proformas.index': { data: z.array(ProformaSchema), example: [PROFORMA], extra: nextCursor, exampleExtra: { next_cursor: null } },
  'api.etims.proformas.show': { data: ProformaSchema, example: PROFORMA },

  'api.webhooks.store': {
    data: NewWebhookSchema,
    example: { ...WEBHOOK, secret: 'whsec_YlE48oj8IBU--HVdv6eP8vTV5xjO1eD_d4Xu4bgn2Dc' },
    exampleMessage: 'Webhook created. Keep the secret: it is not shown again.',
  },
  'api.webhooks.index': { data: z.array(WebhookSchema), example: [WEBHOOK] },
  'api.webhooks.show': { data: WebhookSchema, example: WEBHOOK },
  'api.webhooks.destroy': { data: z.object({ id: z.int(), deleted: z.literal(true) }), example: { id: 1, deleted: true } },
  'api.webhooks.deliveries': {
    data: z.array(WebhookDeliverySchema),
    example: [
      {
        id: 1,
        event: 'document.signed',
        event_id: 'evt_a661e84e-2d87-4746-a545-f6b2e529611d',
        status: 'delivered',
        attempts: 1,
        last_status_code: 200,
        last_error: null,
        next_attempt_at: null,
        created_at: AT,
        delivered_at: AT,
      },
    ],
  },
  'api.webhooks.deliveries.resend': {
    data: WebhookDeliveryOutcomeSchema,
    example: { id: 1, status: 'delivered', attempts: 2, last_status_code: 200, last_error: null },
  },
  'api.webhooks.test': {
    data: WebhookDeliveryOutcomeSchema,
    example: { id: 2, event_id: 'evt_b7f1c0de-2d87-4746-a545-f6b2e529611d', status: 'delivered', last_status_code: 200, last_error: null },
  },
};

/** Request bodies for routes that declare a body but no `exampleBody` (used only by the document). */
export const REQUEST_EXAMPLES: Record<string, unknown> = {
  'api.tokens.store': { name: 'erp-production', scopes: ['etims_full'] },
  'api.kra.apps.store': {
    type: 'etims',
    name: 'Head office till',
    environment: 'sandbox',
    tin: 'P051234567Q',
    bhf_id: '00',
    dvc_srl_no: 'dvc-0001',
  },
  'api.kra.apps.update': { name: 'Head office till' },
};

/**
 * The documented success answer of a route: its own, the catalog's, or for the families that share
 * a shape (portal calls, raw OSCU calls) the family's. Undefined: the generic envelope.
 */
export function responseDocOf(route: RouteDef): ResponseDoc | undefined {
  if (route.response) return route.response;
  const entry = RESPONSE_CATALOG[route.name];
  if (entry) return entry;
  if (route.appType === 'portal') {
    // KRA's payload passes through with KRA's field names, which differ per checker.
    return {
      data: PortalDataSchema,
      example: { KRAPIN: 'P051234567Q', Status: 'Active' },
      extra: { kra: KraOutcomeSchema },
      exampleExtra: { kra: { code: '23000', message: 'Success' } },
    };
  }
  if (route.name.startsWith('api.etims.oscu.')) {
    return { data: OscuAnswerSchema, example: { resultCd: '000', resultMsg: 'It is succeeded', resultDt: '20260302121500', data: null } };
  }
  return undefined;
}
