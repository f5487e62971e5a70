/**
 * Reconciliation of a branch's signed sales and credit notes against what KRA holds, for a date
 * range: each of our signed documents is looked up on KRA with `selectInvoiceDetails` ({ invcNo }),
 * the same read the outbox uses to settle a document in doubt, and its amounts (in integer cents)
 * and receipt signature are compared with ours.
 *
 * Why one read per number: OSCU has no read that lists a branch's own sales. `selectTrnsSalesList`
 * is not one of the 21 OSCU operations Ushuru supports (packages/kra/src/oscu/operations.ts), so it
 * is not used; `selectInvoiceDetails` is, and it only answers for a number we name. Numbers KRA may
 * hold that we have no document for are therefore found as gaps in our own numbering (see
 * {@link gapNumbers}) and each gap number is asked about.
 *
 * Only reads are sent and no lease is taken: the report never delays or reorders the outbox, and a
 * document still in the outbox (queued, sending, unknown) is not part of it.
 *
 * Categories: `matched`, `amount_variance` (KRA holds the number, but its totAmt/totTaxAmt/totTaxblAmt,
 * its rcptSign or its trader invoice number differ from ours), `missing_at_kra` (KRA answers 001 for a
 * number we hold as signed), `signed_without_data_here` (KRA holds a number no document of ours
 * holds), `unverified` (KRA could not be asked: timeout, 5xx, another result code).
 */
import type { OscuResult } from '@ushuru/kra';
import type { AppWithSecrets } from '../../apps/service.js';
import type { GatewayDeps } from '../../deps.js';
import { ApiError, validationError } from '../../errors.js';
import { MAX_ROW_ID } from '../../http/input-rules.js';
import { compactDate, dashedDate, kraDate } from '../../kra/time.js';
import { deviceClient, sendOscu } from '../oscu-call.js';
import { checkDateRange } from './report-inputs.js';

/** Documents checked per call unless asked otherwise, and the most one call may check. */
export const DEFAULT_RECONCILE_LIMIT = 500;
export const MAX_RECONCILE_LIMIT = 2_000;
/** The most gap numbers asked about per call: a branch whose numbering has a huge hole must not turn one report into a flood of reads. */
export const MAX_GAP_NUMBERS = 1_000;
/** KRA reads in flight at once for one report: fast enough, and far from KRA's rate limits. */
const DEFAULT_CONCURRENCY = 4;
/** Numbers held by our documents read per query while looking for gaps. */
const HELD_NUMBERS_CHUNK = 5_000;

export type ReconcileCategory = 'matched' | 'amount_variance' | 'missing_at_kra' | 'signed_without_data_here' | 'unverified';

/** One field that differs between our document and KRA's (amounts as strings with 2 decimals). */
export interface ReconcileDifference {
  field: 'totAmt' | 'totTaxAmt' | 'totTaxblAmt' | 'rcptSign' | 'trdInvcNo';
  ours: string | null;
  kra: string | null;
}

/** Amounts (2 decimals) and signature of one side. */
export interface ReconcileAmounts {
  total: string | null;
  tax: string | null;
  taxable: string | null;
  signature: string | null;
}

/** A number that did not match. */
export interface ReconcileItem {
  invoice_number: number;
  /** Our document, when we hold one under the number. */
  document_id: number | null;
  category: Exclude<ReconcileCategory, 'matched'>;
  details: {
    kind?: string;
    trader_invoice_number?: string | null;
    /** `YYYY-MM-DD`: ours when we hold the document, KRA's otherwise. */
    sales_date?: string | null;
    ours?: ReconcileAmounts;
    kra?: ReconcileAmounts & { trader_invoice_number: string | null };
    differences?: ReconcileDifference[];
    /** Why a number is unverified, or what KRA answered. */
    reason?: string;
  };
}

export type ReconcileSummary = Record<ReconcileCategory, number>;

/** One page of the report. */
export interface ReconcileReport {
  from: string;
  to: string;
  app_id: number;
  tin: string;
  bhf_id: string;
  /** Our signed documents in the whole range (every page). */
  total: number;
  /** Our documents checked by this call. */
  checked: number;
  /** Numbers between ours that no document of ours holds, asked about in this call. */
  gaps: { checked: number; truncated: boolean };
  /** Counts of this call (documents and gap numbers KRA holds or could not be asked about). */
  summary: ReconcileSummary;
  /** Only the numbers that did not match, by number. */
  items: ReconcileItem[];
  /** Where the next call starts (pass as `cursor`), or null after the last page. */
  next_cursor: string | null;
}

