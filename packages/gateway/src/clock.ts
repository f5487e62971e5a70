/** Time source, injectable so tests can move time without sleeping. */
export interface Clock {
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** ISO-8601 UTC with seconds precision: the portable timestamp format of the store and the API. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
