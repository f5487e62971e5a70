/**
 * The gateway's OSCU request schemas against KRA's field table (`OSCU_REQUEST_FIELDS`): every table
 * field is in the schema, with its required flag, length, range, scale and closed code list, and
 * nothing else is; what the gateway adds (whole tax bands, counted lines, `totTaxAmt` read as
 * `taxAmt`, loose objects on raw routes, strict ones on ours) is checked here too.
 */
import { OSCU_OPERATIONS, OSCU_REQUEST_FIELDS, OSCU_TAX_BANDS, type OscuField, type OscuOperationName } from '@ushuru/kra';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldErrors, type IssueLike } from '../../http/field-errors.js';
import {
  exactly,
  fieldsOf,
  OSCU_REQUEST_SCHEMAS,
  saveBhfCustomerSchema,
  saveBhfInsuranceSchema,
  saveBhfUserSchema,
  saveItemCompositionSchema,
  saveItemSchema,
} from './index.js';
import { tableSchema } from './table.js';

type Json = Record<string, unknown>;

const NAMES = OSCU_OPERATIONS.map((op) => op.name);
const tableOf = (op: OscuOperationName): readonly OscuField[] => OSCU_REQUEST_FIELDS[op];

/** A value the table accepts for `field`. */
function validValue(field: OscuField): unknown {
  switch (field.type) {
    case 'char':
      return field.codes?.[0] ?? 'x'.repeat(field.length ?? 1);
    case 'integer':
    case 'number':
      return field.min ?? 0;
    case 'datetime14':
      return '20250115100000';
    case 'date8':
      return '20250115';
    case 'flag':
      return 'N';
    case 'object':
      return validBody(field.fields ?? []);
    case 'list':
      // One line per tax band, so that no band is "unused" and filled in by the gateway.
      return OSCU_TAX_BANDS.map((band, i) => ({ ...validBody(field.fields ?? []), itemSeq: i + 1, taxTyCd: band }));
  }
}

function validBody(fields: readonly OscuField[]): Json {
  const body = Object.fromEntries(fields.map((f) => [f.name, validValue(f)]));
  if (Array.isArray(body.itemList)) body.totItemCnt = body.itemList.length;
  return body;
}

/** The field errors (as the API answers them) of parsing `body`, or `{}`. */
function errorsOf(schema: z.ZodType, body: unknown): Record<string, string[]> {
  const result = schema.safeParse(body, { reportInput: true });
  return result.success ? {} : fieldErrors(result.error.issues as ReadonlyArray<IssueLike>);
}

/** One body wrong in one field, and the error the gateway should name it with. */
interface Probe {
  label: string;
  body: Json;
  path: string;
  /** The expected message; undefined = the body is accepted. */
  message: string | undefined;
}

