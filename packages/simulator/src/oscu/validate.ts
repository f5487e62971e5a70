/**
 * Field-table validation for request bodies (docs/kra/etims-oscu.md §3.1). A rule list mirrors one field table; the
 * first failure is reported as the field path, which the operation turns into a `910`.
 * Scalars are coerced the way KRA's Java backend reads them (`coerce.ts`: a number in a CHAR field,
 * numeric text in a NUMBER field) and the body is rewritten with the coerced values, so operations
 * after the check see one type per field. Stricter than KRA where KRA's tolerance is unknown, so
 * that what passes here passes there.
 */
import { asDecimal, asInteger, asText } from './coerce.js';
import { parseCompact, parseDate8 } from './time.js';

/** A JSON object as received. */
export type Body = Record<string, unknown>;

/** How one field is checked. */
export type FieldRule =
  | { field: string; kind: 'string'; required: boolean; max: number; oneOf?: readonly string[] }
  | { field: string; kind: 'integer'; required: boolean; min?: number }
  | { field: string; kind: 'number'; required: boolean; scale: number; min?: number }
  | { field: string; kind: 'datetime14' | 'date8'; required: boolean };

interface Need {
  required?: boolean;
}

/** CHAR(max), optionally restricted to a code list. */
export function str(field: string, max: number, opts: Need & { oneOf?: readonly string[] } = {}): FieldRule {
  return { field, kind: 'string', max, required: opts.required ?? true, ...(opts.oneOf ? { oneOf: opts.oneOf } : {}) };
}

/** `Y`/`N` flag. */
export function yn(field: string, opts: Need = {}): FieldRule {
  return str(field, 1, { ...opts, oneOf: ['Y', 'N'] });
}

/** An integer: a JSON number or integer text (`"205"`); `"INV001"` and `"2.0"` are refused. */
export function int(field: string, opts: Need & { min?: number } = {}): FieldRule {
  return { field, kind: 'integer', required: opts.required ?? true, ...(opts.min !== undefined ? { min: opts.min } : {}) };
}

/** NUMBER(p, scale): a number or decimal text with at most `scale` decimals (amounts and quantities: 2). */
export function num(field: string, opts: Need & { scale?: number; min?: number } = {}): FieldRule {
  return {
    field,
    kind: 'number',
    required: opts.required ?? true,
    scale: opts.scale ?? 2,
    ...(opts.min !== undefined ? { min: opts.min } : {}),
  };
}

/** CHAR(14) `yyyyMMddHHmmss`. */
export function dt14(field: string, opts: Need = {}): FieldRule {
  return { field, kind: 'datetime14', required: opts.required ?? true };
}

/** CHAR(8) `yyyyMMdd`. */
export function d8(field: string, opts: Need = {}): FieldRule {
  return { field, kind: 'date8', required: opts.required ?? true };
}

/** The four audit fields every save carries (§2). */
export const AUDIT_RULES: readonly FieldRule[] = [str('regrId', 20), str('regrNm', 60), str('modrId', 20), str('modrNm', 60)];

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasAtMostDecimals(n: number, scale: number): boolean {
  const scaled = n * 10 ** scale;
  // Binary floating point: 0.1 * 100 is 10.000000000000002, so compare with a tolerance.
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** A field's problem, or its value after coercion. */
type Checked = { problem: string } | { value: unknown };

function checkOne(value: unknown, rule: FieldRule): Checked {
  switch (rule.kind) {
    case 'string': {
      const text = asText(value);
      if (text === undefined) return { problem: 'must be a string' };
      if (text.length > rule.max) return { problem: `must be at most ${rule.max} characters` };
      if (rule.oneOf && !rule.oneOf.includes(text)) return { problem: `must be one of ${rule.oneOf.join(', ')}` };
      return { value: text };
    }
    case 'integer': {
      const n = asInteger(value);
      if (n === undefined) return { problem: 'must be an integer' };
      if (rule.min !== undefined && n < rule.min) return { problem: `must be at least ${rule.min}` };
      return { value: n };
    }
    case 'number': {
      const n = asDecimal(value);
      if (n === undefined) return { problem: 'must be a number' };
      if (!hasAtMostDecimals(n, rule.scale)) return { problem: `must have at most ${rule.scale} decimals` };
      if (rule.min !== undefined && n < rule.min) return { problem: `must be at least ${rule.min}` };
      return { value: n };
    }
    case 'datetime14':
      return typeof value === 'string' && parseCompact(value) !== undefined ? { value } : { problem: 'must be yyyyMMddHHmmss' };
    case 'date8':
      return typeof value === 'string' && parseDate8(value) !== undefined ? { value } : { problem: 'must be yyyyMMdd' };
  }
}

/** True when a field counts as absent (KRA treats empty strings like missing values). */
export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/**
 * Checks `body` against `rules`; returns `"<path><field> <problem>"` for the first failure, or
 * `undefined` when the body conforms. Each checked field is rewritten in place with its coerced
 * value (`"2"` → 2 in a NUMBER field, 2 → `"2"` in a CHAR field), the one place coercion happens.
 */
export function checkFields(body: Body, rules: readonly FieldRule[], path = ''): string | undefined {
  for (const rule of rules) {
    const value = body[rule.field];
    if (isAbsent(value)) {
      if (rule.required) return `${path}${rule.field} is required`;
      continue;
    }
    const checked = checkOne(value, rule);
    if ('problem' in checked) return `${path}${rule.field} ${checked.problem}`;
    body[rule.field] = checked.value;
  }
  return undefined;
}

/** Checks a required non-empty array of objects, each against `rules`. */
export function checkList(body: Body, field: string, rules: readonly FieldRule[]): string | undefined {
  const list = body[field];
  if (!Array.isArray(list) || list.length === 0) return `${field} must be a non-empty array`;
  for (let i = 0; i < list.length; i++) {
    const line: unknown = list[i];
    if (!isObject(line)) return `${field}[${i}] must be an object`;
    const problem = checkFields(line, rules, `${field}[${i}].`);
    if (problem) return problem;
  }
  return undefined;
}

/** Reads an optional string field (`null` when absent), for copying into stored records. */
export function optStr(body: Body, field: string): string | null {
  const v = body[field];
  return typeof v === 'string' && v !== '' ? v : null;
}
