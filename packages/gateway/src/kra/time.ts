/** KRA's timestamps: Kenyan local time (UTC+3, no daylight saving) as `yyyyMMddHHmmss`. */

const EAT_OFFSET_MS = 3 * 3600 * 1000;

/** `ms` (epoch) as KRA's 14-digit local timestamp. */
export function kraTimestamp(ms: number): string {
  return new Date(ms + EAT_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** KRA's 14-digit local timestamp as epoch ms; NaN when malformed. */
export function parseKraTimestamp(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - EAT_OFFSET_MS;
}

/** Today's date in Kenya as KRA writes dates, `yyyyMMdd`. */
export const kraDate = (ms: number): string => kraTimestamp(ms).slice(0, 8);

/** `yyyyMMdd` → `YYYY-MM-DD` (how our API writes dates). */
export const dashedDate = (yyyymmdd: string): string => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/** `YYYY-MM-DD` → `yyyyMMdd`. */
export const compactDate = (isoDate: string): string => isoDate.replaceAll('-', '');
