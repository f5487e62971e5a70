/**
 * Input that commands read besides flags: a JSON object from a file (`--from FILE`, "-" for stdin),
 * numbers and ids that name their flag when they are wrong, and `CODE:QTY` lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CliError } from './output.js';

/** The JSON object in `file` ("-" reads stdin), or an error naming the flag and the file. */
export function readJsonObject(flag: string, file: string): Record<string, unknown> {
  if (file !== '-' && !existsSync(file)) throw new CliError(`${flag}: no file ${file}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch (err) {
    throw new CliError(`${flag}: ${file} is not valid JSON (${(err as Error).message}).`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`${flag}: ${file} must hold one JSON object.`);
  return parsed as Record<string, unknown>;
}

/** A decimal number (at least `min`), or an error naming the flag. */
export function parseNumber(flag: string, value: string, min = 0): number {
  const n = Number(value);
  if (!/^-?\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n) || n < min) {
    throw new CliError(`${flag} must be a number${min === 0 ? ' (0 or more)' : ` of at least ${min}`}, got "${value}".`);
  }
  return n;
}

/** A positive whole-number id argument (a webhook, a proforma, an app), or an error naming it. */
export function parseId(name: string, value: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value)) throw new CliError(`${name} must be a positive whole number, got "${value}".`);
  return Number(value);
}

export interface QuantityLine {
  item_code: string;
  quantity: number;
  unit_price?: number;
}

/** `CODE:QTY` (or `CODE:QTY:UNIT_PRICE`) flags as lines, or an error naming the flag. */
export function parseQuantityLines(flag: string, values: readonly string[]): QuantityLine[] {
  return values.map((value) => {
    const m = /^([A-Za-z0-9_-]{1,20}):(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(value.trim());
    if (!m || Number(m[2]) <= 0)
      throw new CliError(`${flag} takes ITEM_CODE:QUANTITY or ITEM_CODE:QUANTITY:UNIT_PRICE (e.g. KE2NTU0000001:100), got "${value}".`);
    return { item_code: m[1]!, quantity: Number(m[2]), ...(m[3] !== undefined ? { unit_price: Number(m[3]) } : {}) };
  });
}

/** A comma-separated list without blanks. */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
