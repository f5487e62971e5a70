/**
 * How long the outbox waits before trying a document again: exponential in the attempts, capped,
 * with jitter so that many branches recovering from one KRA outage do not retry in lockstep.
 */

/** Retry timing of the outbox (from configuration). */
export interface RetryTiming {
  baseMs: number;
  maxMs: number;
}

/** The wait after `attempts` failed attempts (1 = the first failure): between half and all of base × 2^(attempts−1), at most maxMs. */
export function retryDelayMs(attempts: number, timing: RetryTiming, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(timing.maxMs, timing.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
