/**
 * The eTIMS tax engine: pure functions, integer cents, no I/O. From simple POS/ERP lines it computes
 * every KRA line amount and the 15 band fields of a sale ({@link computeDocument}), and the amounts of
 * credit notes that add up exactly to the sale ({@link computeCreditNote}).
 */
export { TAX_BANDS, DEFAULT_TAX_SETTINGS, KENYA_DEFAULT_TAX_RATES } from './types.js';
export type {
  TaxBand,
  LineAmountsConvention,
  RoundingMode,
  UnusedBandRate,
  TaxRates,
  TaxSettings,
  SimpleLine,
  LineAmounts,
  HeaderAmounts,
  DocumentAmounts,
} from './types.js';
export { TaxInputError } from './errors.js';
export { computeDocument } from './document.js';
export { computeCreditNote } from './credit-note.js';
export { parseTaxRates } from './rates.js';
export { toCents, formatCents } from './decimal.js';
