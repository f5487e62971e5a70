/**
 * Per-line amounts of fiscal documents (sales, purchases, stock IO) under KRA's two VAT conventions:
 *
 * - VAT on top (`exclusive`, KRA's samples, Odoo): taxblAmt = splyAmt − dcAmt,
 *   taxAmt = round(taxblAmt × rate), totAmt = taxblAmt + taxAmt;
 * - VAT-inclusive (`inclusive`, 2026 sandbox reports, ERPNext): taxblAmt = round((splyAmt − dcAmt) /
 *   (1 + rate)), taxAmt = (splyAmt − dcAmt) − taxblAmt, totAmt = splyAmt − dcAmt.
 *
 * Both: splyAmt = prc × qty and the discount no larger than the supply. A document is judged under
 * one convention as a whole; for 0 % bands the two coincide. All arithmetic is in integer cents, with
 * one cent of slack per derived amount for clients that round intermediate values differently.
 */
import type { VatConvention } from '../core/settings.js';
import { isTaxType, TAX_RATES, TAX_TYPES, toCents } from './tax.js';
import type { Body } from './validate.js';

/** A convention a document is actually judged under. */
export type LineConvention = Exclude<VatConvention, 'either'>;

/** What differs between the kinds of document. */
export interface LineRules {
  /** `dcAmt` on sales and purchases, `totDcAmt` on stock IO lines. */
  discountField: 'dcAmt' | 'totDcAmt';
  /**
   * Slack between splyAmt and prc × qty: `cent` (sales, purchases: one cent), or `unitPrice`, which
   * also allows for a prc rounded to the cent from an exact unit price (half a cent per unit).
   * Stock IO needs the latter: Odoo values a move at its average unit cost, sends that cost rounded
   * as prc and the unrounded cost × quantity as splyAmt.
   */
  priceSlack: 'cent' | 'unitPrice';
}

/** Rules for sale and purchase lines. */
export const DOCUMENT_LINES: LineRules = { discountField: 'dcAmt', priceSlack: 'cent' };
/** Rules for stock IO lines. */
export const STOCK_LINES: LineRules = { discountField: 'totDcAmt', priceSlack: 'unitPrice' };

const money = (cents: number): string => (cents / 100).toFixed(2);
const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1;

/** `numerator / denominator` rounded half-up, for non-negative integers (exact: no floating point). */
function divideHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** A line's amounts in cents (quantity in hundredths), read once. */
interface LineCents {
  rate: number;
  qty: number;
  /** prc × qty, exactly, rounded half-up to the cent. */
  priced: number;
  sply: number;
  dc: number;
  taxbl: number;
  tax: number;
  tot: number;
}

function readLine(line: Body, rules: LineRules): LineCents {
  const prc = toCents(line.prc as number);
  const qty = toCents(line.qty as number);
  return {
    // An unknown letter is reported by checkCommon; until then it must not break the arithmetic.
    rate: isTaxType(line.taxTyCd) ? TAX_RATES[line.taxTyCd] : 0,
    qty,
    // BigInt: a large price times a large quantity, in cents × hundredths, exceeds 2^53.
    priced: divideHalfUp(BigInt(prc) * BigInt(qty), 100n),
    sply: toCents(line.splyAmt as number),
    dc: toCents(line[rules.discountField] as number),
    taxbl: toCents(line.taxblAmt as number),
    tax: toCents(line.taxAmt as number),
    tot: toCents(line.totAmt as number),
  };
}

/** The rules both conventions share: tax letter, supply = price × quantity, discount within supply. */
function checkCommon(line: Body, c: LineCents, path: string, rules: LineRules): string | undefined {
  if (!isTaxType(line.taxTyCd)) return `${path}taxTyCd must be one of ${TAX_TYPES.join(', ')}`;
  const slack = rules.priceSlack === 'cent' ? 1 : 1 + Math.ceil(c.qty / 200);
  if (Math.abs(c.sply - c.priced) > slack) return `${path}splyAmt must be ${money(c.priced)} (prc × qty)`;
  if (c.dc > c.sply) return `${path}${rules.discountField} must not exceed splyAmt (${money(c.sply)})`;
  return undefined;
}

function checkExclusive(c: LineCents, path: string, dcField: string): string | undefined {
  const net = c.sply - c.dc;
  if (!near(c.taxbl, net)) return `${path}taxblAmt must be ${money(net)} (VAT on top: splyAmt − ${dcField})`;
  const tax = divideHalfUp(BigInt(c.taxbl) * BigInt(c.rate), 100n);
  if (!near(c.tax, tax)) return `${path}taxAmt must be ${money(tax)} (VAT on top: taxblAmt × ${c.rate}%)`;
  if (!near(c.tot, c.taxbl + c.tax)) return `${path}totAmt must be ${money(c.taxbl + c.tax)} (VAT on top: taxblAmt + taxAmt)`;
  return undefined;
}

function checkInclusive(c: LineCents, path: string, dcField: string): string | undefined {
  const net = c.sply - c.dc;
  const taxbl = divideHalfUp(BigInt(net) * 100n, BigInt(100 + c.rate));
  const divisor = String(1 + c.rate / 100);
  if (!near(c.taxbl, taxbl)) return `${path}taxblAmt must be ${money(taxbl)} (VAT-inclusive: (splyAmt − ${dcField}) / ${divisor})`;
  if (!near(c.tax, net - c.taxbl)) return `${path}taxAmt must be ${money(net - c.taxbl)} (VAT-inclusive: (splyAmt − ${dcField}) − taxblAmt)`;
  if (!near(c.tot, net)) return `${path}totAmt must be ${money(net)} (VAT-inclusive: splyAmt − ${dcField})`;
  return undefined;
}

/** The first problem of any line under `convention`, or `undefined`. */
function firstProblem(lines: readonly Body[], convention: LineConvention, rules: LineRules): string | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const path = `itemList[${i}].`;
    const cents = readLine(line, rules);
    const problem =
      checkCommon(line, cents, path, rules) ??
      (convention === 'exclusive' ? checkExclusive(cents, path, rules.discountField) : checkInclusive(cents, path, rules.discountField));
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The convention a refused document was most likely written in, so that `either` explains the
 * error in the client's own terms: the first taxed line whose taxblAmt is its net amount is VAT on
 * top, one whose totAmt is its net amount is VAT-inclusive; without such a line, VAT on top.
 */
function likelyConvention(lines: readonly Body[], rules: LineRules): LineConvention {
  for (const line of lines) {
    const c = readLine(line, rules);
    if (c.rate === 0) continue;
    if (near(c.taxbl, c.sply - c.dc)) return 'exclusive';
    if (near(c.tot, c.sply - c.dc)) return 'inclusive';
  }
  return 'exclusive';
}

/**
 * Checks every line of a document (field rules already passed) under `setting`: one convention, or
 * for `either` whichever the whole document fits. Returns a message naming the first wrong field
 * with the value it should have, or `undefined`.
 */
export function checkLineAmounts(lines: readonly Body[], setting: VatConvention, rules: LineRules): string | undefined {
  if (setting !== 'either') return firstProblem(lines, setting, rules);
  const exclusive = firstProblem(lines, 'exclusive', rules);
  if (!exclusive) return undefined;
  const inclusive = firstProblem(lines, 'inclusive', rules);
  if (!inclusive) return undefined;
  return likelyConvention(lines, rules) === 'inclusive' ? inclusive : exclusive;
}
