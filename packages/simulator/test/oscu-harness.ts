/**
 * Test harness for the OSCU module without the core server: a Map-backed SimRouter, SimRequest
 * builders, a movable clock, and payload builders whose arithmetic is written out independently
 * of `src/oscu/tax.ts` (so a bug there cannot hide behind a matching bug here).
 */
import { applySettings, DEFAULT_SETTINGS, type SimSettings, type VatConvention } from '../src/core/settings.js';
import type { SimCounters, SimHandler, SimRequest, SimResponse, SimRouter, SimTaxpayer } from '../src/core/types.js';
import { createOscuModule, type OscuModule } from '../src/oscu/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** 2025-01-15 10:00:00 EAT. */
export const T0 = Date.UTC(2025, 0, 15, 7, 0, 0);
/** The bearer token the fake portal accepts. */
export const GOOD_TOKEN = 'sim-good-token';

/** A registry standing in for the portal side's taxpayers. */
export const REGISTRY: Record<string, SimTaxpayer> = {
  P051111111A: {
    pin: 'P051111111A',
    name: 'REGISTRY BUYER LIMITED',
    type: 'Non Individual',
    status: 'Active',
    county: 'NAIROBI CITY',
    subCounty: 'STAREHE',
    locality: 'CBD',
    location: 'Kenyatta Avenue',
  },
  A000000001Z: { pin: 'A000000001Z', name: 'DORMANT PERSON', type: 'Individual', status: 'Suspended' },
};

/** One registered route. */
export interface Route {
  routeId: string;
  handler: SimHandler;
}

/** The module under test with its router, clock and counters. */
export interface OscuHarness {
  module: OscuModule;
  routes: Map<string, Route>;
  counters: SimCounters;
  setNow(ms: number): void;
  advance(ms: number): void;
  /** What the core's `updateSettings({vatConvention})` does (the harness starts at `either`). */
  setVatConvention(convention: VatConvention): void;
  /** What the core's `updateSettings(patch)` does (validated; the harness starts at DEFAULT_SETTINGS). */
  setSettings(patch: Partial<SimSettings>): SimSettings;
  /** Raw call: `headers` are given as a client would send them (any case). */
  call(path: string, body: unknown, headers?: Record<string, string>, raw?: string): Promise<SimResponse>;
  /** Host A call, returns the JSON envelope. */
  a(operation: string, body: unknown, headers?: Record<string, string>): Promise<Json>;
  /** Host B call with a valid bearer token, returns status and body. */
  b(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
  /** Initializes a device on host A and returns the business headers for later calls. */
  init(tin: string, bhfId: string, dvcSrlNo: string): Promise<Record<string, string>>;
}

/** Builds a harness; each call gets fresh state. */
export function createHarness(seed = 4242): OscuHarness {
  let now = T0;
  let settings: SimSettings = { ...DEFAULT_SETTINGS };
  const counters: SimCounters = { tokensIssued: 0, documentsSigned: 0, duplicatesRefused: 0, sequenceRefused: 0, extra: {} };
  const routes = new Map<string, Route>();
  const router: SimRouter = {
    add(method, path, routeId, handler) {
      const key = `${method} ${path}`;
      if (routes.has(key)) throw new Error(`duplicate route ${key}`);
      routes.set(key, { routeId, handler });
    },
  };
  const module = createOscuModule({
    options: { seed, tokenTtlSeconds: 3599, now: () => now },
    counters,
    taxpayers: { findTaxpayer: (pin) => REGISTRY[pin] },
    isValidAccessToken: (token) => token === GOOD_TOKEN,
    settings: () => settings,
  });
  module.register(router);

  const call: OscuHarness['call'] = async (path, body, headers = {}, raw) => {
    const route = routes.get(`POST ${path}`);
    if (!route) throw new Error(`no route POST ${path}`);
    const rawBody = raw ?? (body === undefined ? '' : JSON.stringify(body));
    let parsed: unknown;
    let bodyInvalid = false;
    if (rawBody.trim() !== '') {
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        bodyInvalid = true;
      }
    }
    const req: SimRequest = {
      method: 'POST',
      path,
      query: {},
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      body: parsed,
      rawBody,
      bodyInvalid,
    };
    return route.handler(req);
  };

