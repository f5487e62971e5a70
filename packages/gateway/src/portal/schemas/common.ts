/**
 * Field rules shared by the portal request schemas (docs/kra/portal.md §5): KRA PINs, KRA's several
 * date formats, amounts that KRA's own examples send as strings, and the flat-or-wrapped body rule.
 */
import { unwrapPortalBody } from '@ushuru/kra';
import { z } from 'zod';

/** `A` or `P`, nine digits, one letter (docs/kra/portal.md §2.2 #1). */
export const KRA_PIN_RE = /^[AP]\d{9}[A-Z]$/;

/** A KRA PIN; upper-cased and trimmed first, since callers type PINs by hand. */
export const kraPin = z
  .string('must be a string')
  .trim()
  .toUpperCase()
  .regex(KRA_PIN_RE, 'must be a KRA PIN: A or P, nine digits, one letter (e.g. A744610021G)');

/** A required free-text identifier (certificate, licence, declaration numbers…). */
export function identifier(max = 64) {
  return z.string('must be a string').trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
}

function validCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** `YYYY-MM-DD` that is a real calendar date (invoice checker). */
export const isoDate = z
  .string('must be a string')
  .trim()
  .refine((v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    return m !== null && validCalendarDate(+m[1]!, +m[2]!, +m[3]!);
  }, 'must be a date YYYY-MM-DD');

/** Parses KRA's `YYYY-MM-DDTHH:MM:SS` as naive local time (only compared with other KRA times); NaN if malformed. */
export function parseKraDateTime(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (!validCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return Number.NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * KRA's PRN date-time `YYYY-MM-DDTHH:MM:SS`. A bare `YYYY-MM-DD` (Salami's documented form) is
 * accepted and sent as midnight, so Salami clients keep working.
 */
export const kraDateTime = z
  .string('must be a string')
  .trim()
  .transform((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00` : v))
  .refine((v) => !Number.isNaN(parseKraDateTime(v)), 'must be a date-time YYYY-MM-DDTHH:MM:SS');

/** `dd/mm/yyyy` (PIN registration); Salami's `YYYY-MM-DD` is converted. */
export const ddmmyyyy = z
  .string('must be a string')
  .trim()
  .transform((v) => {
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : v;
  })
  .refine((v) => {
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
    return m !== null && validCalendarDate(+m[3]!, +m[2]!, +m[1]!);
  }, 'must be a date dd/mm/yyyy');

/**
 * A money amount as a number or a numeric string (KRA's examples send `"100000.00"`). The caller's
 * encoding is kept on the wire: which one KRA enforces is not documented.
 */
export const amount = z.union(
  [
    z
      .number()
      .finite()
      .nonnegative('must not be negative')
      // KRA amounts have two decimals; a third would be sent as-is and rounded who knows where.
      .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'must have at most 2 decimals'),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d{1,2})?$/, 'must be an amount such as 1000.00'),
  ],
  'must be an amount (number or numeric string)',
);

/** The numeric value of an {@link amount}. */
export function amountValue(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** An integer given as a number or a digit string; the caller's encoding is kept (NIL returns, docs/kra/portal.md §2.4 #20). */
export const intOrDigits = z.union([z.number().int('must be an integer'), z.string().trim().regex(/^\d+$/, 'must be digits')], 'must be an integer');

/**
 * A schema that accepts the flat body or the same body inside any of KRA's wrappers
 * (`TAXPAYERDETAILS`, `REQUEST.TAXPAYERDETAILS`, `iTaxUSSDKnowStationRequest`). It validates the
 * flat form, so field errors name the field itself (`TaxpayerPIN`, not `REQUEST.TAXPAYERDETAILS.TaxpayerPIN`);
 * the gateway wraps the body as the API is configured for just before sending it.
 */
export function flatOrWrapped<T extends z.ZodType>(flat: T) {
  return z.preprocess((body) => unwrapPortalBody(body), flat);
}
