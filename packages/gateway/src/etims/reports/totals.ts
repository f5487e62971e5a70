/**
 * The totals of a branch's day (TIS X and Z reports, docs/kra/etims-oscu.md §6.9): counts and amounts
 * of the sales and credit notes KRA signed with that sale date, per tax band (taxable, tax) and per
 * payment method, plus what still waits. Amounts are summed in integer cents.
 */
import { TAX_BANDS } from '@ushuru/kra';
import type { GatewayDeps } from '../../deps.js';
import type { KraBody } from '../documents/kra-body.js';

const cents = (v: unknown): number => Math.round(Number(v ?? 0) * 100);
const money = (c: number): string => (c / 100).toFixed(2);

/** Totals of one kind of document. */
export interface KindTotals {
  count: number;
  taxable: string;
  tax: string;
  total: string;
  bands: Record<string, { rate: string; taxable: string; tax: string; total: string }>;
  payment_methods: Record<string, { count: number; total: string }>;
}

/** A day's totals for one branch. */
export interface DayTotals {
  date: string;
  app_id: number;
  tin: string;
  bhf_id: string;
  sales: KindTotals;
  credit_notes: KindTotals;
  /** Sales minus credit notes. */
  net: { taxable: string; tax: string; total: string };
  /** Invoice numbers of the day, first and last signed. */
  first_invoice_number: number | null;
  last_invoice_number: number | null;
  /** Documents of the day KRA has not signed yet (queued, sending, unknown). */
  pending: number;
  rejected: number;
  /** Receipts printed again after the original (CS/CC), and the amount they show. */
  copies: { count: number; total: string };
}

function kindTotals(payloads: KraBody[]): { totals: KindTotals; raw: { taxable: number; tax: number; total: number } } {
  const bands: Record<string, { rate: number; taxable: number; tax: number }> = {};
  for (const band of TAX_BANDS) bands[band] = { rate: 0, taxable: 0, tax: 0 };
  const methods: Record<string, { count: number; total: number }> = {};
  let taxable = 0;
  let tax = 0;
  let total = 0;
  for (const p of payloads) {
    for (const band of TAX_BANDS) {
      const b = bands[band]!;
      b.taxable += cents(p[`taxblAmt${band}`]);
      b.tax += cents(p[`taxAmt${band}`]);
      if (cents(p[`taxblAmt${band}`]) !== 0) b.rate = cents(p[`taxRt${band}`]);
    }
    taxable += cents(p.totTaxblAmt);
    tax += cents(p.totTaxAmt);
    total += cents(p.totAmt);
    const method = String(p.pmtTyCd ?? '01');
    methods[method] ??= { count: 0, total: 0 };
    methods[method].count += 1;
    methods[method].total += cents(p.totAmt);
  }
  return {
    raw: { taxable, tax, total },
    totals: {
      count: payloads.length,
      taxable: money(taxable),
      tax: money(tax),
      total: money(total),
      bands: Object.fromEntries(
        Object.entries(bands).map(([band, b]) => [
          band,
          { rate: money(b.rate), taxable: money(b.taxable), tax: money(b.tax), total: money(b.taxable + b.tax) },
        ]),
      ),
      payment_methods: Object.fromEntries(Object.entries(methods).map(([m, v]) => [m, { count: v.count, total: money(v.total) }])),
    },
  };
}

/** Every print of a signed document after its first is a copy; its amount counts once per copy. */
function copiesOf(rows: Array<{ print_count: number; tot_amt: string }>): DayTotals['copies'] {
  let count = 0;
  let total = 0;
  for (const r of rows) {
    const copies = Math.max(Number(r.print_count) - 1, 0);
    count += copies;
    total += copies * cents(r.tot_amt);
  }
  return { count, total: money(total) };
}

/** The totals of `date` (`YYYY-MM-DD`) for the app's branch. */
export async function dayTotals(deps: GatewayDeps, app: { id: number; tin: string | null; bhf_id: string | null }, date: string): Promise<DayTotals> {
  const rows = await deps.db
    .selectFrom('etims_documents')
    .select(['kind', 'status', 'invc_no', 'payload', 'print_count', 'tot_amt'])
    .where('app_id', '=', app.id)
    .where('family', '=', 'invc')
    .where('sales_dt', '=', date.replaceAll('-', ''))
    .orderBy('invc_no')
    .execute();
  const signed = rows.filter((r) => r.status === 'signed');
  const sales = kindTotals(signed.filter((r) => r.kind === 'sale').map((r) => JSON.parse(r.payload) as KraBody));
  const notes = kindTotals(signed.filter((r) => r.kind === 'credit_note').map((r) => JSON.parse(r.payload) as KraBody));
  const numbers = signed.map((r) => r.invc_no).filter((n): n is number => n !== null);
  return {
    date,
    app_id: app.id,
    tin: app.tin ?? '',
    bhf_id: app.bhf_id ?? '',
    sales: sales.totals,
    credit_notes: notes.totals,
    net: {
      taxable: money(sales.raw.taxable - notes.raw.taxable),
      tax: money(sales.raw.tax - notes.raw.tax),
      total: money(sales.raw.total - notes.raw.total),
    },
    first_invoice_number: numbers.length ? Math.min(...numbers) : null,
    last_invoice_number: numbers.length ? Math.max(...numbers) : null,
    pending: rows.filter((r) => r.status === 'queued' || r.status === 'sending' || r.status === 'unknown').length,
    rejected: rows.filter((r) => r.status === 'rejected').length,
    copies: copiesOf(signed),
  };
}
