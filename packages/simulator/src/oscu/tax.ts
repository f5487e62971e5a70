/**
 * Tax letters, rates and cent arithmetic of fiscal documents (docs/kra/etims-oscu.md §6.4), plus the line and header
 * builders the fixtures use. The checks live in `line-amounts.ts` (lines, both VAT conventions) and
 * `header-amounts.ts` (the 15 band fields and the totals). Comparisons are done in whole cents so
 * that binary floating point never turns a correct document into a 910.
 */
import type { Body } from './validate.js';

/** The five eTIMS tax letters (code class 04). */
export const TAX_TYPES = ['A', 'B', 'C', 'D', 'E'] as const;

/** One of A–E. */
export type TaxType = (typeof TAX_TYPES)[number];

/** Rates in percent as KRA's sandbox code list 04 publishes them (userDfnCd1). */
export const TAX_RATES: Readonly<Record<TaxType, number>> = { A: 0, B: 16, C: 0, D: 0, E: 8 };

/** Narrows a string to a tax letter. */
export function isTaxType(v: unknown): v is TaxType {
  return typeof v === 'string' && (TAX_TYPES as readonly string[]).includes(v);
}

/** Amount → integer cents, half-up (amounts are non-negative in eTIMS documents). */
export function toCents(amount: number): number {
  return Math.round(amount * 100 + Math.sign(amount) * 1e-7);
}

/** Rounds to 2 dp half-up, KRA's rounding for every amount. */
export function round2(amount: number): number {
  return toCents(amount) / 100;
}

/** Sums of the lines per tax letter, in cents; `lines` counts the lines of each letter. */
export interface TaxSummary {
  taxbl: Record<TaxType, number>;
  tax: Record<TaxType, number>;
  tot: Record<TaxType, number>;
  lines: Record<TaxType, number>;
}

/** Adds up rounded lines per letter (lines must already have a valid `taxTyCd`). */
export function summarizeLines(lines: readonly Body[]): TaxSummary {
  const zero = (): Record<TaxType, number> => ({ A: 0, B: 0, C: 0, D: 0, E: 0 });
  const summary: TaxSummary = { taxbl: zero(), tax: zero(), tot: zero(), lines: zero() };
  for (const line of lines) {
    const letter = line.taxTyCd as TaxType;
    summary.taxbl[letter] += toCents(line.taxblAmt as number);
    summary.tax[letter] += toCents(line.taxAmt as number);
    summary.tot[letter] += toCents(line.totAmt as number);
    summary.lines[letter] += 1;
  }
  return summary;
}

/** Sum over the five letters. */
export function sumBands(perBand: Record<TaxType, number>): number {
  return TAX_TYPES.reduce((s, x) => s + perBand[x], 0);
}

/** Amounts of one line computed from price, quantity, tax letter and discount rate (§6.4). */
export interface LineAmounts {
  splyAmt: number;
  dcRt: number;
  dcAmt: number;
  taxblAmt: number;
  taxAmt: number;
  totAmt: number;
}

/** Computes a VAT-on-top line; used by fixtures (and handy in tests). */
export function computeLine(prc: number, qty: number, taxTyCd: TaxType, dcRt = 0): LineAmounts {
  const splyAmt = round2(prc * qty);
  const dcAmt = round2((splyAmt * dcRt) / 100);
  const taxblAmt = round2(splyAmt - dcAmt);
  const taxAmt = round2((taxblAmt * TAX_RATES[taxTyCd]) / 100);
  return { splyAmt, dcRt, dcAmt, taxblAmt, taxAmt, totAmt: round2(taxblAmt + taxAmt) };
}

/** The 15 header tax fields and the three totals, summed from already-rounded lines. */
export function computeHeader(lines: readonly Body[]): Record<string, number> {
  const sum = summarizeLines(lines);
  const header: Record<string, number> = {};
  for (const x of TAX_TYPES) header[`taxblAmt${x}`] = sum.taxbl[x] / 100;
  for (const x of TAX_TYPES) header[`taxRt${x}`] = TAX_RATES[x];
  for (const x of TAX_TYPES) header[`taxAmt${x}`] = sum.tax[x] / 100;
  const totTaxbl = sumBands(sum.taxbl);
  const totTax = sumBands(sum.tax);
  header.totTaxblAmt = totTaxbl / 100;
  header.totTaxAmt = totTax / 100;
  header.totAmt = (totTaxbl + totTax) / 100;
  return header;
}
