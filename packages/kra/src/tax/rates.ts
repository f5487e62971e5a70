/**
 * Tax rates: read from KRA's code list 04 and checked once, then held as basis points (hundredths
 * of a percent, 16 % = 1600n) so every formula stays in integers.
 */
import { parseScaled } from './decimal.js';
import { TaxInputError } from './errors.js';
import { TAX_BANDS, type TaxBand, type TaxRates } from './types.js';

/** 100 % in basis points. */
export const FULL_RATE_BP = 10_000n;

/** Basis points per band. */
export type RatesBp = Record<TaxBand, bigint>;

/** Reads one rate: a percent 0..100 with at most 2 decimals (KRA's `taxRt` is NUMBER(7,2)). */
export function rateBp(value: unknown, field: string): bigint {
  const bp = parseScaled(value, { field, scale: 2, maxIntegerDigits: 3 });
  if (bp > FULL_RATE_BP) throw new TaxInputError(field, 'must be a percentage between 0 and 100');
  return bp;
}

/** Checks a {@link TaxRates} (every band present and valid) and converts it to basis points. */
export function ratesBp(rates: TaxRates): RatesBp {
  if (typeof rates !== 'object' || rates === null) throw new TaxInputError('rates', 'must give a rate for each band A-E');
  const out = {} as RatesBp;
  for (const band of TAX_BANDS) {
    const value: unknown = rates[band];
    if (value === undefined || value === null || value === '') throw new TaxInputError(`rates.${band}`, `the rate of tax band ${band} is missing`);
    out[band] = rateBp(value, `rates.${band}`);
  }
  return out;
}

/**
 * Builds the rates from the synced rows of code list 04 ("Taxation Type"): `cd` is the band letter
 * and `userDfnCd1` its rate in percent. Rows of other codes are ignored. A band that is missing, has
 * no rate, a non-numeric rate, or two rows that disagree is an error naming `rates.X`, because
 * guessing a rate would put wrong VAT on every document of that band.
 */
export function parseTaxRates(list: Array<{ cd: string; userDfnCd1?: string | null }>): TaxRates {
  if (!Array.isArray(list)) throw new TaxInputError('rates', 'code list 04 must be a list of rows');
  const rates: Partial<Record<TaxBand, { text: string; bp: bigint }>> = {};
  for (const row of list) {
    const band = typeof row?.cd === 'string' ? row.cd.trim() : '';
    if (!(TAX_BANDS as readonly string[]).includes(band)) continue;
    const field = `rates.${band}`;
    const raw = row.userDfnCd1;
    const text = typeof raw === 'string' ? raw.trim() : raw;
    if (text === undefined || text === null || text === '') throw new TaxInputError(field, `code list 04 gives no rate (userDfnCd1) for tax band ${band}`);
    const bp = rateBp(text, field);
    const seen = rates[band as TaxBand];
    if (seen && seen.bp !== bp) throw new TaxInputError(field, `code list 04 gives tax band ${band} two rates: ${seen.text} and ${text}`);
    rates[band as TaxBand] = { text: String(text), bp };
  }
  const out = {} as TaxRates;
  for (const band of TAX_BANDS) {
    const found = rates[band];
    if (!found) throw new TaxInputError(`rates.${band}`, `code list 04 has no row for tax band ${band}`);
    out[band] = found.text;
  }
  return out;
}
