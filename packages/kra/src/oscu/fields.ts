/**
 * The request fields of the 21 OSCU operations: one table that the gateway builds its request
 * schemas from and the simulator's own rule lists are tested against (the simulator does not import
 * it, so that a misreading here is caught there instead of being copied into both).
 *
 * Where the facts come from:
 * - KRA's OSCU specification v2.0, the field table of each request object (`TrnsSalesSaveWrReq`,
 *   `ItemSaveReq`, …): names, CHAR(n) lengths, NUMBER types, which fields are required;
 * - KRA's own sample payloads, where they differ from the tables (they carry `salesTyCd` and
 *   `receipt.rptNo`, name the line tax `taxAmt`, and list all five tax bands A–E);
 * - the payloads of Odoo's eTIMS module, which were live-tested against KRA (numbers sent for CHAR
 *   fields, `dclDe` written day first, no `salesTyCd`): what they send and KRA accepts is accepted.
 * Where those sources disagree the field says so in `unverified`.
 *
 * CHAR(n) is a maximum length; KRA treats an empty string like a missing value. NUMBER fields are
 * amounts and quantities with at most 2 decimals (`scale`), or integers. Dates are text in Kenyan
 * time: `yyyyMMddHHmmss` (datetime14) and `yyyyMMdd` (date8).
 */
import { IMPORT_ITEM_DECISIONS, PURCHASE_RECEIPT_TYPES, REGISTRATION_TYPES, SALES_RECEIPT_TYPES, TAX_TYPES } from './code-lists.js';
import type { OscuOperationName } from './operations.js';

/**
 * How a field is written on the wire:
 * - `char`: text, at most `maxLength` characters (CHAR(n)) or exactly `length`;
 * - `integer`: a whole number (NUMBER without decimals);
 * - `number`: a decimal with at most `scale` decimals;
 * - `datetime14`: `yyyyMMddHHmmss`; `date8`: `yyyyMMdd`;
 * - `flag`: `Y` or `N`;
 * - `object`: one nested object (`receipt`), its `fields` given;
 * - `list`: a list of objects (`itemList`), the fields of one entry given.
 */
export type OscuFieldType = 'char' | 'integer' | 'number' | 'datetime14' | 'date8' | 'flag' | 'object' | 'list';

/** One field of a request object. */
export interface OscuField {
  /** The name exactly as KRA spells it. */
  readonly name: string;
  readonly type: OscuFieldType;
  /** False when the field may be left out (or sent as null or an empty string). */
  readonly required: boolean;
  /** `char`: CHAR(n), the longest text KRA takes. */
  readonly maxLength?: number;
  /** `char`: the exact length (a PIN `tin` is 11 characters, a branch id 2). */
  readonly length?: number;
  /** `number`: the most decimals (2 for amounts, quantities and rates). */
  readonly scale?: number;
  /** `integer`/`number`: the smallest value; `list`: the fewest entries. */
  readonly min?: number;
  /** `integer`/`number`: the largest value. */
  readonly max?: number;
  /**
   * `char`: a closed list of values, fixed by the protocol (receipt types `S`/`R`, `A`/`M`): any
   * other value is refused. Fields whose values come from one of KRA's code classes name the class
   * in `codeClass` instead, since KRA may add codes there.
   */
  readonly codes?: readonly string[];
  /** `char`: the `selectCodeList` class (`cdCls`) the values come from, e.g. `07` for `pmtTyCd`. */
  readonly codeClass?: string;
  /** `date8`: KRA also takes the date written day first (`ddMMyyyy`); see `unverified`. */
  readonly alsoDayFirst?: boolean;
  /** `object`: its fields; `list`: the fields of one entry. */
  readonly fields?: readonly OscuField[];
  /** Where KRA's material disagrees about this field, and what the table follows. */
  readonly unverified?: string;
}

// Builders for the table below. Each returns a required field with its literal name and type
// (so that typed schemas and wire types can be derived from the table); `opt` makes it optional.

type Field<N extends string, T extends OscuFieldType> = { readonly name: N; readonly type: T; readonly required: true };
type CharExtras = Pick<OscuField, 'codes' | 'codeClass' | 'unverified'>;
type Extras = Pick<OscuField, 'unverified'>;

/** CHAR(maxLength). */
function char<const N extends string, const E extends CharExtras = object>(name: N, maxLength: number, extras?: E) {
  return { name, type: 'char', required: true, maxLength, ...extras } as Field<N, 'char'> & { readonly maxLength: number } & E;
}

