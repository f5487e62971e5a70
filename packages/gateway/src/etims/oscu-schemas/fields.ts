/**
 * Field builders for the OSCU field tables (spec/etims-oscu.md §2, §3.1): CHAR(n), integers,
 * NUMBER(p, 2), `yyyyMMddHHmmss`, `yyyyMMdd`, Y/N. Bodies are checked with these before anything
 * is sent, so a bad field is a 422 naming it instead of a 910 from KRA.
 *
 * Scalars are read the way KRA's Java backend (Jackson) reads them, because that is what real
 * clients rely on: a JSON number where a CHAR is expected is taken as its text (Odoo sends
 * `"regrId": 2`), and a numeric string where a NUMBER is expected as that number (`"qty": "2"`,
 * `"invcNo": "205"`); what we send KRA then has the spec's types. Text that is not a number stays
 * an error in a number field, and objects, arrays and booleans are errors everywhere.
 */
import { z } from 'zod';
import { decimalProblem, integerProblem, safeText } from '../../http/input-rules.js';

const DT14 = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;
const D8 = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
/**
 * Plain decimal text, as the simulator takes it in a NUMBER field (no spaces, exponents or `+`: none
 * is seen in real traffic, and accepting them would hide typos).
 */
const NUMERIC_TEXT = /^-?\d{1,20}(\.\d{1,20})?$/;
/** Plain integer text: Jackson refuses `"1.0"` for an integer field, so do we. */
const INTEGER_TEXT = /^-?\d{1,20}$/;

/** A number given for a CHAR field becomes its text; anything else is left for the type check. */
function textFromNumber(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

/** A numeric string given for a NUMBER field becomes the number; anything else is left for the type check. */
function numberFromText(value: unknown): unknown {
  return typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : value;
}

/** An integral string given for an integer field becomes the number. */
function integerFromText(value: unknown): unknown {
  return typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
}

/** CHAR text: no control, zero-width or direction-override characters (line breaks allowed in remarks). */
function kraText(schema: z.ZodString) {
  return safeText(schema, true);
}

/** Required CHAR(max). KRA treats an empty string like a missing value, so it is refused. */
export function char(max: number) {
  return z.preprocess(textFromNumber, kraText(z.string({ error: 'must be a string' }).min(1, 'is required').max(max, `must be at most ${max} characters`)));
}

/** Optional CHAR(max); null allowed (KRA's samples send nulls). */
export function optChar(max: number) {
  return z.preprocess(textFromNumber, kraText(z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`)).nullish());
}

/** Required CHAR(len) of exactly `len` characters (tin 11, bhfId 2). */
export function fixedChar(len: number) {
  return z.preprocess(textFromNumber, kraText(z.string({ error: 'must be a string' }).length(len, `must be exactly ${len} characters`)));
}

function integerValue(min: number, max: number) {
  return z.number({ error: 'must be an integer' }).superRefine((n, ctx) => {
    const problem = integerProblem(n) ?? (n < min ? `must be at least ${min}` : n > max ? `must be at most ${max}` : undefined);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * An integer (NUMBER without decimals): a JSON integer or its text. KRA rejects `"INV001"` (§6.2);
 * whatever the client sent, KRA receives a JSON number.
 */
export function int(min = 0, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(integerFromText, integerValue(min, max));
}

/** Optional integer. */
export function optInt(min = 0, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(integerFromText, integerValue(min, max).nullish());
}

function amountValue(scale: number, min: number) {
  return z.number({ error: 'must be a number' }).superRefine((n, ctx) => {
    const problem = decimalProblem(n, scale) ?? (n < min ? `must be at least ${min}` : undefined);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * NUMBER(p, scale): a JSON number or its text with at most `scale` decimals (amounts and
 * quantities: 2), never rounded: `1.005` is an error, not `1.01`.
 */
export function amount(scale = 2, min = 0) {
  return z.preprocess(numberFromText, amountValue(scale, min));
}

/** Optional NUMBER(p, scale). */
export function optAmount(scale = 2, min = 0) {
  return z.preprocess(numberFromText, amountValue(scale, min).nullish());
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
 * The fields of a KRA object and no others, for our own routes: there an unknown field is a
 * mistake (or an attempt to set what the gateway owns, such as `tin`), never something to forward.
 */
export function exactly<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  return z.strictObject(schema.shape);
}

/** Only the keys of `record` that are fields of `schema` (e.g. a synced KRA record made into a save). */
export function fieldsOf(schema: z.ZodObject, record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key in schema.shape));
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
