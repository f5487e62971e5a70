/**
 * The simulator's own field rules against KRA's field table in @ushuru/kra (`OSCU_REQUEST_FIELDS`).
 * The simulator keeps its rules (its source never imports the table, so that a misreading of KRA's
 * tables is not copied into both sides); this test fails on any difference between the two that is
 * not listed, with its reason, in {@link INTENTIONAL}.
 *
 * Compared per operation, nested `receipt` and `itemList` lines included: field names and their
 * order (the simulator reports the first failing field, like KRA), required flags, kinds, lengths,
 * scales, minimums and maximums, and code lists. A second part sends bodies with one field missing,
 * too long, out of range or off its code list to the simulator, to check that the exported rule
 * lists are the ones it really applies.
 */
import { OSCU_CODE_CLASS_LISTS, OSCU_OPERATIONS, OSCU_REQUEST_FIELDS, YES_NO, type OscuField, type OscuOperationName } from '@ushuru/kra';
import { beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_SEARCH_RULES } from '../src/oscu/operations/basic.js';
import { CUSTOMER_RULES, INSURANCE_RULES, USER_RULES } from '../src/oscu/operations/branches.js';
import { RULES as IMPORT_RULES } from '../src/oscu/operations/imports.js';
import { OPERATIONS } from '../src/oscu/operations/index.js';
import { RULES as INIT_RULES } from '../src/oscu/operations/init.js';
import { COMPOSITION_RULES, SAVE_ITEM_RULES } from '../src/oscu/operations/items.js';
import { HEADER_RULES as PURCHASE_HEADER_RULES, LINE_RULES as PURCHASE_LINE_RULES } from '../src/oscu/operations/purchases.js';
import { HEADER_RULES as SALE_HEADER_RULES, INVOICE_DETAILS_RULES, LINE_RULES as SALE_LINE_RULES, RECEIPT_RULES } from '../src/oscu/operations/sales.js';
import { HEADER_RULES as STOCK_HEADER_RULES, LINE_RULES as STOCK_LINE_RULES, STOCK_MASTER_RULES } from '../src/oscu/operations/stock.js';
import type { FieldRule } from '../src/oscu/validate.js';
import { createHarness, type Json, type OscuHarness } from './oscu-harness.js';

/** How the simulator checks one operation's body. */
type SimulatorChecks =
  /** `readCursor`: `lastReqDt` required, `yyyyMMddHHmmss` (checked by calling the operation below). */
  | 'cursor'
  | {
      rules: readonly FieldRule[];
      /** A required object checked with these rules (`receipt`, after the header rules). */
      object?: { name: string; rules: readonly FieldRule[] };
      /** A required non-empty list, each entry checked with these rules (`checkList`, last). */
      list?: { name: string; rules: readonly FieldRule[] };
    };

/** The simulator's checks of each operation, as its operation modules apply them. */
const SIMULATOR: Record<OscuOperationName, SimulatorChecks> = {
  selectInitOsdcInfo: { rules: INIT_RULES },
  selectCodeList: 'cursor',
  selectCustomer: { rules: CUSTOMER_SEARCH_RULES },
  selectNoticeList: 'cursor',
  selectItemClsList: 'cursor',
  saveItem: { rules: SAVE_ITEM_RULES },
  selectItemList: 'cursor',
  selectBhfList: 'cursor',
  saveBhfCustomer: { rules: CUSTOMER_RULES },
  saveBhfUser: { rules: USER_RULES },
  saveBhfInsurance: { rules: INSURANCE_RULES },
  selectImportItemList: 'cursor',
  updateImportItem: { rules: IMPORT_RULES },
  saveTrnsSalesOsdc: { rules: SALE_HEADER_RULES, object: { name: 'receipt', rules: RECEIPT_RULES }, list: { name: 'itemList', rules: SALE_LINE_RULES } },
  selectTrnsPurchaseSalesList: 'cursor',
  insertTrnsPurchase: { rules: PURCHASE_HEADER_RULES, list: { name: 'itemList', rules: PURCHASE_LINE_RULES } },
  selectStockMoveList: 'cursor',
  insertStockIO: { rules: STOCK_HEADER_RULES, list: { name: 'itemList', rules: STOCK_LINE_RULES } },
  saveStockMaster: { rules: STOCK_MASTER_RULES },
  saveItemComposition: { rules: COMPOSITION_RULES },
  selectInvoiceDetails: { rules: INVOICE_DETAILS_RULES },
};

