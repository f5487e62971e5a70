/** The OSCU request field table and code lists: internally consistent, and the wire types derived from them. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as codeLists from '../src/oscu/code-lists.js';
import {
  CREDIT_NOTE_REASONS,
  IMPORT_ITEM_DECISIONS,
  IMPORT_ITEM_STATUSES,
  ITEM_TYPES,
  OSCU_CODE_CLASS_LISTS,
  OSCU_OPERATIONS,
  OSCU_REQUEST_FIELDS,
  OSCU_TAX_BANDS,
  OSCU_TAX_HEADER_FIELDS,
  PAYMENT_TYPES,
  STOCK_IN_TYPES,
  STOCK_IO_TYPES,
  STOCK_OUT_TYPES,
  type OscuField,
  type OscuOperationName,
  type OscuRequestOf,
  type SalesItem,
  type SalesReceipt,
  type SalesTransactionRequest,
  type SaveBranchCustomerRequest,
  type SaveItemRequest,
} from '../src/index.js';

const NAMES = OSCU_OPERATIONS.map((op) => op.name);
const fieldsOf = (op: OscuOperationName): readonly OscuField[] => OSCU_REQUEST_FIELDS[op];

/** Every field with its dotted path, nested fields included. */
function walk(fields: readonly OscuField[], prefix = ''): Array<{ path: string; field: OscuField }> {
  return fields.flatMap((field) => [{ path: `${prefix}${field.name}`, field }, ...walk(field.fields ?? [], `${prefix}${field.name}.`)]);
}

const ALL = NAMES.flatMap((op) => walk(fieldsOf(op)).map((entry) => ({ op, ...entry })));
const where = (e: { op: string; path: string }) => `${e.op}.${e.path}`;
const isPositiveInteger = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;

