/**
 * Seeded pseudo-random numbers. The simulator never uses Math.random: the same seed must give the
 * same tokens, PRNs and fault dice, so a failing test can be replayed exactly.
 */

/** A deterministic random stream. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string;
}

/** Alphabets used for KRA-looking identifiers. */
export const ALPHABET = {
  digits: '0123456789',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  hex: '0123456789abcdef',
  alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
} as const;

/** mulberry32: tiny, fast and good enough for fake identifiers and fault dice. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  const chars = (length: number, alphabet: string): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[int(alphabet.length)];
    return out;
  };
  return { next, int, chars };
}

/**
 * Derives an independent seed per named stream (FNV-1a over the name, mixed with the seed), so that
 * e.g. rolling fault dice does not shift the sequence of issued tokens or PRNs.
 */
export function deriveSeed(seed: number, stream: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < stream.length; i++) {
    hash ^= stream.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Shorthand: a random stream named `stream` under `seed`. */
export function createStream(seed: number, stream: string): SeededRandom {
  return createSeededRandom(deriveSeed(seed, stream));
}