export interface ReconcileOptions {
  /** `YYYY-MM-DD`, sale dates (Nairobi), inclusive. */
  from: string;
  to: string;
  /** `next_cursor` of the previous page. */
  cursor?: string | null;
  /** Our documents per call (default {@link DEFAULT_RECONCILE_LIMIT}, at most {@link MAX_RECONCILE_LIMIT}). */
  limit?: number;
  /** KRA reads in flight at once (1–8, default 4). */
  concurrency?: number;
  /** Called after each of our documents is checked: `done` of `total` documents of the range, all pages counted. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

const cents = (v: unknown): number | null => {
  if (v === undefined || v === null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.round(n * 100) : null;
};
const money = (c: number | null): string | null => (c === null ? null : (c / 100).toFixed(2));
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const parseJson = (json: string | null): Record<string, unknown> => {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** The number a cursor starts at; 422 naming `cursor` when it is not one of ours. */
function cursorNumber(cursor: string | null | undefined): number | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  // Bounded: invc_no is a 4-byte integer on PostgreSQL, and a larger parameter is a database error.
  if (!/^[1-9]\d{0,9}$/.test(cursor) || Number(cursor) > MAX_ROW_ID) throw validationError({ cursor: ['must be the next_cursor of a previous page'] });
  return Number(cursor);
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_RECONCILE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECONCILE_LIMIT)
    throw validationError({ limit: [`must be a whole number from 1 to ${MAX_RECONCILE_LIMIT}`] });
  return limit;
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The numbers in lo..hi that no document of ours holds (any status: a number bound to a document
 * still in the outbox is the outbox's business), at most `max` of them.
 */
async function gapNumbers(deps: GatewayDeps, appId: number, lo: number, hi: number, max: number): Promise<{ numbers: number[]; truncated: boolean }> {
  const numbers: number[] = [];
  let next = lo;
  // Walked in chunks: a year of a busy branch holds far more numbers than one query should return.
  while (next <= hi) {
    const held = await deps.db
      .selectFrom('etims_documents')
      .select('invc_no')
      .where('app_id', '=', appId)
      .where('family', '=', 'invc')
      .where('invc_no', '>=', next)
      .where('invc_no', '<=', hi)
      .orderBy('invc_no')
      .limit(HELD_NUMBERS_CHUNK)
      .execute();
    const bounds = [...held.map((r) => Number(r.invc_no)), ...(held.length < HELD_NUMBERS_CHUNK ? [hi + 1] : [])];
    for (const h of bounds) {
      for (; next < h; next++) {
        if (numbers.length >= max) return { numbers, truncated: true };
        numbers.push(next);
      }
      next = Math.max(next, h + 1);
    }
  }
  return { numbers, truncated: false };
}

/** What KRA said about one number. */
type KraLookup = { kind: 'found'; sale: Record<string, unknown> } | { kind: 'absent'; reason: string } | { kind: 'error'; reason: string };

async function lookUp(deps: GatewayDeps, client: ReturnType<typeof deviceClient>, app: AppWithSecrets, invcNo: number): Promise<KraLookup> {
  let res: OscuResult;
  try {
    res = await sendOscu(deps, client, app, 'selectInvoiceDetails', { invcNo });
  } catch (err) {
    // A KRA fault for one number (timeout, 5xx, refused connection) leaves that number unverified;
    // anything else (our own bug, the database) still ends the report.
    if (err instanceof ApiError) return { kind: 'error', reason: err.message };
    throw err;
  }
  const list = (res.data as { salesList?: unknown } | null)?.salesList;
  const sale = res.ok && !res.empty && Array.isArray(list) ? (list[0] as unknown) : undefined;
  if (sale && typeof sale === 'object') return { kind: 'found', sale: sale as Record<string, unknown> };
  if (res.ok) return { kind: 'absent', reason: `KRA answered ${res.resultCd}: ${res.resultMsg || 'no search result'}` };
  return { kind: 'error', reason: `KRA answered ${res.resultCd}: ${res.resultMsg}` };
}

function kraSide(sale: Record<string, unknown>): ReconcileAmounts & { trader_invoice_number: string | null } {
  const receipt = (sale.receipt && typeof sale.receipt === 'object' ? sale.receipt : {}) as Record<string, unknown>;
  return {
    total: money(cents(sale.totAmt)),
    tax: money(cents(sale.totTaxAmt)),
    taxable: money(cents(sale.totTaxblAmt)),
    // KRA nests the signature under `receipt`; accept it at the top too, as some answers carry it there.
    signature: text(receipt.rcptSign) ?? text(sale.rcptSign),
    trader_invoice_number: text(sale.trdInvcNo),
  };
}

interface OurDocument {
  id: number;
  kind: string;
  invc_no: number;
  trd_invc_no: string;
  sales_dt: string;
  payload: string;
  receipt: string | null;
}

/** How one of our documents compares with what KRA holds under its number. */
function compare(doc: OurDocument, lookup: KraLookup): { category: ReconcileCategory; item?: ReconcileItem } {
  const payload = parseJson(doc.payload);
  const ours: ReconcileAmounts = {
    total: money(cents(payload.totAmt)),
    tax: money(cents(payload.totTaxAmt)),
    taxable: money(cents(payload.totTaxblAmt)),
    signature: text(parseJson(doc.receipt).rcptSign),
  };
  const base = {
    invoice_number: doc.invc_no,
    document_id: doc.id,
    details: { kind: doc.kind, trader_invoice_number: doc.trd_invc_no, sales_date: dashedDate(doc.sales_dt), ours },
  };
  if (lookup.kind === 'error')
    return { category: 'unverified', item: { ...base, category: 'unverified', details: { ...base.details, reason: lookup.reason } } };
  if (lookup.kind === 'absent')
    return { category: 'missing_at_kra', item: { ...base, category: 'missing_at_kra', details: { ...base.details, reason: lookup.reason } } };
  const kra = kraSide(lookup.sale);
  const differences: ReconcileDifference[] = [];
  // Amounts: compared always (a total KRA does not send is a difference, not a match).
  if (ours.total !== kra.total) differences.push({ field: 'totAmt', ours: ours.total, kra: kra.total });
  if (ours.tax !== kra.tax) differences.push({ field: 'totTaxAmt', ours: ours.tax, kra: kra.tax });
  if (ours.taxable !== kra.taxable) differences.push({ field: 'totTaxblAmt', ours: ours.taxable, kra: kra.taxable });
  // The signature and trader number only when KRA returns them (the outbox trusts the binding likewise).
  if (kra.signature !== null && kra.signature !== ours.signature) differences.push({ field: 'rcptSign', ours: ours.signature, kra: kra.signature });
  if (kra.trader_invoice_number !== null && kra.trader_invoice_number !== doc.trd_invc_no)
    differences.push({ field: 'trdInvcNo', ours: doc.trd_invc_no, kra: kra.trader_invoice_number });
  if (differences.length === 0) return { category: 'matched' };
  return { category: 'amount_variance', item: { ...base, category: 'amount_variance', details: { ...base.details, kra, differences } } };
}

/**
 * One page of the reconciliation of `app`'s signed sales and credit notes whose sale date is in
 * from..to: at most `limit` of our documents, by invoice number from `cursor`, plus the gap numbers
 * from the cursor (or the page's first number) to the page's last number (on the last page: up to the
 * branch's last accepted number too, when the range reaches today).
 */
export async function reconcileRange(deps: GatewayDeps, app: AppWithSecrets, options: ReconcileOptions): Promise<ReconcileReport> {
  const { from, to } = options;
  checkDateRange(from, to);
  const limit = checkLimit(options.limit);
  const start = cursorNumber(options.cursor);
  const concurrency = Math.min(Math.max(Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY), 1), 8);
  // Before any read: an app without a cmcKey is one 422, not a page of unverified numbers.
  const client = deviceClient(deps, app);

  const inRange = () =>
    deps.db
      .selectFrom('etims_documents')
      .where('app_id', '=', app.id)
      .where('family', '=', 'invc')
      .where('kind', 'in', ['sale', 'credit_note'])
      .where('status', '=', 'signed')
      .where('invc_no', 'is not', null)
      // The sale date as the other reports select a day (totals.ts): the `sales_dt` column, yyyyMMdd.
      .where('sales_dt', '>=', compactDate(from))
      .where('sales_dt', '<=', compactDate(to));
  const countOf = async (before?: number) => {
    let q = inRange().select((eb) => eb.fn.countAll<number | string>().as('n'));
    if (before !== undefined) q = q.where('invc_no', '<', before);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  };
  const total = await countOf();
  const doneBefore = start === undefined ? 0 : await countOf(start);
  let pageQuery = inRange()
    .select(['id', 'kind', 'invc_no', 'trd_invc_no', 'sales_dt', 'payload', 'receipt'])
    .orderBy('invc_no')
    .limit(limit + 1);
  if (start !== undefined) pageQuery = pageQuery.where('invc_no', '>=', start);
  const rows = (await pageQuery.execute()).map((r) => ({ ...r, id: Number(r.id), invc_no: Number(r.invc_no) }));
  const more = rows.length > limit;
  const docs: OurDocument[] = rows.slice(0, limit);
  const last = docs.at(-1)?.invc_no;

  // Gaps: from where this page starts to its last number; on the last page, when the range reaches
  // today, also up to the last number KRA accepted on the branch (signed after our last one in range).
  const lo = start ?? docs[0]?.invc_no;
  let hi = last ?? 0;
  if (!more && to >= dashedDate(kraDate(deps.clock.now()))) {
    const queue = await deps.db.selectFrom('etims_branch_queues').select('last_invc_no').where('app_id', '=', app.id).executeTakeFirst();
    hi = Math.max(hi, Number(queue?.last_invc_no ?? 0));
  }
  const gaps = lo === undefined || hi < lo ? { numbers: [], truncated: false } : await gapNumbers(deps, app.id, lo, hi, MAX_GAP_NUMBERS);

  const summary: ReconcileSummary = { matched: 0, amount_variance: 0, missing_at_kra: 0, signed_without_data_here: 0, unverified: 0 };
  const items: ReconcileItem[] = [];
  let done = 0;
  const docResults = await inPool(docs, concurrency, async (doc) => {
    const result = compare(doc, await lookUp(deps, client, app, doc.invc_no));
    done += 1;
    options.onProgress?.({ done: doneBefore + done, total });
    return result;
  });
  const gapResults = await inPool(gaps.numbers, concurrency, async (invcNo): Promise<{ category?: ReconcileCategory; item?: ReconcileItem }> => {
    const lookup = await lookUp(deps, client, app, invcNo);
    // KRA holds nothing under a gap number: an unused number (after a realignment), nothing to report.
    if (lookup.kind === 'absent') return {};
    if (lookup.kind === 'error') {
      return {
        category: 'unverified',
        item: { invoice_number: invcNo, document_id: null, category: 'unverified', details: { reason: `gap number: ${lookup.reason}` } },
      };
    }
    const kra = kraSide(lookup.sale);
    const salesDt = text(lookup.sale.salesDt);
    return {
      category: 'signed_without_data_here',
      item: {
        invoice_number: invcNo,
        document_id: null,
        category: 'signed_without_data_here',
        details: {
          kind: lookup.sale.rcptTyCd === 'R' ? 'credit_note' : 'sale',
          trader_invoice_number: kra.trader_invoice_number,
          sales_date: salesDt && /^\d{8}$/.test(salesDt) ? dashedDate(salesDt) : null,
          kra,
        },
      },
    };
  });
  for (const r of [...docResults, ...gapResults]) {
    if (r.category) summary[r.category] += 1;
    if (r.item) items.push(r.item);
  }
  items.sort((a, b) => a.invoice_number - b.invoice_number);

  return {
    from,
    to,
    app_id: app.id,
    tin: app.tin ?? '',
    bhf_id: app.bhf_id ?? '',
    total,
    checked: docs.length,
    gaps: { checked: gaps.numbers.length, truncated: gaps.truncated },
    summary,
    items,
    next_cursor: more && last !== undefined ? String(last + 1) : null,
  };
}