/**
 * Differences between the table and the simulator's rule lists that are intended, each with why.
 * A difference not listed here fails the test, and so does an entry that no longer matches one.
 */
const INTENTIONAL: Readonly<Record<string, string>> = {
  // A PIN is 11 characters and a branch id 2, so the table (and the gateway) want exactly that.
  // The simulator's rules check the CHAR(n) maximum only: a shorter value then finds no device
  // (901) or no taxpayer (001), a refusal either way, as at KRA.
  'selectInitOsdcInfo.tin: exactLength: table 11, simulator none': 'PIN format; the simulator refuses it later (901)',
  'selectInitOsdcInfo.bhfId: exactLength: table 2, simulator none': 'branch id format; the simulator refuses it later (901)',
  'selectCustomer.custmTin: exactLength: table 11, simulator none': 'PIN format; the simulator answers 001 for it',
  'saveBhfCustomer.custTin: exactLength: table 11, simulator none': 'PIN format; the gateway refuses a shorter PIN before KRA sees it',
  // The whole-percentage limit of an insurer's rate is checked by the simulator's operation right
  // after its rule list (`isrcRt must be at most 100`, the same 910), not in the list itself.
  'saveBhfInsurance.isrcRt: max: table 100, simulator none': 'checked in saveBhfInsurance after the rules (see the behaviour tests below)',
  // `dclDe` is a date in KRA's table but Odoo writes it day first and KRA takes it: the simulator
  // reads it as CHAR(8) and then requires a real date in either order (normalizeDclDe).
  'updateImportItem.dclDe: kind: table date8, simulator string': 'either date order; the simulator checks the date itself after the rules',
  'updateImportItem.dclDe: maxLength: table none, simulator 8': 'the simulator reads dclDe as CHAR(8) before reading it as a date',
};

/** One field as both sides can describe it. */
interface Described {
  kind: string;
  required: boolean;
  /** CHAR(n): the longest text. */
  maxLength?: number;
  /** The exact length (the simulator has no such rule). */
  exactLength?: number;
  scale?: number;
  min?: number;
  max?: number;
  codes?: string;
}

const KEYS = ['kind', 'required', 'maxLength', 'exactLength', 'scale', 'min', 'max', 'codes'] as const;

/** The values of a table field's code list: its closed list, or its code class's list when one is written out. */
function codesOf(field: OscuField): readonly string[] | undefined {
  if (field.type === 'flag') return YES_NO;
  return field.codes ?? (field.codeClass === undefined ? undefined : OSCU_CODE_CLASS_LISTS[field.codeClass]);
}

/** A table field in the simulator's terms: CHAR and Y/N are strings, a flag is CHAR(1) of Y/N. */
function describeTableField(field: OscuField): Described {
  const codes = codesOf(field);
  return {
    kind: field.type === 'char' || field.type === 'flag' ? 'string' : field.type,
    required: field.required,
    maxLength: field.type === 'flag' ? 1 : (field.maxLength ?? field.length),
    exactLength: field.length,
    scale: field.scale,
    min: field.min,
    max: field.max,
    codes: codes?.join(', '),
  };
}

function describeRule(rule: FieldRule): Described {
  return {
    kind: rule.kind,
    required: rule.required,
    maxLength: rule.kind === 'string' ? rule.max : undefined,
    scale: rule.kind === 'number' ? rule.scale : undefined,
    min: rule.kind === 'integer' || rule.kind === 'number' ? rule.min : undefined,
    codes: rule.kind === 'string' ? rule.oneOf?.join(', ') : undefined,
  };
}

const show = (v: unknown): string => (v === undefined ? 'none' : String(v));

/** The differences between two field lists, as `op.path: what: table …, simulator …` lines. */
function compareLists(where: string, table: readonly OscuField[], rules: readonly FieldRule[]): string[] {
  const out: string[] = [];
  const tableNames = table.map((f) => f.name);
  const simNames = rules.map((r) => r.field);
  for (const name of tableNames) if (!simNames.includes(name)) out.push(`${where}${name}: in the table only`);
  for (const name of simNames) if (!tableNames.includes(name)) out.push(`${where}${name}: in the simulator only`);
  const inBoth = (names: string[], other: string[]) => names.filter((n) => other.includes(n)).join(', ');
  if (inBoth(tableNames, simNames) !== inBoth(simNames, tableNames)) {
    out.push(`${where}: order: table ${inBoth(tableNames, simNames)}; simulator ${inBoth(simNames, tableNames)}`);
  }
  for (const field of table) {
    const rule = rules.find((r) => r.field === field.name);
    if (!rule) continue;
    const a = describeTableField(field);
    const b = describeRule(rule);
    for (const key of KEYS) if (a[key] !== b[key]) out.push(`${where}${field.name}: ${key}: table ${show(a[key])}, simulator ${show(b[key])}`);
  }
  return out;
}