/** CHAR of exactly `length` characters. */
function fixed<const N extends string>(name: N, length: number) {
  return { name, type: 'char', required: true, length } as Field<N, 'char'> & { readonly length: number };
}

/** An integer of at least `min` (and at most `max`). */
function int<const N extends string>(name: N, min: number, max?: number) {
  return { name, type: 'integer', required: true, min, ...(max === undefined ? {} : { max }) } as Field<N, 'integer'> & { readonly min: number };
}

/** A NUMBER with 2 decimals, at least `min` unless `min` is undefined. */
function num<const N extends string, const E extends Extras = object>(name: N, min: number | undefined, extras?: E) {
  return { name, type: 'number', required: true, scale: 2, ...(min === undefined ? {} : { min }), ...extras } as Field<N, 'number'> & {
    readonly scale: number;
  } & E;
}

/** `yyyyMMddHHmmss`. */
function dt14<const N extends string>(name: N) {
  return { name, type: 'datetime14', required: true } as Field<N, 'datetime14'>;
}

/** `yyyyMMdd`. */
function d8<const N extends string, const E extends Pick<OscuField, 'alsoDayFirst' | 'unverified'> = object>(name: N, extras?: E) {
  return { name, type: 'date8', required: true, ...extras } as Field<N, 'date8'> & E;
}

/** `Y`/`N`. */
function flag<const N extends string>(name: N) {
  return { name, type: 'flag', required: true } as Field<N, 'flag'>;
}

/** A nested object. */
function object<const N extends string, const F extends readonly OscuField[], const E extends Extras = object>(name: N, fields: F, extras?: E) {
  return { name, type: 'object', required: true, fields, ...extras } as Field<N, 'object'> & { readonly fields: F } & E;
}

/** A non-empty list of objects. */
function list<const N extends string, const F extends readonly OscuField[]>(name: N, fields: F) {
  return { name, type: 'list', required: true, min: 1, fields } as Field<N, 'list'> & { readonly min: number; readonly fields: F };
}

/** The same field, optional. */
function opt<const F extends OscuField>(field: F) {
  return { ...field, required: false } as Omit<F, 'required'> & { readonly required: false };
}

/** The line tax: the name KRA's samples and Odoo use (the transcribed table says otherwise). */
const LINE_TAX_NOTE =
  "KRA's samples and Odoo's live-tested payloads name the line tax `taxAmt`; the transcribed spec table names it `totTaxAmt`. `taxAmt` is what KRA is known to take.";

/** The four audit fields of every save: who registered and who last modified the record. */
const AUDIT = [char('regrId', 20), char('regrNm', 60), char('modrId', 20), char('modrNm', 60)] as const;

/** The `lastReqDt` cursor of the list operations: only records changed after it are answered. */
const CURSOR = [dt14('lastReqDt')] as const;

/**
 * The 15 tax band fields of sales and purchases (`taxblAmtA..E`, `taxRtA..E`, `taxAmtA..E`) and
 * the three totals. All five bands are required: KRA refuses a document without band E, although
 * the sample in its specification lists A–D only. Zeros are allowed.
 */
const TAX_HEADER = [
  num('taxblAmtA', 0),
  num('taxblAmtB', 0),
  num('taxblAmtC', 0),
  num('taxblAmtD', 0),
  num('taxblAmtE', 0),
  num('taxRtA', 0),
  num('taxRtB', 0),
  num('taxRtC', 0),
  num('taxRtD', 0),
  num('taxRtE', 0),
  num('taxAmtA', 0),
  num('taxAmtB', 0),
  num('taxAmtC', 0),
  num('taxAmtD', 0),
  num('taxAmtE', 0),
  num('totTaxblAmt', 0),
  num('totTaxAmt', 0),
  num('totAmt', 0),
] as const;

/** saveTrnsSalesOsdc `receipt`: what is printed on the receipt. */
const SALES_RECEIPT = [
  opt(char('custTin', 11)),
  opt(char('custMblNo', 20)),
  dt14('rcptPbctDt'),
  opt(char('trdeNm', 100)),
  opt(char('adrs', 200)),
  opt(char('topMsg', 1000)),
  opt(char('btmMsg', 1000)),
  flag('prchrAcptcYn'),
] as const;