function probes(root: Json, fields: readonly OscuField[], edit: (body: Json) => Json, path: string): Probe[] {
  const out: Probe[] = [];
  const changed = (name: string, value: unknown, drop = false): Json => {
    const body = structuredClone(root);
    const target = edit(body);
    if (drop) delete target[name];
    else target[name] = value;
    return body;
  };
  for (const field of fields) {
    const at = `${path}${field.name}`;
    out.push({ label: `${at} missing`, body: changed(field.name, undefined, true), path: at, message: field.required ? 'is required' : undefined });
    if (!field.required) {
      // KRA (and the simulator) take null and an empty string in an optional field as a missing value.
      out.push({ label: `${at} null`, body: changed(field.name, null), path: at, message: undefined });
      if (field.type !== 'object' && field.type !== 'list') out.push({ label: `${at} empty`, body: changed(field.name, ''), path: at, message: undefined });
    }
    if (field.type === 'char') {
      if (field.length !== undefined) {
        out.push({
          label: `${at} too long`,
          body: changed(field.name, 'x'.repeat(field.length + 1)),
          path: at,
          message: `must be exactly ${field.length} characters`,
        });
        out.push({
          label: `${at} too short`,
          body: changed(field.name, 'x'.repeat(field.length - 1)),
          path: at,
          message: `must be exactly ${field.length} characters`,
        });
      } else if (field.codes === undefined) {
        const max = field.maxLength ?? 0;
        out.push({ label: `${at} longest`, body: changed(field.name, 'x'.repeat(max)), path: at, message: undefined });
        out.push({ label: `${at} too long`, body: changed(field.name, 'x'.repeat(max + 1)), path: at, message: `must be at most ${max} characters` });
      }
      if (field.codes) {
        out.push({ label: `${at} off its list`, body: changed(field.name, 'ZZ'), path: at, message: `must be one of ${field.codes.join(', ')}` });
      }
    }
    if (field.type === 'flag') out.push({ label: `${at} not Y/N`, body: changed(field.name, 'X'), path: at, message: 'must be Y or N' });
    if (field.type === 'integer') {
      const value = edit(structuredClone(root))[field.name] as number;
      out.push({ label: `${at} a fraction`, body: changed(field.name, value + 0.5), path: at, message: 'must be an integer' });
      out.push({ label: `${at} as text`, body: changed(field.name, String(value)), path: at, message: undefined });
    }
    if (field.type === 'number') {
      out.push({ label: `${at} not a number`, body: changed(field.name, 'abc'), path: at, message: 'must be a number' });
      out.push({
        label: `${at} too many decimals`,
        body: changed(field.name, (field.min ?? 0) + 0.001),
        path: at,
        message: `must have at most ${field.scale} decimals`,
      });
    }
    if ((field.type === 'integer' || field.type === 'number') && field.min !== undefined) {
      const below = field.type === 'integer' ? field.min - 1 : field.min - 0.01;
      out.push({ label: `${at} below its minimum`, body: changed(field.name, below), path: at, message: `must be at least ${field.min}` });
    }
    if (field.max !== undefined)
      out.push({ label: `${at} above its maximum`, body: changed(field.name, field.max + 1), path: at, message: `must be at most ${field.max}` });
    if (field.type === 'datetime14') {
      out.push({ label: `${at} malformed`, body: changed(field.name, '2025-01-15'), path: at, message: 'must be yyyyMMddHHmmss' });
      out.push({ label: `${at} not a real date`, body: changed(field.name, '20250229100000'), path: at, message: 'must be yyyyMMddHHmmss' });
    }
    if (field.type === 'date8') {
      const message = field.alsoDayFirst ? 'must be 8 digits (yyyyMMdd)' : 'must be yyyyMMdd';
      out.push({ label: `${at} malformed`, body: changed(field.name, '2025-01-15'), path: at, message });
      if (!field.alsoDayFirst) out.push({ label: `${at} not a real date`, body: changed(field.name, '20250229'), path: at, message });
    }
    if (field.type === 'object') out.push(...probes(root, field.fields ?? [], (body) => edit(body)[field.name] as Json, `${at}.`));
    if (field.type === 'list') out.push(...probes(root, field.fields ?? [], (body) => (edit(body)[field.name] as Json[])[0]!, `${at}.0.`));
  }
  return out;
}