/** All differences of one operation. */
function differences(operation: OscuOperationName): string[] {
  const table: readonly OscuField[] = OSCU_REQUEST_FIELDS[operation];
  const checks = SIMULATOR[operation];
  if (checks === 'cursor') {
    const only = table.length === 1 ? table[0] : undefined;
    return only?.name === 'lastReqDt' && only.type === 'datetime14' && only.required ? [] : [`${operation}: the simulator reads a lastReqDt cursor only`];
  }
  const nested = [checks.object, checks.list].filter((n) => n !== undefined);
  const scalars = table.filter((f) => f.type !== 'object' && f.type !== 'list');
  const out = compareLists(`${operation}.`, scalars, checks.rules);
  for (const field of table.filter((f) => f.type === 'object' || f.type === 'list')) {
    const sim = nested.find((n) => n.name === field.name);
    if (!sim) {
      out.push(`${operation}.${field.name}: in the table only`);
      continue;
    }
    // The simulator requires both nested parts (`receipt is required`, `itemList must be a non-empty array`).
    if (!field.required) out.push(`${operation}.${field.name}: required: table false, simulator true`);
    if (field.type === 'list' && field.min !== 1) out.push(`${operation}.${field.name}: min: table ${show(field.min)}, simulator 1`);
    if (field.type !== (sim === checks.list ? 'list' : 'object')) out.push(`${operation}.${field.name}: kind: table ${field.type}`);
    out.push(...compareLists(`${operation}.${field.name}.`, field.fields ?? [], sim.rules));
  }
  for (const sim of nested) if (!table.some((f) => f.name === sim.name)) out.push(`${operation}.${sim.name}: in the simulator only`);
  return out;
}

const NAMES = OSCU_OPERATIONS.map((op) => op.name);

describe("the simulator's field rules against KRA's field table", () => {
  it('covers the same 21 operations', () => {
    expect(OPERATIONS.map((op) => op.hostA)).toEqual(NAMES);
    expect(Object.keys(SIMULATOR).sort()).toEqual([...NAMES].sort());
  });

  it('differs from the table only where INTENTIONAL says so', () => {
    const found = NAMES.flatMap(differences);
    expect(found.filter((d) => !(d in INTENTIONAL))).toEqual([]);
    expect(Object.keys(INTENTIONAL).filter((d) => !found.includes(d))).toEqual([]);
  });

  it('reads a cursor exactly for the operations KRA lists as cursor reads', () => {
    for (const op of OSCU_OPERATIONS) expect(SIMULATOR[op.name] === 'cursor', op.name).toBe(op.cursor);
  });
});

// ---------------------------------------------------------------------------------------------
// Behaviour: the simulator, called, refuses what the table says KRA refuses, naming the field.

/** A value the table accepts for `field` (the first code of its list, the minimum, …). */
function validValue(field: OscuField): unknown {
  switch (field.type) {
    case 'char':
      return codesOf(field)?.[0] ?? 'x'.repeat(field.length ?? 1);
    case 'integer':
    case 'number':
      return field.min ?? 0;
    case 'datetime14':
      return '20250115100000';
    case 'date8':
      return '20250115';
    case 'flag':
      return 'Y';
    case 'object':
      return validBody(field.fields ?? []);
    case 'list':
      return [validBody(field.fields ?? [])];
  }
}

function validBody(fields: readonly OscuField[]): Json {
  return Object.fromEntries(fields.map((f) => [f.name, validValue(f)]));
}

/** One body and the 910 detail the simulator should answer it with (`accepted`: no 910 naming `path`). */
interface Probe {
  label: string;
  body: Json;
  detail: string;
  path?: string;
  accepted?: boolean;
}

