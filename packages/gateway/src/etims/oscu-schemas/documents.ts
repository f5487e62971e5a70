/** The 15 tax fields shared by sales and purchases (§3.1 #14, §6.4): all present, zeros allowed. */
import { amount } from './fields.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;

/** `taxblAmtA..E`, `taxRtA..E`, `taxAmtA..E`, `totTaxblAmt`, `totTaxAmt`, `totAmt`. */
export const taxHeader = {
  ...Object.fromEntries(LETTERS.map((l) => [`taxblAmt${l}`, amount()])),
  ...Object.fromEntries(LETTERS.map((l) => [`taxRt${l}`, amount()])),
  ...Object.fromEntries(LETTERS.map((l) => [`taxAmt${l}`, amount()])),
  totTaxblAmt: amount(),
  totTaxAmt: amount(),
  totAmt: amount(),
} as Record<string, ReturnType<typeof amount>>;
