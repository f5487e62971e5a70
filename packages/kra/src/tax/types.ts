/**
 * The shapes the tax engine reads and writes, and its defaults. Amounts leave the engine as canonical
 * 2-decimal strings (never floats), because they end up in KRA's NUMBER(18,2) fields and in stored
 * payloads that are read back to compute credit notes.
 */

/** A tax band letter (code list 04): A exempt, B 16 %, C zero-rated, D non-VAT, E 8 % in Kenya today. */
export type TaxBand = 'A' | 'B' | 'C' | 'D' | 'E';

/** The five bands, in the order of the header fields. */
export const TAX_BANDS: readonly TaxBand[] = Object.freeze(['A', 'B', 'C', 'D', 'E'] as const);

/**
 * How line amounts carry VAT. `vat_inclusive`: the supply already includes VAT and is split into
 * taxable + tax (what KRA's 2026 sandbox enforces). `vat_exclusive`: VAT comes on top (Odoo, KRA's samples).
 */
export type LineAmountsConvention = 'vat_inclusive' | 'vat_exclusive';

/** How every intermediate result is rounded to the cent: half away from zero, or to the even cent on a tie. */
export type RoundingMode = 'half_up' | 'half_even';

/** The `taxRtX` of a band no line uses: `zero` sends 0.00 (what the 2026 sandbox expects), `rate` the band's rate. */
export type UnusedBandRate = 'zero' | 'rate';

/** Rates in percent per band, as decimal strings (`'16'`, `'16.00'`); at most 2 decimals, 0..100. */
export type TaxRates = Record<TaxBand, string>;

/** The per-app choices the arithmetic depends on. */
export interface TaxSettings {
  lineAmounts: LineAmountsConvention;
  rounding: RoundingMode;
  unusedBandRate: UnusedBandRate;
}

/** The defaults: the convention, rounding and unused-band rule of KRA's 2026 sandbox. */
export const DEFAULT_TAX_SETTINGS: TaxSettings = Object.freeze({ lineAmounts: 'vat_inclusive', rounding: 'half_up', unusedBandRate: 'zero' });

/** Kenya's rates when code list 04 cannot be read. A fallback only: the synced code list is authoritative. */
export const KENYA_DEFAULT_TAX_RATES: TaxRates = Object.freeze({ A: '0', B: '16', C: '0', D: '0', E: '8' });

/** One line as a POS/ERP sends it. Amount inputs are decimal strings or numbers (numbers are converted via their shortest decimal string, never used in arithmetic). */
export interface SimpleLine {
  taxTyCd: TaxBand;
  /** > 0, at most 2 decimals (KRA: NUMBER(13,2)). */
  qty: string | number;
  /** >= 0, at most 4 decimals. */
  unitPrice: string | number;
  /** Is `unitPrice` VAT-inclusive? It is converted to the document's convention when it is not in it. */
  priceIncludesVat: boolean;
  /** Percent 0..100, at most 2 decimals. */
  discountRate?: string | number;
  /** Absolute, at most 2 decimals, <= splyAmt. */
  discountAmount?: string | number;
}

/** Every amount as a canonical decimal string with exactly 2 decimals ("86.21", "0.00"); qty canonical 2 dp too. */
export interface LineAmounts {
  taxTyCd: TaxBand;
  qty: string;
  prc: string;
  splyAmt: string;
  dcRt: string;
  dcAmt: string;
  taxblAmt: string;
  taxAmt: string;
  totAmt: string;
}

/** The 15 band fields and the totals of a sale or credit-note header, as 2-decimal strings. */
export interface HeaderAmounts {
  taxblAmtA: string;
  taxblAmtB: string;
  taxblAmtC: string;
  taxblAmtD: string;
  taxblAmtE: string;
  taxRtA: string;
  taxRtB: string;
  taxRtC: string;
  taxRtD: string;
  taxRtE: string;
  taxAmtA: string;
  taxAmtB: string;
  taxAmtC: string;
  taxAmtD: string;
  taxAmtE: string;
  totTaxblAmt: string;
  totTaxAmt: string;
  totAmt: string;
  totItemCnt: number;
}

/** A computed document: its lines in input order and the header summed from them. */
export interface DocumentAmounts {
  lines: LineAmounts[];
  header: HeaderAmounts;
}
