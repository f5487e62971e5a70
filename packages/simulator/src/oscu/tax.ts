/**
 * Tax arithmetic KRA expects on fiscal documents (spec §6.4): VAT-exclusive lines, one tax letter
 * per line, and the 15 header tax fields derived from the rounded lines. Comparisons are done in
 * whole cents so that binary floating point never turns a correct document into a 910.
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

const money = (cents: number): string => (cents / 100).toFixed(2);

/**
 * Per-line rules: `splyAmt = prc × qty`, `dcAmt = splyAmt − taxblAmt`, `taxAmt = taxblAmt × rate`,
 * `totAmt = taxblAmt + taxAmt`. One cent of slack per line allows for clients that round
 * intermediate products differently; the header must then match the lines exactly.
 * `discountField` is `dcAmt` on sales and purchases, `totDcAmt` on stock IO lines.
 */
export function checkLineArithmetic(line: Body, path: string, discountField = 'dcAmt'): string | undefined {
  const taxTyCd = line.taxTyCd;
  if (!isTaxType(taxTyCd)) return `${path}taxTyCd must be one of ${TAX_TYPES.join(', ')}`;
  const prc = line.prc as number;
  const qty = line.qty as number;
  const sply = toCents(line.splyAmt as number);
  const taxbl = toCents(line.taxblAmt as number);
  const dc = toCents(line[discountField] as number);
  const tax = toCents(line.taxAmt as number);
  const tot = toCents(line.totAmt as number);
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1;

  if (!near(sply, toCents(prc * qty))) return `${path}splyAmt must equal prc × qty (${money(toCents(prc * qty))})`;
  if (!near(dc, sply - taxbl)) return `${path}${discountField} must equal splyAmt − taxblAmt (${money(sply - taxbl)})`;
  const expectedTax = toCents(((line.taxblAmt as number) * TAX_RATES[taxTyCd]) / 100);
  if (!near(tax, expectedTax)) return `${path}taxAmt must equal taxblAmt × ${TAX_RATES[taxTyCd]}% (${money(expectedTax)})`;
  if (!near(tot, taxbl + tax)) return `${path}totAmt must equal taxblAmt + taxAmt (${money(taxbl + tax)})`;
  return undefined;
}

/** Sums of the lines per tax letter, in cents. */
export interface TaxSummary {
  taxbl: Record<TaxType, number>;
  tax: Record<TaxType, number>;
}

/** Adds up rounded lines per letter (lines must already have passed `checkLineArithmetic`). */
export function summarizeLines(lines: readonly Body[]): TaxSummary {
  const zero = (): Record<TaxType, number> => ({ A: 0, B: 0, C: 0, D: 0, E: 0 });
  const summary: TaxSummary = { taxbl: zero(), tax: zero() };
  for (const line of lines) {
    const letter = line.taxTyCd as TaxType;
    summary.taxbl[letter] += toCents(line.taxblAmt as number);
    summary.tax[letter] += toCents(line.taxAmt as number);
  }
  return summary;
}

/**
 * The 15 header fields (`taxblAmtA..E`, `taxRtA..E`, `taxAmtA..E`) plus `totTaxblAmt`,
 * `totTaxAmt` and `totAmt`, checked against the lines in that order. Returns a message naming
 * the first wrong field.
 */
export function checkHeaderTaxes(header: Body, lines: readonly Body[]): string | undefined {
  const sum = summarizeLines(lines);
  const mismatch = (field: string, expected: number): string | undefined => {
    const got = toCents(header[field] as number);
    return got === expected ? undefined : `${field} does not match the item lines (expected ${money(expected)}, got ${money(got)})`;
  };
  for (const x of TAX_TYPES) {
    const problem = mismatch(`taxblAmt${x}`, sum.taxbl[x]);
    if (problem) return problem;
  }
  for (const x of TAX_TYPES) {
    if (header[`taxRt${x}`] !== TAX_RATES[x]) return `taxRt${x} must be ${TAX_RATES[x]} (code list 04)`;
  }
  for (const x of TAX_TYPES) {
    const problem = mismatch(`taxAmt${x}`, sum.tax[x]);
    if (problem) return problem;
  }
  const totTaxbl = TAX_TYPES.reduce((s, x) => s + sum.taxbl[x], 0);
  const totTax = TAX_TYPES.reduce((s, x) => s + sum.tax[x], 0);
  return mismatch('totTaxblAmt', totTaxbl) ?? mismatch('totTaxAmt', totTax) ?? mismatch('totAmt', totTaxbl + totTax);
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

/** Computes a line the way KRA checks it; used by fixtures (and handy in tests). */
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
  const totTaxbl = TAX_TYPES.reduce((s, x) => s + sum.taxbl[x], 0);
  const totTax = TAX_TYPES.reduce((s, x) => s + sum.tax[x], 0);
  header.totTaxblAmt = totTaxbl / 100;
  header.totTaxAmt = totTax / 100;
  header.totAmt = (totTaxbl + totTax) / 100;
  return header;
}
