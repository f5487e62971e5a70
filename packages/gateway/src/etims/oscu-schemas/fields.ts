/**
 * Field builders for the OSCU field tables (spec/etims-oscu.md §2, §3.1): CHAR(n), integers,
 * NUMBER(p, 2), `yyyyMMddHHmmss`, `yyyyMMdd`, Y/N. Bodies are checked with these before anything
 * is sent, so a bad field is a 422 naming it instead of a 910 from KRA.
 */
import { z } from 'zod';

const DT14 = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;
const D8 = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

/** Required CHAR(max). KRA treats an empty string like a missing value, so it is refused. */
export function char(max: number) {
  return z.string({ error: 'must be a string' }).min(1, 'is required').max(max, `must be at most ${max} characters`);
}

/** Optional CHAR(max); null allowed (KRA's samples send nulls). */
export function optChar(max: number) {
  return z.string().max(max, `must be at most ${max} characters`).nullish();
}

/** Required CHAR(len) of exactly `len` characters (tin 11, bhfId 2). */
export function fixedChar(len: number) {
  return z.string({ error: 'must be a string' }).length(len, `must be exactly ${len} characters`);
}

/** A JSON integer: KRA rejects `"INV001"` and even `"1"` where its DTOs want numbers (§6.2). */
export function int(min = 0) {
  return z.number({ error: 'must be an integer (a JSON number, not a string)' }).int('must be an integer').min(min, `must be at least ${min}`);
}

/** Optional integer. */
export function optInt(min = 0) {
  return int(min).nullish();
}

function hasAtMostDecimals(n: number, scale: number): boolean {
  const scaled = n * 10 ** scale;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** NUMBER(p, scale): a JSON number with at most `scale` decimals (amounts and quantities: 2). */
export function amount(scale = 2, min = 0) {
  return z
    .number({ error: 'must be a number' })
    .min(min, `must be at least ${min}`)
    .refine((n) => Number.isFinite(n) && hasAtMostDecimals(n, scale), `must have at most ${scale} decimals`);
}

/** Optional NUMBER(p, scale). */
export function optAmount(scale = 2, min = 0) {
  return amount(scale, min).nullish();
}

/** CHAR(14) `yyyyMMddHHmmss` (Kenyan time). */
export function dt14() {
  return z.string({ error: 'must be a string' }).regex(DT14, 'must be yyyyMMddHHmmss');
}

/** Optional `yyyyMMddHHmmss`. */
export function optDt14() {
  return dt14().nullish();
}

/** CHAR(8) `yyyyMMdd`. */
export function d8() {
  return z.string({ error: 'must be a string' }).regex(D8, 'must be yyyyMMdd');
}

/** Optional `yyyyMMdd`. */
export function optD8() {
  return d8().nullish();
}

/** A `Y`/`N` flag. */
export function yn() {
  return z.enum(['Y', 'N'], { error: 'must be Y or N' });
}

/** One of a closed code list (e.g. receipt types `S`/`R`). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** The four audit fields of every save (§2). */
export const audit = {
  regrId: char(20),
  regrNm: char(60),
  modrId: char(20),
  modrNm: char(60),
};

/**
 * An object that allows fields beyond the table: KRA's samples carry some the spec tables lack
 * (`salesTyCd`, `receipt.rptNo`), and they must pass through unchanged.
 */
export function kraObject<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject(shape);
}

/**
 * A document line (sale, purchase, stock IO). KRA's samples name the line tax `taxAmt`, the
 * transcribed spec table `totTaxAmt` [U]: either is accepted and read as `taxAmt`; what goes to KRA
 * follows the app's `settings.line_tax_key` (see etims/line-tax-key.ts).
 */
export function documentLine<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess((value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const { totTaxAmt, ...rest } = value as Record<string, unknown>;
      if (rest.taxAmt === undefined && totTaxAmt !== undefined) return { ...rest, taxAmt: totTaxAmt };
    }
    return value;
  }, kraObject(shape));
}

/** The `lastReqDt` cursor request of the list operations. */
export const cursorRequest = kraObject({ lastReqDt: dt14() });