describe('OSCU request schemas built from the field table', () => {
  it('has a schema for each of the 21 operations', () => {
    expect(Object.keys(OSCU_REQUEST_SCHEMAS).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s: a body with every table field passes', (op) => {
    expect(errorsOf(OSCU_REQUEST_SCHEMAS[op], validBody(tableOf(op)))).toEqual({});
  });

  it.each(NAMES)('%s: the schema has exactly the table fields', (op) => {
    expect(Object.keys(tableSchema(op).shape)).toEqual(tableOf(op).map((f) => f.name));
  });

  it.each(NAMES)('%s: each field is checked as the table says', (op) => {
    const wrong: string[] = [];
    for (const probe of probes(validBody(tableOf(op)), tableOf(op), (body) => body, '')) {
      const errors = errorsOf(OSCU_REQUEST_SCHEMAS[op], probe.body);
      // The field's own message comes first (a wrong totItemCnt is also not the line count).
      const got = Object.keys(errors).length === 0 ? 'accepted' : `${Object.keys(errors).join(', ')}: ${errors[probe.path]?.[0] ?? '?'}`;
      const expected = probe.message === undefined ? 'accepted' : `${probe.path}: ${probe.message}`;
      if (got !== expected) wrong.push(`${probe.label}: expected "${expected}", got ${JSON.stringify(errors)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('reads scalars the way KRA does: numbers for CHAR fields, numeric text for NUMBER fields, a number for a code', () => {
    const body = validBody(tableOf('updateImportItem'));
    const parsed = OSCU_REQUEST_SCHEMAS.updateImportItem.parse({ ...body, itemSeq: '2', modrId: 7, imptItemSttsCd: 4 }) as Json;
    expect(parsed).toMatchObject({ itemSeq: 2, modrId: '7', imptItemSttsCd: '4' });
  });

  it('lets fields beyond the table pass through on raw routes (receipt.rptNo, salesTyCd-like extras)', () => {
    const body = validBody(tableOf('saveTrnsSalesOsdc'));
    const parsed = OSCU_REQUEST_SCHEMAS.saveTrnsSalesOsdc.parse({ ...body, extra: 1, receipt: { ...(body.receipt as Json), rptNo: 12 } }) as Json;
    expect(parsed.extra).toBe(1);
    expect((parsed.receipt as Json).rptNo).toBe(12);
  });
});

describe('gateway behaviour on top of the table', () => {
  it('fills the tax bands no line uses, and requires those lines use', () => {
    const body = validBody(tableOf('saveTrnsSalesOsdc'));
    const oneLine = { ...body, itemList: [(body.itemList as Json[])[1]], totItemCnt: 1 }; // band B only
    for (const letter of ['A', 'C', 'D', 'E']) delete (oneLine as Json)[`taxAmt${letter}`];
    expect(errorsOf(OSCU_REQUEST_SCHEMAS.saveTrnsSalesOsdc, oneLine)).toEqual({});
    delete (oneLine as Json).taxAmtB;
    expect(errorsOf(OSCU_REQUEST_SCHEMAS.saveTrnsSalesOsdc, oneLine)).toEqual({ taxAmtB: ['is required'] });
  });

  it.each(['saveTrnsSalesOsdc', 'insertTrnsPurchase', 'insertStockIO'] as const)(
    '%s: totItemCnt must count the lines, and a line total tax reads as taxAmt',
    (op) => {
      const body = validBody(tableOf(op));
      expect(errorsOf(OSCU_REQUEST_SCHEMAS[op], { ...body, totItemCnt: 1 })).toEqual({ totItemCnt: ['must equal the number of itemList entries'] });
      expect(errorsOf(OSCU_REQUEST_SCHEMAS[op], { ...body, itemList: [] }).itemList).toEqual(['must have at least one line']);
      const [first, ...rest] = body.itemList as Json[];
      const { taxAmt, ...withoutTaxAmt } = first!;
      const parsed = OSCU_REQUEST_SCHEMAS[op].parse({ ...body, itemList: [{ ...withoutTaxAmt, totTaxAmt: taxAmt }, ...rest] }) as { itemList: Json[] };
      expect(parsed.itemList[0]!.taxAmt).toBe(taxAmt);
    },
  );

  it('keeps the exported schemas and their shapes (strict versions for our own routes)', () => {
    const pairs = [
      [saveItemSchema, 'saveItem'],
      [saveItemCompositionSchema, 'saveItemComposition'],
      [saveBhfCustomerSchema, 'saveBhfCustomer'],
      [saveBhfUserSchema, 'saveBhfUser'],
      [saveBhfInsuranceSchema, 'saveBhfInsurance'],
    ] as const;
    for (const [exported, op] of pairs) {
      const schema = exported as z.ZodObject;
      expect(Object.keys(schema.shape)).toEqual(tableOf(op).map((f) => f.name));
      expect(OSCU_REQUEST_SCHEMAS[op]).toBe(exported);
      const body = validBody(tableOf(op));
      expect(errorsOf(exactly(schema), body)).toEqual({});
      expect(errorsOf(exactly(schema), { ...body, tin: 'P051234567Q' })).toEqual({ tin: ['is not a field of this request'] });
      expect(fieldsOf(schema, { ...body, rraModYn: 'N' })).toEqual(body);
    }
  });
});
