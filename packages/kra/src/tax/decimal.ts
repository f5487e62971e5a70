/**
 * Exact decimal arithmetic on scaled BigInts: a value is held as an integer count of 10^-scale units
 * (cents for money, hundredths for quantities and percentages). Floats never enter the arithmetic,
 * because KRA compares our amounts with its own to the cent and a binary float drifts.
 */
import { TaxInputError } from './errors.js';
import type { RoundingMode } from './types.js';

/** Rules for {@link parseScaled}. */
export interface ParseRules {
  /** Where the value came from, named in the error (`lines[0].qty`). */
  field: string;
  /** Decimal places kept; more (other than trailing zeros) is an error. */
  scale: number;
  /** Digits allowed before the decimal point (KRA's NUMBER(p,s) sizes). */
  maxIntegerDigits: number;
  allowNegative?: boolean;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Shows a refused input without echoing an unbounded string back to the caller. */
function preview(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * Writes a number's shortest decimal string without an exponent (`1e-7` -> `0.0000001`), so that a
 * number is read exactly as it prints and its digits can be checked like a string's.
 */
function plainDigits(value: number): string {
  const text = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Reads a decimal string or number into an integer of 10^-scale units. Accepts `12`, `12.5`,
 * `12.50` and trailing zeros beyond the scale (`1.000`); refuses exponents, spaces, `+`, `.5`, and
 * numbers that are not finite. Numbers are read via their shortest decimal string.
 */
export function parseScaled(value: unknown, rules: ParseRules): bigint {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TaxInputError(rules.field, 'must be a finite number');
    text = plainDigits(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    throw new TaxInputError(rules.field, 'must be a decimal number (a string like "12.50" or a number)');
  }
  const m = DECIMAL.exec(text);
  if (!m) throw new TaxInputError(rules.field, `must be a decimal number like "12.50", got ${preview(text)}`);
  const [, sign = '', int = '', rawFrac = ''] = m;
  const frac = rawFrac.replace(/0+$/, '');
  if (frac.length > rules.scale) throw new TaxInputError(rules.field, `must have at most ${rules.scale} decimals, got ${preview(text)}`);
  const significant = int.replace(/^0+/, '');
  if (significant.length > rules.maxIntegerDigits) {
    throw new TaxInputError(rules.field, `must have at most ${rules.maxIntegerDigits} digits before the decimal point`);
  }
  const units = BigInt(int + frac.padEnd(rules.scale, '0'));
  if (sign === '-' && units !== 0n) {
    if (!rules.allowNegative) throw new TaxInputError(rules.field, 'must not be negative');
    return -units;
  }
  return units;
}

/** Writes an integer of 10^-scale units as a decimal with exactly `scale` decimals (`8621n, 2` -> `"86.21"`). */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/**
 * `numerator / denominator` rounded to an integer: `half_up` sends a tie away from zero (decimal
 * ROUND_HALF_UP, what Odoo and taxid use), `half_even` to the even neighbour (banker's rounding).
 */
export function divRound(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divRound(-numerator, -denominator, mode);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twiceRemainder = (magnitude - quotient * denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && (mode === 'half_up' || quotient % 2n === 1n))) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** The largest amount KRA's NUMBER(18,2) fields hold, in cents. */
export const MAX_AMOUNT_CENTS = 10n ** 18n - 1n;

/** `"86.21"` -> `8621n`. Accepts a leading minus; throws {@link TaxInputError} (field `amount`) on more than 2 decimals or a non-decimal. */
export function toCents(amount: string): bigint {
  return parseScaled(amount, { field: 'amount', scale: 2, maxIntegerDigits: 16, allowNegative: true });
}

/** `8621n` -> `"86.21"`, `-5n` -> `"-0.05"`. */
export function formatCents(cents: bigint): string {
  return formatScaled(cents, 2);
}
