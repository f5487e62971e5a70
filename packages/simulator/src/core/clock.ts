/**
 * The simulator's clock: a base clock (Date.now or an injected one) plus an offset that tests can
 * advance, so token expiry can be exercised without waiting an hour.
 */

/** A clock that tests can move forward. */
export interface SimClock {
  now(): number;
  /** Moves the clock forward by `ms` (negative values are refused) and returns the new time. */
  advance(ms: number): number;
  /** Drops every advance made so far. */
  reset(): void;
}

/** Creates a clock on top of `base`. */
export function createSimClock(base: () => number = Date.now): SimClock {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock can only move forward by a finite number of ms');
      offsetMs += ms;
      return base() + offsetMs;
    },
    reset() {
      offsetMs = 0;
    },
  };
}

const KENYA_UTC_OFFSET_MS = 3 * 60 * 60 * 1000;

/** Calendar fields of an instant in Kenyan local time (EAT, UTC+3, no daylight saving). */
export function kenyaTimeParts(epochMs: number): { year: string; month: string; day: string; hour: string; minute: string; second: string } {
  const iso = new Date(epochMs + KENYA_UTC_OFFSET_MS).toISOString();
  return {
    year: iso.slice(0, 4),
    month: iso.slice(5, 7),
    day: iso.slice(8, 10),
    hour: iso.slice(11, 13),
    minute: iso.slice(14, 16),
    second: iso.slice(17, 19),
  };
}

/** `YYYY-MM-DDTHH:MM:SS` in Kenyan time, KRA's PRN date format. */
export function formatKenyaIsoDateTime(epochMs: number): string {
  const p = kenyaTimeParts(epochMs);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** `YYYYMMDDHHmmss` in Kenyan time, OSCU's `resultDt`. */
export function formatOscuTimestamp(epochMs: number): string {
  const p = kenyaTimeParts(epochMs);
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}
