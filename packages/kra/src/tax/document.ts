/** A sale (or any document computed from simple lines): every line, then the header summed from them. */
import { assertLineCount, headerOf } from './header.js';
import { computeLine, formatLine } from './lines.js';
import { ratesBp } from './rates.js';
import { resolveSettings } from './settings.js';
import type { DocumentAmounts, SimpleLine, TaxRates, TaxSettings } from './types.js';

/**
 * Computes the KRA amounts of a document: 1..1000 lines, each with its band's rate from `rates`.
 * Throws {@link TaxInputError} naming the field at fault (`lines[2].unitPrice`, `rates.B`,
 * `settings.rounding`, or `lines` for the line count).
 */
export function computeDocument(lines: readonly SimpleLine[], rates: TaxRates, settings?: Partial<TaxSettings>): DocumentAmounts {
  const effective = resolveSettings(settings);
  const bp = ratesBp(rates);
  assertLineCount(lines);
  const computed = lines.map((line, i) => computeLine(line, i, bp, effective));
  return { lines: computed.map(formatLine), header: headerOf(computed, bp, effective) };
}
