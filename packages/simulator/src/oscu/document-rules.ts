/** Field rules shared by the fiscal documents (sales, purchases, stock IO). */
import { codesOf } from './fixtures/codes.js';
import { TAX_TYPES } from './tax.js';
import { num, type FieldRule } from './validate.js';

/**
 * `taxblAmtA..E`, `taxRtA..E`, `taxAmtA..E` and the three totals: all required, zeros allowed.
 * KRA answers 910 when the band-E fields are missing (its older samples show A–D only), so they
 * stay required here; which rate a band may carry is checked against the lines (`header-amounts.ts`).
 */
export const TAX_HEADER_RULES: readonly FieldRule[] = [
  ...TAX_TYPES.map((x) => num(`taxblAmt${x}`, { min: 0 })),
  ...TAX_TYPES.map((x) => num(`taxRt${x}`, { min: 0 })),
  ...TAX_TYPES.map((x) => num(`taxAmt${x}`, { min: 0 })),
  num('totTaxblAmt', { min: 0 }),
  num('totTaxAmt', { min: 0 }),
  num('totAmt', { min: 0 }),
];

/** Transaction types (class 14) for `salesTyCd` / `pchsTyCd`. */
export const TRANSACTION_TYPES = codesOf('14');
/** Payment types (class 07). */
export const PAYMENT_TYPES = codesOf('07');
/** Sale / purchase progress statuses (classes 11 and 34). */
export const SALE_STATUSES = codesOf('11');
/** Credit-note reasons (class 32). */
export const REFUND_REASONS = codesOf('32');
/** Stock I/O types (class 12). */
export const STOCK_IO_TYPES = codesOf('12');
