/**
 * Field builders for the OSCU field tables (`OSCU_REQUEST_FIELDS` of @ushuru/kra, mapped onto these
 * by table.ts): CHAR(n), integers, NUMBER(p, 2), `yyyyMMddHHmmss`, `yyyyMMdd`, Y/N, closed code
 * lists. Bodies are checked with these before anything is sent, so a bad field is a 422 naming it
 * instead of a 910 from KRA.
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

/**
 * An empty string in an optional field is a missing value to KRA (and to the simulator): it is
 * taken as null, so that an optional number or date left empty is not refused.
 */
function emptyAsNull(value: unknown): unknown {
  return value === '' ? null : value;
}

/** A real calendar date and time (no 31 February), the way KRA reads `yyyyMMdd[HHmmss]`. */
function isCalendarDate(text: string): boolean {
  const [y, mo, d] = [Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8))];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

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

/** Optional CHAR(len) of exactly `len` characters when given; null and an empty string count as absent. */
export function optFixedChar(len: number) {
  return z.preprocess(
    textFromNumber,
    kraText(z.string({ error: 'must be a string' }).refine((text) => text === '' || text.length === len, `must be exactly ${len} characters`)).nullish(),
  );
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
  return z.preprocess((value) => integerFromText(emptyAsNull(value)), integerValue(min, max).nullish());
}

function amountValue(scale: number, min: number, max: number) {
  return z.number({ error: 'must be a number' }).superRefine((n, ctx) => {
    const problem = decimalProblem(n, scale) ?? (n < min ? `must be at least ${min}` : n > max ? `must be at most ${max}` : undefined);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * NUMBER(p, scale): a JSON number or its text with at most `scale` decimals (amounts and
 * quantities: 2), never rounded: `1.005` is an error, not `1.01`.
 */
export function amount(scale = 2, min = 0, max = Number.POSITIVE_INFINITY) {
  return z.preprocess(numberFromText, amountValue(scale, min, max));
}

/** Optional NUMBER(p, scale). */
export function optAmount(scale = 2, min = 0, max = Number.POSITIVE_INFINITY) {
  return z.preprocess((value) => numberFromText(emptyAsNull(value)), amountValue(scale, min, max).nullish());
}

/** CHAR(14) `yyyyMMddHHmmss` (Kenyan time), a real date. */
export function dt14() {
  return z
    .string({ error: 'must be a string' })
    .regex(DT14, 'must be yyyyMMddHHmmss')
    .refine((text) => !DT14.test(text) || isCalendarDate(text), 'must be yyyyMMddHHmmss');
}

/** Optional `yyyyMMddHHmmss`; an empty string counts as absent. */
export function optDt14() {
  return z.preprocess(emptyAsNull, dt14().nullish());
}

/** CHAR(8) `yyyyMMdd`, a real date. */
export function d8() {
  return z
    .string({ error: 'must be a string' })
    .regex(D8, 'must be yyyyMMdd')
    .refine((text) => !D8.test(text) || isCalendarDate(text), 'must be yyyyMMdd');
}

/** Optional `yyyyMMdd`; an empty string counts as absent. */
export function optD8() {
  return z.preprocess(emptyAsNull, d8().nullish());
}

/**
 * A date of 8 digits, `yyyyMMdd` or day first (`ddMMyyyy`): KRA's table says the former, Odoo's
 * live-tested payloads send the latter for a customs declaration date (`dclDe`), and KRA takes both.
 */
export function digits8() {
  return z.string({ error: 'must be a string' }).regex(/^\d{8}$/, 'must be 8 digits (yyyyMMdd)');
}

/** Optional {@link digits8}; an empty string counts as absent. */
export function optDigits8() {
  return z.preprocess(emptyAsNull, digits8().nullish());
}

/** The message of a closed-list field: a missing value "is required", like any other field's. */
function choiceError(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
}

/** A `Y`/`N` flag. */
export function yn() {
  return z.enum(['Y', 'N'], { error: choiceError('must be Y or N') });
}

/** Optional `Y`/`N` flag; null and an empty string count as absent (the latter is sent as null). */
export function optYn() {
  return z.preprocess((value) => (value === '' ? null : value), yn().nullish());
}

/** One of a closed code list (e.g. receipt types `S`/`R`). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: choiceError(`must be one of ${values.join(', ')}`) });
}

/** A closed code list field: one of `values`, a number taken as its text (`3` for `"3"`), as KRA reads it. */
export function code<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(textFromNumber, oneOf(values));
}

/** Optional closed code list field; null and an empty string count as absent (the latter is sent as null). */
export function optCode<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((value) => (value === '' ? null : textFromNumber(value)), oneOf(values).nullish());
}

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
