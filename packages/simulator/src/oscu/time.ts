/**
 * KRA clock formats. eTIMS speaks Kenyan local time (Africa/Nairobi, UTC+3, no DST), so a fixed
 * offset is exact and avoids depending on the host's ICU time-zone data.
 */

const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function eatDate(epochMs: number): Date {
  return new Date(epochMs + EAT_OFFSET_MS);
}

/** `yyyyMMddHHmmss` in Nairobi time: `resultDt`, `sdcDateTime`, request timestamps. */
export function formatCompact(epochMs: number): string {
  const d = eatDate(epochMs);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` + `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** `yyyy-MM-dd HH:mm:ss` in Nairobi time (purchase-sales list dates, portal invoice checker). */
export function formatDashed(epochMs: number): string {
  return compactToDashed(formatCompact(epochMs));
}

/**
 * `yyyy-MM-dd HH:mm:ss.S`, the shape `selectInvoiceDetails` uses for `receipt.sdcDateTime`
 * (Java `Timestamp.toString()` of a whole second prints `.0`).
 */
export function formatDashedTenths(epochMs: number): string {
  return `${formatDashed(epochMs)}.${Math.floor((epochMs % 1000) / 100)}`;
}

/** Rewrites a 14-digit `yyyyMMddHHmmss` as `yyyy-MM-dd HH:mm:ss` (no validation). */
export function compactToDashed(s: string): string {
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}`;
}

function partsToEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  // Date.UTC rolls 31 February over into March; a real calendar date survives the round trip.
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined;
  return utc - EAT_OFFSET_MS;
}

/** Parses a Nairobi-time `yyyyMMddHHmmss`; `undefined` when it is not a real date-time. */
export function parseCompact(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  return partsToEpoch(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/** Parses a Nairobi-time `yyyyMMdd` (midnight); `undefined` when it is not a real date. */
export function parseDate8(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  return partsToEpoch(+m[1]!, +m[2]!, +m[3]!, 0, 0, 0);
}

/** Whole seconds, the resolution of every eTIMS timestamp (and so of `lastReqDt` cursors). */
export function toSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}
