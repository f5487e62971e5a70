/** KRA's field formats (docs/kra/portal.md §5): PINs, the several date styles, numbers-as-strings. */

/** `A` (individual) or `P` (non-individual), nine digits, one letter, e.g. `A744610021G`. */
export const KRA_PIN_PATTERN = /^[AP]\d{9}[A-Z]$/;

/** Whether `value` is a well-formed KRA PIN. */
export function isKraPin(value: unknown): value is string {
  return typeof value === 'string' && KRA_PIN_PATTERN.test(value);
}

/** A non-empty string after trimming, or undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A number, or a numeric string as KRA's own examples send (`"100000.00"`); undefined otherwise. */
export function toAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** An integer given as a number or a digit string (NIL returns accept both). */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Whether two money amounts agree to the cent. */
export function sameAmount(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005;
}

/** Rounds half-up to 2 decimals. */
export function round2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

function validCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Parses KRA's PRN date-time `YYYY-MM-DDTHH:MM:SS` into a sortable number (naive local time read as
 * UTC: only compared with other KRA local times). Undefined when malformed or not a real date.
 */
export function parseKraDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (!validCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Parses `YYYY-MM-DD` (invoice checker). */
export function parseIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) ? value : undefined;
}

/** Parses `dd/mm/yyyy` (PIN registration date of birth) into `{year, month, day}`. */
export function parseDdMmYyyy(value: unknown): { year: number; month: number; day: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  return validCalendarDate(year, month, day) ? { year, month, day } : undefined;
}
