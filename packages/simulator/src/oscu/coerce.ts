/**
 * Scalar coercion the way KRA's Java backend reads JSON into its request objects (Jackson's default
 * scalar coercion), so that what real clients send and KRA accepts is accepted here too:
 *
 * - a CHAR field takes a JSON number as its decimal text: Odoo sends `"regrId": 2` (a user id) on
 *   every write, paybill's SDK docs show `trdInvcNo: 123`;
 * - a NUMBER field takes a numeric string: clients built on string-typed forms send `qty: "2"`,
 *   `prc: "2.50"`, `invcNo: "205"`.
 *
 * Deliberately refused, although some Jackson configurations would take them:
 * - booleans in any field. No eTIMS client is known to send one; where one appears it is a bug
 *   (Python's `True` for a `Y`/`N` flag), and the text "true" fits no CHAR field of the spec.
 * - numeric text with spaces, exponents, a leading `+` or `.`, `NaN`, hexadecimal: none is seen
 *   in the wild, and accepting them would only hide typos.
 * - a fraction in an integer field, as a string (`"2.0"`) or a number (`2.5`): Jackson's int
 *   parser refuses the former, and truncating the latter would sign an invoice number nobody sent.
 * - objects and arrays in a scalar field (Jackson refuses them as well).
 * - JSON numbers in date fields (`yyyyMMdd`, `yyyyMMddHHmmss`): the evidence above is about
 *   identifiers and amounts only, and a number where a date belongs is more often an epoch than a date.
 */

/** Plain decimal text: optional minus, digits, optional fraction. */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
/** Plain integer text: optional minus, digits. */
const INTEGER_TEXT = /^-?\d+$/;

/** Drops the sign of a negative zero, so that `"-0"` is stored and echoed as 0. */
const unsignedZero = (n: number): number => (n === 0 ? 0 : n);

/** The value of a CHAR field: a string as is, a finite JSON number as its decimal text; else undefined. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The value of a NUMBER field: a finite JSON number, or the number plain decimal text spells; else undefined. */
export function asDecimal(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return unsignedZero(Number(value));
  return undefined;
}

/** The value of an integer field: a safe integer, as a JSON number or plain integer text; else undefined. */
export function asInteger(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : undefined;
  return n !== undefined && Number.isSafeInteger(n) ? unsignedZero(n) : undefined;
}
