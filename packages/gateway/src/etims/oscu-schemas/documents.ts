/**
 * Gateway behaviour on the fiscal documents (sales, purchases, stock IO), on top of KRA's field
 * table: the line count must match the lines, and the older band shape of KRA's own spec sample,
 * which lists fewer tax bands, is made whole.
 */
import { OSCU_TAX_BANDS } from '@ushuru/kra';
import { z } from 'zod';

const BAND_FIELDS = ['taxblAmt', 'taxRt', 'taxAmt'] as const;

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
  for (const letter of OSCU_TAX_BANDS) {
    if (used.has(letter)) continue;
    for (const field of BAND_FIELDS) filled[`${field}${letter}`] ??= 0;
  }
  return filled;
}

/** A document schema that first makes the older band shape whole (see {@link fillUnusedBands}). */
export function withWholeBands<T extends z.ZodType>(schema: T) {
  return z.preprocess(fillUnusedBands, schema);
}

/** A document whose `totItemCnt` must equal the number of its `itemList` entries. */
export function withCountedLines<T extends z.ZodType<{ totItemCnt: number; itemList: readonly unknown[] }>>(schema: T) {
  return schema.refine((b) => b.totItemCnt === b.itemList.length, { message: 'must equal the number of itemList entries', path: ['totItemCnt'] });
}