/** Bodies valid but for one field, for each field of `fields` (nested under `path` in `root`). */
function probes(root: Json, fields: readonly OscuField[], edit: (body: Json) => Json, path: string): Probe[] {
  const out: Probe[] = [];
  const withField = (name: string, value: unknown, drop = false): Json => {
    const body = structuredClone(root);
    const target = edit(body);
    if (drop) delete target[name];
    else target[name] = value;
    return body;
  };
  for (const field of fields) {
    const at = `${path}${field.name}`;
    if (field.required) {
      const detail = field.type === 'list' ? `${at} must be a non-empty array` : `${at} is required`;
      out.push({ label: `${at} missing`, body: withField(field.name, undefined, true), detail });
    } else if (field.type !== 'object' && field.type !== 'list') {
      // An optional field may be left empty: KRA takes an empty string as a missing value.
      out.push({ label: `${at} empty`, body: withField(field.name, ''), detail: '', path: at, accepted: true });
    }
    if (field.type === 'datetime14')
      out.push({ label: `${at} not a real date`, body: withField(field.name, '20250229100000'), detail: `${at} must be yyyyMMddHHmmss` });
    if (field.type === 'date8' && !field.alsoDayFirst)
      out.push({ label: `${at} not a real date`, body: withField(field.name, '20250229'), detail: `${at} must be yyyyMMdd` });
    if (field.type === 'char') {
      const longest = field.length ?? field.maxLength ?? 0;
      out.push({ label: `${at} too long`, body: withField(field.name, 'x'.repeat(longest + 1)), detail: `${at} must be at most ${longest} characters` });
    }
    const codes = codesOf(field);
    if (codes) {
      const wrong = field.type === 'flag' ? 'X' : 'ZZ';
      out.push({ label: `${at} off its list`, body: withField(field.name, wrong), detail: `${at} must be one of ${codes.join(', ')}` });
    }
    if ((field.type === 'integer' || field.type === 'number') && field.min !== undefined) {
      const below = field.type === 'integer' ? field.min - 1 : field.min - 0.01;
      out.push({ label: `${at} below its minimum`, body: withField(field.name, below), detail: `${at} must be at least ${field.min}` });
    }
    if (field.max !== undefined) {
      out.push({ label: `${at} above its maximum`, body: withField(field.name, field.max + 1), detail: `${at} must be at most ${field.max}` });
    }
    if (field.type === 'number' && field.scale !== undefined) {
      const tooFine = (field.min ?? 0) + 10 ** -(field.scale + 1);
      out.push({ label: `${at} too many decimals`, body: withField(field.name, tooFine), detail: `${at} must have at most ${field.scale} decimals` });
    }
    if (field.type === 'object') {
      out.push(...probes(root, field.fields ?? [], (body) => edit(body)[field.name] as Json, `${at}.`));
    }
    if (field.type === 'list') {
      out.push(...probes(root, field.fields ?? [], (body) => (edit(body)[field.name] as Json[])[0]!, `${at}[0].`));
    }
  }
  return out;
}

describe('the simulator refuses what the table refuses, naming the field (910)', () => {
  let h: OscuHarness;
  let hdr: Record<string, string>;
  beforeAll(async () => {
    h = createHarness();
    hdr = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
  });

  it.each(NAMES.filter((name) => SIMULATOR[name] !== 'cursor'))('%s', async (operation) => {
    const fields: readonly OscuField[] = OSCU_REQUEST_FIELDS[operation];
    // Device initialization is called without business headers (the device is what it sets up).
    const headers = operation === 'selectInitOsdcInfo' ? {} : hdr;
    const wrong: string[] = [];
    for (const probe of probes(validBody(fields), fields, (body) => body, '')) {
      const res = await h.a(operation, probe.body, headers);
      if (probe.accepted) {
        if (res.resultCd === '910' && String(res.resultMsg).includes(`: ${String(probe.path)} `))
          wrong.push(`${probe.label}: refused, "${String(res.resultMsg)}"`);
      } else if (res.resultCd !== '910' || !String(res.resultMsg).endsWith(`: ${probe.detail}`)) {
        wrong.push(`${probe.label}: expected 910 "${probe.detail}", got ${String(res.resultCd)} "${String(res.resultMsg)}"`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(NAMES.filter((name) => SIMULATOR[name] === 'cursor'))('%s refuses a missing or malformed lastReqDt', async (operation) => {
    expect(await h.a(operation, {}, hdr)).toMatchObject({ resultCd: '910', resultMsg: expect.stringMatching(/: lastReqDt is required$/) });
    expect(await h.a(operation, { lastReqDt: '20251301000000' }, hdr)).toMatchObject({
      resultCd: '910',
      resultMsg: expect.stringMatching(/: lastReqDt must be yyyyMMddHHmmss$/),
    });
  });
});