/** saveTrnsSalesOsdc `itemList` entry. */
const SALES_LINE = [
  int('itemSeq', 1),
  char('itemCd', 20),
  char('itemClsCd', 10),
  char('itemNm', 200),
  opt(char('bcd', 20)),
  char('pkgUnitCd', 5, { codeClass: '17' }),
  num('pkg', 0),
  char('qtyUnitCd', 5, { codeClass: '10' }),
  num('qty', 0.01),
  num('prc', 0),
  num('splyAmt', 0),
  num('dcRt', 0),
  num('dcAmt', 0),
  opt(char('isrccCd', 10)),
  opt(char('isrccNm', 100)),
  opt(num('isrcRt', 0)),
  opt(num('isrcAmt', 0)),
  char('taxTyCd', 5, { codeClass: '04' }),
  num('taxblAmt', 0),
  num('taxAmt', 0, { unverified: LINE_TAX_NOTE }),
  num('totAmt', 0),
] as const;

/** insertTrnsPurchase `itemList` entry: the supplier's item fields besides the buyer's own. */
const PURCHASE_LINE = [
  int('itemSeq', 1),
  opt(char('itemCd', 20)),
  char('itemClsCd', 10),
  char('itemNm', 200),
  opt(char('bcd', 20)),
  opt(char('spplrItemClsCd', 10)),
  opt(char('spplrItemCd', 20)),
  opt(char('spplrItemNm', 200)),
  opt(char('pkgUnitCd', 5, { codeClass: '17' })),
  num('pkg', 0),
  char('qtyUnitCd', 5, { codeClass: '10' }),
  num('qty', 0.01),
  num('prc', 0),
  num('splyAmt', 0),
  num('dcRt', 0),
  num('dcAmt', 0),
  num('taxblAmt', 0),
  char('taxTyCd', 5, { codeClass: '04' }),
  num('taxAmt', 0, { unverified: LINE_TAX_NOTE }),
  num('totAmt', 0),
  opt(d8('itemExprDt')),
] as const;

/** insertStockIO `itemList` entry: the discount is `totDcAmt`, a quantity may be 0. */
const STOCK_LINE = [
  int('itemSeq', 1),
  char('itemClsCd', 10),
  opt(char('itemCd', 20)),
  char('itemNm', 200),
  opt(char('bcd', 20)),
  char('pkgUnitCd', 5, { codeClass: '17' }),
  num('pkg', 0),
  char('qtyUnitCd', 5, { codeClass: '10' }),
  num('qty', 0),
  opt(d8('itemExprDt')),
  num('prc', 0),
  num('splyAmt', 0),
  num('totDcAmt', 0),
  num('taxblAmt', 0),
  char('taxTyCd', 5, { codeClass: '04' }),
  num('taxAmt', 0, { unverified: LINE_TAX_NOTE }),
  num('totAmt', 0),
] as const;