describe('OSCU_REQUEST_FIELDS', () => {
  it('has an entry for each of the 21 operations and no other', () => {
    expect(NAMES).toHaveLength(21);
    expect(Object.keys(OSCU_REQUEST_FIELDS).sort()).toEqual([...NAMES].sort());
    for (const op of NAMES) expect(fieldsOf(op).length, op).toBeGreaterThan(0);
  });

  it('names each field once per object', () => {
    const lists = NAMES.flatMap((op) => [
      { at: op, fields: fieldsOf(op) },
      ...walk(fieldsOf(op))
        .filter((e) => e.field.fields)
        .map((e) => ({ at: `${op}.${e.path}`, fields: e.field.fields! })),
    ]);
    for (const { at, fields } of lists) {
      const names = fields.map((f) => f.name);
      expect(
        names.filter((n, i) => names.indexOf(n) !== i),
        at,
      ).toEqual([]);
    }
  });

  it('spells field names the way KRA does (camelCase letters and digits)', () => {
    for (const e of ALL) expect(e.field.name, where(e)).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });

  it('gives every CHAR field one positive length, maximum or exact, and no other field a length', () => {
    for (const e of ALL) {
      const { field } = e;
      if (field.type === 'char') {
        expect(
          [field.maxLength, field.length].filter((n) => n !== undefined),
          where(e),
        ).toHaveLength(1);
        expect(isPositiveInteger(field.maxLength ?? field.length), where(e)).toBe(true);
      } else {
        expect(field.maxLength, where(e)).toBeUndefined();
        expect(field.length, where(e)).toBeUndefined();
      }
    }
  });

  it('gives every NUMBER field a scale (2), and no other field one', () => {
    for (const e of ALL) {
      if (e.field.type === 'number') expect(e.field.scale, where(e)).toBe(2);
      else expect(e.field.scale, where(e)).toBeUndefined();
    }
  });

  it('puts minimums and maximums on numbers and lists only, in order', () => {
    for (const e of ALL) {
      const { field } = e;
      if (field.min === undefined && field.max === undefined) continue;
      expect(['integer', 'number', 'list'], where(e)).toContain(field.type);
      if (field.min !== undefined && field.max !== undefined) expect(field.min, where(e)).toBeLessThanOrEqual(field.max);
      if (field.type === 'integer') for (const n of [field.min, field.max]) if (n !== undefined) expect(Number.isInteger(n), where(e)).toBe(true);
    }
  });

  it('gives every integer a minimum (KRA numbers are never negative) and every list at least one entry', () => {
    for (const e of ALL) {
      if (e.field.type === 'integer') expect(e.field.min, where(e)).toBeGreaterThanOrEqual(0);
      if (e.field.type === 'list') expect(e.field.min, where(e)).toBe(1);
    }
  });

  it('keeps code lists on CHAR fields: non-empty, distinct, fitting the length, within their code class', () => {
    for (const e of ALL) {
      const { field } = e;
      if (field.codes === undefined && field.codeClass === undefined) continue;
      expect(field.type, where(e)).toBe('char');
      if (field.codeClass !== undefined) expect(field.codeClass, where(e)).toMatch(/^\d{2}$/);
      if (field.codes === undefined) continue;
      expect(field.codes.length, where(e)).toBeGreaterThan(0);
      expect(new Set(field.codes).size, where(e)).toBe(field.codes.length);
      for (const code of field.codes) {
        expect(code.length, `${where(e)} ${code}`).toBeLessThanOrEqual(field.maxLength ?? field.length ?? 0);
        if (field.length !== undefined) expect(code.length, `${where(e)} ${code}`).toBe(field.length);
      }
      const classList = field.codeClass === undefined ? undefined : OSCU_CODE_CLASS_LISTS[field.codeClass];
      if (classList) for (const code of field.codes) expect(classList, `${where(e)} ${code}`).toContain(code);
    }
  });

  it('nests fields in objects and lists only, and other options only where they mean something', () => {
    for (const e of ALL) {
      const { field } = e;
      if (field.type === 'object' || field.type === 'list') expect(field.fields?.length, where(e)).toBeGreaterThan(0);
      else expect(field.fields, where(e)).toBeUndefined();
      if (field.alsoDayFirst !== undefined) expect(field.type, where(e)).toBe('date8');
      if (field.unverified !== undefined) expect(field.unverified.length, where(e)).toBeGreaterThan(20);
    }
  });

  it('gives the list operations exactly a required lastReqDt cursor', () => {
    for (const op of OSCU_OPERATIONS) {
      const fields = fieldsOf(op.name);
      const isCursor = fields.length === 1 && fields[0]!.name === 'lastReqDt' && fields[0]!.type === 'datetime14' && fields[0]!.required;
      expect(isCursor, op.name).toBe(op.cursor);
    }
  });

  it('gives every save its audit fields', () => {
    for (const op of OSCU_OPERATIONS.filter((o) => o.kind === 'write' || o.kind === 'fiscal')) {
      const names = fieldsOf(op.name).map((f) => f.name);
      const registered = names.includes('regrId') && names.includes('regrNm');
      const modified = names.includes('modrId') && names.includes('modrNm');
      expect(registered || modified, op.name).toBe(true);
    }
  });

  it('gives sales and purchases all 15 tax band fields and the three totals, required amounts from 0', () => {
    expect(OSCU_TAX_BANDS).toEqual(['A', 'B', 'C', 'D', 'E']);
    const bands = ['taxblAmt', 'taxRt', 'taxAmt'].flatMap((f) => OSCU_TAX_BANDS.map((l) => `${f}${l}`));
    expect(bands).toHaveLength(15);
    expect(OSCU_TAX_HEADER_FIELDS).toEqual([...bands, 'totTaxblAmt', 'totTaxAmt', 'totAmt']);
    for (const op of ['saveTrnsSalesOsdc', 'insertTrnsPurchase'] as const) {
      for (const name of OSCU_TAX_HEADER_FIELDS) {
        const field = fieldsOf(op).find((f) => f.name === name);
        expect(field, `${op}.${name}`).toMatchObject({ type: 'number', required: true, scale: 2, min: 0 });
      }
    }
    const stock = fieldsOf('insertStockIO').map((f) => f.name);
    for (const name of ['totTaxblAmt', 'totTaxAmt', 'totAmt']) expect(stock).toContain(name);
  });

  it('gives the fiscal documents a counted, non-empty itemList of numbered, taxed lines', () => {
    for (const op of OSCU_OPERATIONS.filter((o) => o.kind === 'fiscal')) {
      const fields = fieldsOf(op.name);
      expect(
        fields.find((f) => f.name === 'totItemCnt'),
        op.name,
      ).toMatchObject({ type: 'integer', required: true, min: 1 });
      const list = fields.find((f) => f.name === 'itemList');
      expect(list, op.name).toMatchObject({ type: 'list', required: true, min: 1 });
      const line = list!.fields!;
      expect(line[0], op.name).toMatchObject({ name: 'itemSeq', type: 'integer', required: true, min: 1 });
      for (const name of ['taxblAmt', 'taxAmt', 'totAmt'])
        expect(
          line.find((f) => f.name === name),
          `${op.name} ${name}`,
        ).toMatchObject({ type: 'number', required: true });
      expect(
        line.find((f) => f.name === 'taxTyCd'),
        op.name,
      ).toMatchObject({ type: 'char', required: true, codeClass: '04' });
      // The line tax is taxAmt, never the transcribed table's totTaxAmt (KRA's samples, Odoo's live payloads).
      expect(
        line.find((f) => f.name === 'totTaxAmt'),
        op.name,
      ).toBeUndefined();
    }
  });

  it('keeps the protocol facts the gateway and the simulator agree on', () => {
    const find = (op: OscuOperationName, name: string) => fieldsOf(op).find((f) => f.name === name);
    expect(find('saveTrnsSalesOsdc', 'rcptTyCd')?.codes).toEqual(['S', 'R']);
    expect(find('insertTrnsPurchase', 'rcptTyCd')?.codes).toEqual(['P', 'R']);
    expect(find('insertTrnsPurchase', 'regTyCd')?.codes).toEqual(['A', 'M']);
    expect(find('insertStockIO', 'regTyCd')?.codes).toEqual(['A', 'M']);
    expect(find('updateImportItem', 'imptItemSttsCd')?.codes).toEqual(['3', '4']);
    expect(find('selectInitOsdcInfo', 'tin')).toMatchObject({ type: 'char', length: 11 });
    expect(find('saveTrnsSalesOsdc', 'salesTyCd')).toMatchObject({ required: false, unverified: expect.any(String) });
    expect(find('saveBhfInsurance', 'isrcRt')).toMatchObject({ type: 'integer', min: 0, max: 100 });
    expect(find('saveStockMaster', 'rsdQty')?.min).toBeUndefined();
  });
});