  const harness: OscuHarness = {
    module,
    routes,
    counters,
    setNow: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
    setVatConvention: (convention) => {
      settings = { ...settings, vatConvention: convention };
    },
    setSettings: (patch) => {
      settings = applySettings(settings, patch);
      return { ...settings };
    },
    call,
    async a(operation, body, headers) {
      const res = await call(`/etims-api/${operation}`, body, headers);
      if ((res.status ?? 200) !== 200) throw new Error(`host A answered HTTP ${res.status}`);
      return res.body as Json;
    },
    async b(path, body, headers = {}) {
      const res = await call(`/etims-oscu/api/v1/${path}`, body, { Authorization: `Bearer ${GOOD_TOKEN}`, ...headers });
      return { status: res.status ?? 200, body: res.body as Json };
    },
    async init(tin, bhfId, dvcSrlNo) {
      const res = await harness.a('selectInitOsdcInfo', { tin, bhfId, dvcSrlNo });
      if (res.resultCd !== '000') throw new Error(`init failed: ${JSON.stringify(res)}`);
      return { tin, bhfId, cmcKey: res.data.info.cmcKey as string };
    },
  };
  return harness;
}

/** Fixture items a sale can use (pre-registered for every fixture TIN). */
export const ITEMS = {
  flour: { itemCd: 'KE2NTU0000001', itemClsCd: '5022170100', itemNm: 'Maize Flour 2kg', pkgUnitCd: 'NT', qtyUnitCd: 'U', taxTyCd: 'B' },
  milk: { itemCd: 'KE1NTKG0000003', itemClsCd: '5013190100', itemNm: 'Fresh Milk (bulk)', pkgUnitCd: 'NT', qtyUnitCd: 'KG', taxTyCd: 'A' },
  diesel: { itemCd: 'KE2NTL0000004', itemClsCd: '1510150600', itemNm: 'Diesel', pkgUnitCd: 'NT', qtyUnitCd: 'L', taxTyCd: 'E' },
  /** A service (itemTyCd 3): never has stock. */
  consulting: { itemCd: 'KE3OUU0000005', itemClsCd: '8011150000', itemNm: 'Consulting Service (hour)', pkgUnitCd: 'OU', qtyUnitCd: 'U', taxTyCd: 'B' },
} as const;

const RATES: Record<string, number> = { A: 0, B: 16, C: 0, D: 0, E: 8 };
const cents = (x: number): number => Math.round(x * 100);

/** The item fields a sale line copies. */
export interface SaleItem {
  itemCd: string;
  itemClsCd: string;
  itemNm: string;
  pkgUnitCd: string;
  qtyUnitCd: string;
  taxTyCd: string;
}

/** A sale line: [item, qty, prc, discount rate]. */
export type LineSpec = [item: SaleItem, qty: number, prc: number, dcRt?: number];

/**
 * A valid `saveTrnsSalesOsdc` body, header summed from rounded lines. Lines put VAT on top by
 * default; `inclusive` reads `prc` as VAT-inclusive and takes the taxable amount out of it.
 */
export function saleBody(invcNo: number, specs: LineSpec[], extra: Json = {}, vat: 'exclusive' | 'inclusive' = 'exclusive'): Json {
  const itemList = specs.map(([item, qty, prc, dcRt = 0], i) => {
    const sply = cents(prc * qty);
    const dc = Math.round((sply * dcRt) / 100);
    const rate = RATES[item.taxTyCd]!;
    // (No half-cent ties: net × 100 / 116 or / 108 never ends in exactly .5.)
    const taxbl = vat === 'exclusive' ? sply - dc : Math.round(((sply - dc) * 100) / (100 + rate));
    const tax = vat === 'exclusive' ? Math.round((taxbl * rate) / 100) : sply - dc - taxbl;
    return {
      itemSeq: i + 1,
      ...item,
      bcd: null,
      pkg: qty,
      qty,
      prc,
      splyAmt: sply / 100,
      dcRt,
      dcAmt: dc / 100,
      isrccCd: null,
      isrccNm: null,
      isrcRt: null,
      isrcAmt: null,
      taxblAmt: taxbl / 100,
      taxAmt: tax / 100,
      totAmt: (taxbl + tax) / 100,
    };
  });
  const header: Json = {};
  for (const x of ['A', 'B', 'C', 'D', 'E']) {
    header[`taxblAmt${x}`] = itemList.filter((l) => l.taxTyCd === x).reduce((s, l) => s + cents(l.taxblAmt), 0) / 100;
  }
  for (const x of ['A', 'B', 'C', 'D', 'E']) header[`taxRt${x}`] = RATES[x];
  for (const x of ['A', 'B', 'C', 'D', 'E']) {
    header[`taxAmt${x}`] = itemList.filter((l) => l.taxTyCd === x).reduce((s, l) => s + cents(l.taxAmt), 0) / 100;
  }
  const totTaxbl = itemList.reduce((s, l) => s + cents(l.taxblAmt), 0);
  const totTax = itemList.reduce((s, l) => s + cents(l.taxAmt), 0);
  return {
    invcNo,
    orgInvcNo: 0,
    trdInvcNo: `INV-${invcNo}`,
    custTin: null,
    custNm: null,
    salesTyCd: 'N',
    rcptTyCd: 'S',
    pmtTyCd: '01',
    salesSttsCd: '02',
    cfmDt: '20250115100000',
    salesDt: '20250115',
    stockRlsDt: null,
    cnclReqDt: null,
    cnclDt: null,
    rfdDt: null,
    rfdRsnCd: null,
    totItemCnt: itemList.length,
    ...header,
    totTaxblAmt: totTaxbl / 100,
    totTaxAmt: totTax / 100,
    totAmt: (totTaxbl + totTax) / 100,
    prchrAcptcYn: 'N',
    remark: null,
    regrId: 'admin',
    regrNm: 'Admin',
    modrId: 'admin',
    modrNm: 'Admin',
    receipt: {
      custTin: null,
      custMblNo: null,
      rptNo: 1,
      rcptPbctDt: '20250115100000',
      trdeNm: null,
      adrs: null,
      topMsg: null,
      btmMsg: null,
      prchrAcptcYn: 'N',
    },
    itemList,
    ...extra,
  };
}

