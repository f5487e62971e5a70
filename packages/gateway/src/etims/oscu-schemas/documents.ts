/**
 * The 15 tax fields shared by sales and purchases (§3.1 #14, §6.4): all present, zeros allowed —
 * and the older shape of KRA's own spec sample, which lists fewer bands, made whole.
 */
import { z } from 'zod';
import { amount } from './fields.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;
const BAND_FIELDS = ['taxblAmt', 'taxRt', 'taxAmt'] as const;

/** `taxblAmtA..E`, `taxRtA..E`, `taxAmtA..E`, `totTaxblAmt`, `totTaxAmt`, `totAmt`. */
export const taxHeader = {
  ...Object.fromEntries(LETTERS.map((l) => [`taxblAmt${l}`, amount()])),
  ...Object.fromEntries(LETTERS.map((l) => [`taxRt${l}`, amount()])),
  ...Object.fromEntries(LETTERS.map((l) => [`taxAmt${l}`, amount()])),
  totTaxblAmt: amount(),
  totTaxAmt: amount(),
  totAmt: amount(),
} as Record<string, ReturnType<typeof amount>>;

/**
 * KRA's spec sample (inherited from Rwanda's EBM) lists bands A–D only, and clients built on it
 * send no band-E fields; KRA itself now requires all 15 (a 910 otherwise). A band that no line uses
 * is filled with zeros — the value 2026 certification reports say KRA expects there — so such a
 * document goes through. A band that lines use must be complete: nothing is guessed for it.
 */
export function fillUnusedBands(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const body = value as Record<string, unknown>;
  const lines = Array.isArray(body.itemList) ? body.itemList : [];
  const used = new Set(lines.map((line) => (line && typeof line === 'object' ? (line as Record<string, unknown>).taxTyCd : undefined)));
  const filled = { ...body };
  for (const letter of LETTERS) {
    if (used.has(letter)) continue;
    for (const field of BAND_FIELDS) filled[`${field}${letter}`] ??= 0;
  }
  return filled;
}

/** A document schema that first makes the older band shape whole (see {@link fillUnusedBands}). */
export function withWholeBands<T extends z.ZodType>(schema: T) {
  return z.preprocess(fillUnusedBands, schema);
}
