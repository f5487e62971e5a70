/**
 * The document header, summed from the rounded lines (never recomputed from unrounded figures), so
 * that it always equals the sum of what the lines say, which is the check KRA applies.
 */
import { formatScaled } from './decimal.js';
import { TaxInputError } from './errors.js';
import type { LineCents } from './lines.js';
import { assertFits } from './lines.js';
import type { RatesBp } from './rates.js';
import { TAX_BANDS, type HeaderAmounts, type TaxSettings } from './types.js';

/** Lines per document: at least one, and at most what the gateway accepts in one request. */
export const MAX_DOCUMENT_LINES = 1000;

/** Refuses a line list that is not a list of 1..1000 entries. */
export function assertLineCount(lines: unknown): asserts lines is readonly unknown[] {
  if (!Array.isArray(lines)) throw new TaxInputError('lines', 'must be a list of lines');
  if (lines.length === 0) throw new TaxInputError('lines', 'must have at least one line');
  if (lines.length > MAX_DOCUMENT_LINES) throw new TaxInputError('lines', `must have at most ${MAX_DOCUMENT_LINES} lines, got ${lines.length}`);
}

/** The 15 band fields and the totals of these lines. A band without lines gets 0.00 as its rate unless `unusedBandRate` is `rate`. */
export function headerOf(lines: readonly LineCents[], rates: RatesBp, settings: TaxSettings): HeaderAmounts {
  const money = (v: bigint) => formatScaled(v, 2);
  const header = {} as Record<string, string | number>;
  let totTaxbl = 0n;
  let totTax = 0n;
  let tot = 0n;
  for (const band of TAX_BANDS) {
    let taxbl = 0n;
    let tax = 0n;
    let used = false;
    for (const line of lines) {
      if (line.taxTyCd !== band) continue;
      used = true;
      taxbl += line.taxblAmt;
      tax += line.taxAmt;
    }
    header[`taxblAmt${band}`] = money(taxbl);
    header[`taxRt${band}`] = money(used || settings.unusedBandRate === 'rate' ? rates[band] : 0n);
    header[`taxAmt${band}`] = money(tax);
    totTaxbl += taxbl;
    totTax += tax;
  }
  for (const line of lines) tot += line.totAmt;
  assertFits(tot, 'lines');
  header.totTaxblAmt = money(totTaxbl);
  header.totTaxAmt = money(totTax);
  header.totAmt = money(tot);
  header.totItemCnt = lines.length;
  return header as unknown as HeaderAmounts;
}
