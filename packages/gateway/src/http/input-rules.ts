/**
 * Rules every route applies to the scalars it accepts, whatever the field: text without invisible
 * or direction-changing characters, numbers that JSON and KRA can carry exactly, and ids that are
 * digits and nothing else. They are here once so that every schema words them alike.
 */
import { z } from 'zod';

/**
 * Characters no name or text of ours may hold: C0 and C1 controls (tab and line breaks are allowed
 * only where text may span lines), DEL, zero-width characters and the bidirectional overrides and
 * isolates. They are invisible in a dashboard, on a receipt or in a log line, so they let one name
 * pass for another (`ACME\u202Edtl` shows as `ACMEltd`) or break what reads them.
 */
const UNSAFE_ANYWHERE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
const LINE_BREAKS_AND_TABS = /[\t\n\r]/;

/** Why `text` is not acceptable, or undefined. `multiLine` allows tabs and line breaks. */
export function unsafeTextProblem(text: string, multiLine = false): string | undefined {
  if (UNSAFE_ANYWHERE.test(text)) return 'must not contain control, zero-width or bidirectional-override characters';
  if (!multiLine && LINE_BREAKS_AND_TABS.test(text)) return 'must be a single line (no tabs or line breaks)';
  return undefined;
}

/** Adds the text rule to a string schema. */
export function safeText<T extends z.ZodType<string>>(schema: T, multiLine = false) {
  return schema.superRefine((text, ctx) => {
    const problem = unsafeTextProblem(text, multiLine);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A required one-line name of at most `max` characters (trimmed). */
export function nameText(max: number) {
  return safeText(z.string({ error: 'must be a string' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`));
}

/**
 * Why `n` cannot be taken as an amount with at most `scale` decimals, or undefined. The decimals are
 * read from the number's shortest exact form (JSON's `1.005` is `"1.005"`), never with a tolerance,
 * so nothing is rounded silently; magnitudes where a double can no longer hold every cent are refused.
 */
export function decimalProblem(n: number, scale: number): string | undefined {
  if (!Number.isFinite(n)) return 'must be a finite number';
  const limit = Math.floor(Number.MAX_SAFE_INTEGER / 10 ** scale);
  if (Math.abs(n) > limit) return `must be at most ${limit} in size (larger values cannot be carried exactly)`;
  const text = String(n);
  const exponent = /e-(\d+)$/.exec(text);
  const decimals = exponent ? Number(exponent[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0) : (text.split('.')[1]?.length ?? 0);
  if (decimals > scale) return scale === 0 ? 'must be a whole number' : `must have at most ${scale} decimals`;
  return undefined;
}

/** Why `n` is not a safe integer, or undefined. */
export function integerProblem(n: number): string | undefined {
  if (!Number.isInteger(n)) return 'must be an integer';
  if (!Number.isSafeInteger(n)) return `must be at most ${Number.MAX_SAFE_INTEGER} in size`;
  return undefined;
}

/**
 * The largest id of a row of ours (a KRA app): PostgreSQL's `serial` is a 4-byte integer, and a
 * larger number in a query is an error of the database, not a row that is missing.
 */
export const MAX_ROW_ID = 2_147_483_647;

/**
 * A positive integer id in a path: digits only, no sign, no spaces, no leading zero (`%201`, `1e0`,
 * `0x1` and `01` are not ids), at most {@link MAX_ROW_ID}.
 */
export const positiveIdParam = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, 'must be a positive integer')
  .transform(Number)
  .pipe(z.number().max(MAX_ROW_ID, `must be at most ${MAX_ROW_ID}`));

/**
 * Why a query or path parameter's value cannot be taken, or undefined: a NUL character, which no
 * parameter of ours has and PostgreSQL cannot even compare (`?search=%00` once answered 500).
 */
export function parameterProblem(value: unknown): string | undefined {
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => typeof v === 'string' && v.includes('\u0000')) ? 'must not contain a NUL character' : undefined;
}

/**
 * {@link parameterProblem} of every path and query parameter, by name; undefined when all are fine.
 * This runs on every request, so the common case allocates nothing.
 */
export function parameterProblems(params: unknown, query: unknown): Record<string, string[]> | undefined {
  if (!hasProblem(params) && !hasProblem(query)) return undefined;
  const errors = new Map<string, string[]>();
  for (const source of [params, query]) {
    if (source === null || typeof source !== 'object') continue;
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
      const problem = parameterProblem(value);
      if (problem) errors.set(name, [problem]);
    }
  }
  return Object.fromEntries(errors);
}

function hasProblem(source: unknown): boolean {
  if (source === null || typeof source !== 'object') return false;
  for (const name in source) {
    if (Object.hasOwn(source, name) && parameterProblem((source as Record<string, unknown>)[name])) return true;
  }
  return false;
}

/** A non-negative integer in a query string (`?limit=`), digits only, with bounds and a default. */
export function queryInteger(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback as never);
}