/** Audit fields for saves. */
export const AUDIT = { regrId: 'admin', regrNm: 'Admin', modrId: 'admin', modrNm: 'Admin' } as const;

const TAX_HEADER_FIELDS = ['A', 'B', 'C', 'D', 'E'].flatMap((x) => [`taxblAmt${x}`, `taxRt${x}`, `taxAmt${x}`]).concat(['totTaxblAmt', 'totTaxAmt', 'totAmt']);

/** A valid `insertTrnsPurchase` body (a manual purchase, VAT on top), amounts as in `saleBody`. */
export function purchaseBody(invcNo: number, specs: LineSpec[], extra: Json = {}): Json {
  const sale = saleBody(invcNo, specs);
  return {
    invcNo,
    orgInvcNo: 0,
    spplrTin: 'P000111222A',
    spplrBhfId: '00',
    spplrNm: 'NAIROBI WHOLESALE SUPPLIERS LTD',
    spplrInvcNo: 1000 + invcNo,
    regTyCd: 'M',
    pchsTyCd: 'N',
    rcptTyCd: 'P',
    pmtTyCd: '02',
    pchsSttsCd: '02',
    cfmDt: '20250115100000',
    pchsDt: '20250115',
    wrhsDt: null,
    totItemCnt: sale.totItemCnt,
    ...Object.fromEntries(TAX_HEADER_FIELDS.map((f) => [f, sale[f]])),
    remark: null,
    ...AUDIT,
    itemList: (sale.itemList as Json[]).map(({ bcd: _bcd, isrccCd: _c, isrccNm: _n, isrcRt: _r, isrcAmt: _a, ...line }) => line),
    ...extra,
  };
}

/** A valid `insertStockIO` body (`sarTyCd 06`, an adjustment in, unless `extra` says otherwise), VAT on top. */
export function stockIOBody(sarNo: number, specs: LineSpec[], extra: Json = {}): Json {
  const sale = saleBody(sarNo, specs);
  return {
    sarNo,
    orgSarNo: 0,
    regTyCd: 'M',
    custTin: null,
    custNm: null,
    custBhfId: null,
    sarTyCd: '06',
    ocrnDt: '20250115',
    totItemCnt: sale.totItemCnt,
    totTaxblAmt: sale.totTaxblAmt,
    totTaxAmt: sale.totTaxAmt,
    totAmt: sale.totAmt,
    remark: null,
    ...AUDIT,
    itemList: (sale.itemList as Json[]).map((l) => ({
      itemSeq: l.itemSeq,
      itemClsCd: l.itemClsCd,
      itemCd: l.itemCd,
      itemNm: l.itemNm,
      pkgUnitCd: l.pkgUnitCd,
      pkg: l.pkg,
      qtyUnitCd: l.qtyUnitCd,
      qty: l.qty,
      prc: l.prc,
      splyAmt: l.splyAmt,
      totDcAmt: l.dcAmt,
      taxblAmt: l.taxblAmt,
      taxTyCd: l.taxTyCd,
      taxAmt: l.taxAmt,
      totAmt: l.totAmt,
    })),
    ...extra,
  };
}