describe('OSCU code lists', () => {
  // Every exported list, so a new one is checked without anyone adding it here.
  const lists: Record<string, readonly string[]> = Object.fromEntries(
    Object.entries(codeLists as Record<string, unknown>).filter((entry): entry is [string, readonly string[]] => Array.isArray(entry[1])),
  );

  it('are all here', () => {
    expect(Object.keys(lists).length).toBeGreaterThanOrEqual(16);
  });

  it('are non-empty lists of distinct codes', () => {
    for (const [name, list] of Object.entries(lists)) {
      expect(list.length, name).toBeGreaterThan(0);
      expect(new Set(list).size, name).toBe(list.length);
    }
  });

  it('hold the codes KRA publishes', () => {
    expect(PAYMENT_TYPES).toEqual(['01', '02', '03', '04', '05', '06', '07']);
    expect(CREDIT_NOTE_REASONS).toEqual(['01', '02', '03', '04', '05', '06']);
    expect(ITEM_TYPES).toEqual(['1', '2', '3']);
    expect(STOCK_IO_TYPES).toEqual([...STOCK_IN_TYPES, ...STOCK_OUT_TYPES]);
    expect(STOCK_IN_TYPES.every((c) => c < '10') && STOCK_OUT_TYPES.every((c) => c > '10')).toBe(true);
    for (const code of IMPORT_ITEM_DECISIONS) expect(IMPORT_ITEM_STATUSES).toContain(code);
  });

  it('are indexed by their code class', () => {
    for (const cls of Object.keys(OSCU_CODE_CLASS_LISTS)) expect(cls).toMatch(/^\d{2}$/);
    expect(OSCU_CODE_CLASS_LISTS['07']).toBe(PAYMENT_TYPES);
    expect(OSCU_CODE_CLASS_LISTS['12']).toBe(STOCK_IO_TYPES);
    // Every code class a field names is either written out here or a long list only KRA's sync can give.
    const named = new Set(ALL.map((e) => e.field.codeClass).filter((c) => c !== undefined));
    expect([...named].filter((c) => !(c in OSCU_CODE_CLASS_LISTS)).sort()).toEqual(['05', '10', '17']);
  });
});

describe('wire types derived from the table', () => {
  it('types required fields as present and optional ones as nullable', () => {
    expectTypeOf<SalesTransactionRequest['invcNo']>().toEqualTypeOf<number>();
    expectTypeOf<SalesTransactionRequest['trdInvcNo']>().toEqualTypeOf<string>();
    expectTypeOf<SalesTransactionRequest['custTin']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<SalesReceipt['rcptPbctDt']>().toEqualTypeOf<string>();
    expectTypeOf<SalesItem['taxAmt']>().toEqualTypeOf<number>();
    expectTypeOf<SalesItem['isrcRt']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<SaveItemRequest['dftPrc']>().toEqualTypeOf<number>();
    expectTypeOf<SaveBranchCustomerRequest['modrId']>().toEqualTypeOf<string>();
    expectTypeOf<OscuRequestOf<'insertStockIO'>['itemList'][number]['totDcAmt']>().toEqualTypeOf<number>();
    expectTypeOf<OscuRequestOf<'selectCodeList'>>().toEqualTypeOf<{ lastReqDt: string }>();
  });

  it('has a key for every table field', () => {
    expectTypeOf<keyof SaveItemRequest>().toEqualTypeOf<(typeof OSCU_REQUEST_FIELDS.saveItem)[number]['name']>();
    expectTypeOf<keyof SalesItem>().toEqualTypeOf<
      Extract<(typeof OSCU_REQUEST_FIELDS.saveTrnsSalesOsdc)[number], { name: 'itemList' }>['fields'][number]['name']
    >();
  });
});