const TABLE = {
  /** #1 DeviceVerificationReq: the device to initialize. */
  selectInitOsdcInfo: [fixed('tin', 11), fixed('bhfId', 2), char('dvcSrlNo', 100)],
  /** #2 CodeSearchReq. */
  selectCodeList: CURSOR,
  /** #3 CustSearchReq: the PIN to look up (no cursor). */
  selectCustomer: [fixed('custmTin', 11)],
  /** #4 NoticeSearchReq. */
  selectNoticeList: CURSOR,
  /** #5 ItemClsSearchReq. */
  selectItemClsList: CURSOR,
  /** #6 ItemSaveReq (an update when `itemCd` exists). */
  saveItem: [
    char('itemCd', 20),
    char('itemClsCd', 10),
    char('itemTyCd', 5, { codeClass: '24' }),
    char('itemNm', 200),
    opt(char('itemStdNm', 200)),
    char('orgnNatCd', 5, { codeClass: '05' }),
    char('pkgUnitCd', 5, { codeClass: '17' }),
    char('qtyUnitCd', 5, { codeClass: '10' }),
    char('taxTyCd', 5, { codeClass: '04' }),
    opt(char('btchNo', 10)),
    opt(char('bcd', 20)),
    num('dftPrc', 0),
    opt(num('grpPrcL1', 0)),
    opt(num('grpPrcL2', 0)),
    opt(num('grpPrcL3', 0)),
    opt(num('grpPrcL4', 0)),
    opt(num('grpPrcL5', 0)),
    opt(char('addInfo', 7)),
    opt(num('sftyQty', 0)),
    flag('isrcAplcbYn'),
    flag('useYn'),
    ...AUDIT,
  ],
  /** #7 ItemSearchReq. */
  selectItemList: CURSOR,
  /** #8 BhfSearchReq. */
  selectBhfList: CURSOR,
  /** #9 BhfCustSaveReq: a customer of the branch. */
  saveBhfCustomer: [
    char('custNo', 9),
    fixed('custTin', 11),
    char('custNm', 60),
    opt(char('adrs', 300)),
    opt(char('telNo', 20)),
    opt(char('email', 50)),
    opt(char('faxNo', 20)),
    flag('useYn'),
    opt(char('remark', 1000)),
    ...AUDIT,
  ],
  /** #10 BhfUserSaveReq: a user account of the branch. */
  saveBhfUser: [
    char('userId', 20),
    char('userNm', 60),
    char('pwd', 255),
    opt(char('adrs', 200)),
    opt(char('cntc', 20)),
    opt(char('authCd', 100)),
    opt(char('remark', 2000)),
    flag('useYn'),
    ...AUDIT,
  ],
  /** #11 BhfInsuranceSaveReq: an insurer of the branch; `isrcRt` is NUMBER(3), a whole percentage. */
  saveBhfInsurance: [char('isrccCd', 10), char('isrccNm', 100), int('isrcRt', 0, 100), flag('useYn'), ...AUDIT],
  /** #12 ImportItemSearchReq. */
  selectImportItemList: CURSOR,
  /** #13 ImportItemUpdateReq: approve or cancel one customs declaration line, naming the item it becomes. */
  updateImportItem: [
    char('taskCd', 50),
    d8('dclDe', {
      alsoDayFirst: true,
      unverified: "The spec table says yyyyMMdd; Odoo's live-tested payloads send the declaration date day first (ddMMyyyy) and KRA takes it.",
    }),
    int('itemSeq', 1),
    char('hsCd', 17),
    char('itemClsCd', 10),
    char('itemCd', 20),
    char('imptItemSttsCd', 5, { codes: IMPORT_ITEM_DECISIONS, codeClass: '26' }),
    opt(char('remark', 400)),
    char('modrId', 20),
    char('modrNm', 60),
  ],
  /** #14 TrnsSalesSaveWrReq: a sale (`S`) or credit note (`R`), the fiscal write. */
  saveTrnsSalesOsdc: [
    int('invcNo', 1),
    int('orgInvcNo', 0),
    char('trdInvcNo', 50),
    opt(char('custTin', 11)),
    opt(char('custNm', 60)),
    opt(
      char('salesTyCd', 5, {
        codeClass: '14',
        unverified: "Not in the spec's field table, but in every KRA sample; Odoo's live-tested payloads leave it out and pass, so it is optional.",
      }),
    ),
    char('rcptTyCd', 5, { codes: SALES_RECEIPT_TYPES, codeClass: '37' }),
    opt(char('pmtTyCd', 5, { codeClass: '07' })),
    char('salesSttsCd', 5, { codeClass: '11' }),
    dt14('cfmDt'),
    d8('salesDt'),
    opt(dt14('stockRlsDt')),
    opt(dt14('cnclReqDt')),
    opt(dt14('cnclDt')),
    opt(dt14('rfdDt')),
    opt(char('rfdRsnCd', 5, { codeClass: '32' })),
    int('totItemCnt', 1),
    ...TAX_HEADER,
    flag('prchrAcptcYn'),
    opt(char('remark', 400)),
    ...AUDIT,
    object('receipt', SALES_RECEIPT, {
      unverified:
        "KRA's samples also carry `receipt.rptNo`, which the spec table lacks; it is not part of this table (passed on unchecked where extra fields are allowed).",
    }),
    list('itemList', SALES_LINE),
  ],
  /** #15 TrnsPurchaseSalesReq: sales other taxpayers made to this PIN. */
  selectTrnsPurchaseSalesList: CURSOR,
  /** #16 TrnsPurchaseSaveReq: a purchase (`P`) or its credit note (`R`). */
  insertTrnsPurchase: [
    int('invcNo', 1),
    int('orgInvcNo', 0),
    opt(char('spplrTin', 11)),
    opt(char('spplrBhfId', 2)),
    opt(char('spplrNm', 60)),
    opt(int('spplrInvcNo', 0)),
    char('regTyCd', 5, { codes: REGISTRATION_TYPES }),
    char('pchsTyCd', 5, { codeClass: '14' }),
    char('rcptTyCd', 5, { codes: PURCHASE_RECEIPT_TYPES, codeClass: '38' }),
    char('pmtTyCd', 5, { codeClass: '07' }),
    char('pchsSttsCd', 5, { codeClass: '34' }),
    opt(dt14('cfmDt')),
    d8('pchsDt'),
    opt(dt14('wrhsDt')),
    opt(dt14('cnclReqDt')),
    opt(dt14('cnclDt')),
    opt(dt14('rfdDt')),
    int('totItemCnt', 1),
    ...TAX_HEADER,
    opt(char('remark', 400)),
    ...AUDIT,
    list('itemList', PURCHASE_LINE),
  ],
  /** #17 StockMoveReq. */
  selectStockMoveList: CURSOR,
  /** #18 StockIOSaveReq: a stock move in or out (`sarTyCd`). */
  insertStockIO: [
    int('sarNo', 1),
    int('orgSarNo', 0),
    char('regTyCd', 5, { codes: REGISTRATION_TYPES }),
    opt(char('custTin', 11)),
    opt(char('custNm', 100)),
    opt(char('custBhfId', 2)),
    char('sarTyCd', 5, { codeClass: '12' }),
    d8('ocrnDt'),
    int('totItemCnt', 1),
    num('totTaxblAmt', 0),
    num('totTaxAmt', 0),
    num('totAmt', 0),
    opt(char('remark', 400)),
    ...AUDIT,
    list('itemList', STOCK_LINE),
  ],
  /** #19 StockMasterSaveReq: the quantity on hand after a move (may be negative). */
  saveStockMaster: [char('itemCd', 20), num('rsdQty', undefined), ...AUDIT],
  /** #20 ItemCompositionSaveReq: one component of a composite item per call. */
  saveItemComposition: [
    char('itemCd', 20, { unverified: "The spec does not give this length; saveItem's `itemCd` (CHAR(20)) is taken." }),
    char('cpstItemCd', 20, { unverified: "The spec does not give this length; saveItem's `itemCd` (CHAR(20)) is taken." }),
    num('cpstQty', 0.01),
    char('regrId', 20),
    char('regrNm', 60),
  ],
  /** #21 InvoiceDetailsReq: one sale by its invoice number. */
  selectInvoiceDetails: [int('invcNo', 1)],
} as const satisfies Record<OscuOperationName, readonly OscuField[]>;

