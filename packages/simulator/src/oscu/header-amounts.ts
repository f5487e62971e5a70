/**
 * Header amounts of fiscal documents against their lines (which `line-amounts.ts` has checked):
 * the 15 band fields of sales and purchases and the three totals every document carries. Header
 * sums are exact to the cent; the per-line slack has already been spent on the lines.
 */
import { sumBands, summarizeLines, TAX_RATES, TAX_TYPES, toCents, type TaxSummary } from './tax.js';
import type { Body } from './validate.js';

const money = (cents: number): string => (cents / 100).toFixed(2);

function mismatch(header: Body, field: string, expected: number): string | undefined {
  const got = toCents(header[field] as number);
  return got === expected ? undefined : `${field} does not match the item lines (expected ${money(expected)}, got ${money(got)})`;
}

/**
 * The band rate. A band with lines must carry code list 04's rate. A band without lines may carry
 * that rate or 0: ERPNext sends `taxRtE: 0` when no line is at 8 %, KRA's 2026 certification
 * expects 0.00 there, and the gateway fills absent band-E fields with zeros.
 */
function checkRate(header: Body, sum: TaxSummary, x: (typeof TAX_TYPES)[number]): string | undefined {
  const rate = toCents(header[`taxRt${x}`] as number);
  const listed = TAX_RATES[x] * 100;
  if (sum.lines[x] > 0) return rate === listed ? undefined : `taxRt${x} must be ${TAX_RATES[x]} (code list 04; band ${x} has lines)`;
  return rate === listed || rate === 0 ? undefined : `taxRt${x} must be 0 or ${TAX_RATES[x]} (code list 04; band ${x} has no lines)`;
}

/**
 * `totTaxblAmt` and `totTaxAmt` are the sums of the lines. `totAmt` is the sum of the lines' totAmt
 * or totTaxblAmt + totTaxAmt: the two differ only by the cents of per-line slack, and clients
 * build the total either way (Odoo from the invoice total, others from the header sums).
 */
function checkTotalsOf(header: Body, sum: TaxSummary): string | undefined {
  const taxbl = sumBands(sum.taxbl);
  const tax = sumBands(sum.tax);
  const tot = sumBands(sum.tot);
  const problem = mismatch(header, 'totTaxblAmt', taxbl) ?? mismatch(header, 'totTaxAmt', tax);
  if (problem) return problem;
  return toCents(header.totAmt as number) === taxbl + tax ? undefined : mismatch(header, 'totAmt', tot);
}

/** The three totals of a document without band fields (stock IO). */
export function checkTotals(header: Body, lines: readonly Body[]): string | undefined {
  return checkTotalsOf(header, summarizeLines(lines));
}

/**
 * `taxblAmtA..E`, `taxRtA..E`, `taxAmtA..E`, then the totals, in that order; a message naming the
 * first wrong field, or `undefined`.
 */
export function checkHeaderTaxes(header: Body, lines: readonly Body[]): string | undefined {
  const sum = summarizeLines(lines);
  for (const x of TAX_TYPES) {
    const problem = mismatch(header, `taxblAmt${x}`, sum.taxbl[x]);
    if (problem) return problem;
  }
  for (const x of TAX_TYPES) {
    const problem = checkRate(header, sum, x);
    if (problem) return problem;
  }
  for (const x of TAX_TYPES) {
    const problem = mismatch(header, `taxAmt${x}`, sum.tax[x]);
    if (problem) return problem;
  }
  return checkTotalsOf(header, sum);
}
