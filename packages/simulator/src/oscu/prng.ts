/**
 * Seeded pseudo-randomness. Every "random" value the OSCU side hands out (cmcKeys, receipt
 * signatures, reference ids) is derived from `options.seed` plus the identity of the thing it is
 * for, so the same seed gives the same answers whatever order requests arrive in.
 */

/** 32-bit FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for test fixtures (not for cryptography). */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for one purpose (`parts` name it), independent of every other purpose. */
export function derivePrng(seed: number, ...parts: Array<string | number>): () => number {
  return createPrng(hashString(`${seed >>> 0}|${parts.join('|')}`));
}

/** KRA's receipt fields (`intrlData`, `rcptSign`) are upper-case base32. */
export const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Lower-case hex, as in KRA's `cmcKey`. */
export const HEX_ALPHABET = '0123456789abcdef';

/** A string of `length` characters drawn from `alphabet`. */
export function randomString(rng: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}