/** The request fields of each OSCU operation, in the order of KRA's tables. */
export const OSCU_REQUEST_FIELDS = TABLE;

/** The type of {@link OSCU_REQUEST_FIELDS}, with each field's literal name, type and required flag. */
export type OscuRequestFieldTable = typeof OSCU_REQUEST_FIELDS;

/** The tax band letters of a document header (the tax types A–E). */
export const OSCU_TAX_BANDS = TAX_TYPES;

/** The names of the 15 tax band fields and the three totals of sale and purchase headers. */
export const OSCU_TAX_HEADER_FIELDS: readonly string[] = TAX_HEADER.map((f) => f.name);

/** The value of one field on the wire (what is sent to KRA, after the scalar reading of the gateway). */
type OscuValueOf<F extends OscuField> = F['type'] extends 'integer' | 'number'
  ? number
  : F['type'] extends 'object'
    ? F extends { readonly fields: infer Fs extends readonly OscuField[] }
      ? OscuRecordOf<Fs>
      : Record<string, unknown>
    : F['type'] extends 'list'
      ? F extends { readonly fields: infer Fs extends readonly OscuField[] }
        ? Array<OscuRecordOf<Fs>>
        : Array<Record<string, unknown>>
      : string;

type Flatten<T> = { [K in keyof T]: T[K] };

/**
 * The wire type of an object with the fields `Fs`: a required field is present, an optional one
 * may be left out or null. Codes are typed as `string` (code classes belong to KRA).
 */
export type OscuRecordOf<Fs extends readonly OscuField[]> = Flatten<
  { -readonly [F in Fs[number] as F['required'] extends true ? F['name'] : never]: OscuValueOf<F> } & {
    -readonly [F in Fs[number] as F['required'] extends true ? never : F['name']]?: OscuValueOf<F> | null;
  }
>;

/** The request body of an operation, as typed by the table (e.g. `OscuRequestOf<'saveItem'>`). */
export type OscuRequestOf<Op extends OscuOperationName> = OscuRecordOf<OscuRequestFieldTable[Op]>;
