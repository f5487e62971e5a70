/** Reads with lastReqDt cursors and the non-sales writes (items, branch data, imports, purchases, stock). */
import { beforeEach, describe, expect, it } from 'vitest';
import { AUDIT, createHarness, ITEMS, type Json, type OscuHarness } from './oscu-harness.js';

let h: OscuHarness;
let hdr: Record<string, string>;

beforeEach(async () => {
  h = createHarness();
  hdr = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
});

const ALL = { lastReqDt: '20180101000000' };
const LATER = { lastReqDt: '20250115095959' }; // one second before T0

describe('lastReqDt cursors on every list', () => {
  const lists: Array<[op: string, key: string]> = [
    ['selectCodeList', 'clsList'],
    ['selectNoticeList', 'noticeList'],
    ['selectItemClsList', 'itemClsList'],
    ['selectItemList', 'itemList'],
    ['selectBhfList', 'bhfList'],
    ['selectImportItemList', 'itemList'],
    ['selectTrnsPurchaseSalesList', 'saleList'],
  ];

  it.each(lists)('%s returns fixtures from 2018 and 001 from today', async (op, key) => {
    const all = await h.a(op, ALL, hdr);
    expect(all.resultCd).toBe('000');
    expect(all.data[key].length).toBeGreaterThan(0);
    expect(await h.a(op, LATER, hdr)).toMatchObject({ resultCd: '001', resultMsg: 'There is no search result', data: null });
  });

  it('selectStockMoveList: the Mombasa branch receives head office stock', async () => {
    const mombasa = await h.init('P051234567Q', '01', 'ushuru-sim-dvc-02');
    const res = await h.a('selectStockMoveList', ALL, mombasa);
    expect(res.data.stockList[0]).toMatchObject({ custTin: 'P051234567Q', custBhfId: '00', sarNo: 1, totItemCnt: 2 });
    expect((await h.a('selectStockMoveList', ALL, hdr)).resultCd).toBe('001');
  });

  it.each(['selectCodeList', 'selectNoticeList', 'selectItemList', 'selectStockMoveList', 'selectTrnsPurchaseSalesList'])(
    '%s validates lastReqDt',
    async (op) => {
      for (const lastReqDt of [undefined, '', '2018-01-01', '20181301000000', 20180101000000, '201801010000000']) {
        const res = await h.a(op, { lastReqDt }, hdr);
        expect(res.resultCd, JSON.stringify(lastReqDt)).toBe('910');
        expect(res.resultMsg).toMatch(/lastReqDt/);
      }
    },
  );

  it('notices are filtered by their own regDt', async () => {
    const res = await h.a('selectNoticeList', { lastReqDt: '20240424090000' }, hdr);
    expect(res.data.noticeList.map((n: Json) => n.noticeNo)).toEqual([3]);
  });
});

describe('selectCodeList', () => {
  it('publishes tax types A–E with rates 0/16/0/0/8 and labels', async () => {
    const res = await h.a('selectCodeList', ALL, hdr);
    const tax = res.data.clsList.find((c: Json) => c.cdCls === '04');
    expect(tax.dtlList.map((d: Json) => [d.cd, d.userDfnCd1, d.userDfnCd2])).toEqual([
      ['A', '0', 'A-EX'],
      ['B', '16', 'B-16%'],
      ['C', '0', 'TAX C'],
      ['D', '0', 'TAX D'],
      ['E', '8', 'E-8%'],
    ]);
    const classes = res.data.clsList.map((c: Json) => c.cdCls);
    for (const cls of ['05', '07', '09', '10', '11', '12', '14', '17', '24', '26', '32', '33', '34', '35', '36', '37', '38', '45', '48', '49'])
      expect(classes).toContain(cls);
    expect(Object.keys(res.data.clsList[0]).sort()).toEqual(['cdCls', 'cdClsDesc', 'cdClsNm', 'dtlList', 'useYn', 'userDfnNm1', 'userDfnNm2', 'userDfnNm3']);
    expect(Object.keys(tax.dtlList[0]).sort()).toEqual(['cd', 'cdDesc', 'cdNm', 'srtOrd', 'useYn', 'userDfnCd1', 'userDfnCd2', 'userDfnCd3']);
  });
});

describe('selectCustomer', () => {
  it('finds a registry taxpayer', async () => {
    const res = await h.a('selectCustomer', { custmTin: 'P051111111A' }, hdr);
    expect(res.data.custList).toEqual([
      {
        tin: 'P051111111A',
        taxprNm: 'REGISTRY BUYER LIMITED',
        taxprSttsCd: 'A',
        prvncNm: 'NAIROBI CITY',
        dstrtNm: 'STAREHE',
        sctrNm: 'CBD',
        locDesc: 'Kenyatta Avenue',
      },
    ]);
  });
  it('marks a suspended registry taxpayer D', async () => {
    expect((await h.a('selectCustomer', { custmTin: 'A000000001Z' }, hdr)).data.custList[0].taxprSttsCd).toBe('D');
  });
  it('finds a simulated eTIMS taxpayer', async () => {
    expect((await h.a('selectCustomer', { custmTin: 'P052345678R' }, hdr)).data.custList[0].taxprNm).toBe('SIM SUPPLIES (KENYA) LIMITED');
  });
  it('finds a customer saved with saveBhfCustomer, else 001', async () => {
    expect((await h.a('selectCustomer', { custmTin: 'P077777777K' }, hdr)).resultCd).toBe('001');
    const saved = await h.a(
      'saveBhfCustomer',
      { custNo: '000000001', custTin: 'P077777777K', custNm: 'WALK-IN LTD', adrs: 'Thika Road', useYn: 'Y', ...AUDIT },
      hdr,
    );
    expect(saved).toMatchObject({ resultCd: '000', data: null });
    expect((await h.a('selectCustomer', { custmTin: 'P077777777K' }, hdr)).data.custList[0]).toMatchObject({
      tin: 'P077777777K',
      taxprNm: 'WALK-IN LTD',
      taxprSttsCd: 'A',
    });
  });
  it('requires custmTin', async () => {
    expect((await h.a('selectCustomer', {}, hdr)).resultCd).toBe('910');
  });
});

describe('items', () => {
  const item = (extra: Json = {}): Json => ({
    itemCd: 'KE2NTBA0000012',
    itemClsCd: '5020230100',
    itemTyCd: '2',
    itemNm: 'Soda 300ml',
    itemStdNm: null,
    orgnNatCd: 'KE',
    pkgUnitCd: 'NT',
    qtyUnitCd: 'BA',
    taxTyCd: 'B',
    btchNo: null,
    bcd: null,
    dftPrc: 45.5,
    grpPrcL1: null,
    addInfo: null,
    sftyQty: null,
    isrcAplcbYn: 'N',
    useYn: 'Y',
    ...AUDIT,
    ...extra,
  });

  it('saveItem registers an item that selectItemList then returns after the cursor', async () => {
    h.advance(1000);
    expect(await h.a('saveItem', item(), hdr)).toMatchObject({ resultCd: '000', resultMsg: 'It is succeeded', data: null });
    const res = await h.a('selectItemList', LATER, hdr);
    expect(res.data.itemList).toHaveLength(1);
    expect(res.data.itemList[0]).toMatchObject({ tin: 'P051234567Q', regBhfId: '00', itemCd: 'KE2NTBA0000012', dftPrc: 45.5, rraModYn: 'N' });
  });

  it('saveItem with the same itemCd updates it', async () => {
    await h.a('saveItem', item(), hdr);
    await h.a('saveItem', item({ dftPrc: 50 }), hdr);
    const res = await h.a('selectItemList', ALL, hdr);
    expect(res.data.itemList.filter((i: Json) => i.itemCd === 'KE2NTBA0000012')).toHaveLength(1);
    expect(res.data.itemList.find((i: Json) => i.itemCd === 'KE2NTBA0000012').dftPrc).toBe(50);
  });

  it.each<[string, Json, RegExp]>([
    ['itemCd missing', { itemCd: undefined }, /itemCd is required/],
    ['itemCd > 20', { itemCd: 'X'.repeat(21) }, /itemCd must be at most 20/],
    ['taxTyCd F', { taxTyCd: 'F' }, /taxTyCd/],
    ['itemTyCd 9', { itemTyCd: '9' }, /itemTyCd/],
    ['dftPrc text that is not a number', { dftPrc: '45,50' }, /dftPrc must be a number/],
    ['useYn yes', { useYn: 'yes' }, /useYn/],
    ['isrcAplcbYn missing', { isrcAplcbYn: undefined }, /isrcAplcbYn is required/],
    ['regrId missing', { regrId: undefined }, /regrId is required/],
  ])('saveItem: %s → 910', async (_name, extra, message) => {
    const res = await h.a('saveItem', item(extra), hdr);
    expect(res.resultCd).toBe('910');
    expect(res.resultMsg).toMatch(message);
  });

  it('saveItemComposition links two registered items', async () => {
    const ok = await h.a('saveItemComposition', { itemCd: 'KE2NTU0000001', cpstItemCd: 'KE1NTKG0000003', cpstQty: 2, regrId: 'a', regrNm: 'A' }, hdr);
    expect(ok.resultCd).toBe('000');
    const bad = await h.a('saveItemComposition', { itemCd: 'KE2NTU0000001', cpstItemCd: 'NOPE', cpstQty: 2, regrId: 'a', regrNm: 'A' }, hdr);
    expect(bad.resultMsg).toMatch(/cpstItemCd NOPE is not a registered item/);
    expect((await h.a('saveItemComposition', { itemCd: 'KE2NTU0000001', cpstItemCd: 'KE1NTKG0000003', regrId: 'a', regrNm: 'A' }, hdr)).resultCd).toBe('910');
  });

  it('selectItemClsList entries carry the spec fields', async () => {
    const res = await h.a('selectItemClsList', ALL, hdr);
    expect(Object.keys(res.data.itemClsList[0]).sort()).toEqual(['itemClsCd', 'itemClsLvl', 'itemClsNm', 'mjrTgYn', 'taxTyCd', 'useYn']);
  });
});

describe('branch data', () => {
  it('selectBhfList lists every branch of the TIN', async () => {
    const res = await h.a('selectBhfList', ALL, hdr);
    expect(res.data.bhfList.map((b: Json) => [b.bhfId, b.hqYn])).toEqual([
      ['00', 'Y'],
      ['01', 'N'],
    ]);
  });

  it.each<[string, Json, string]>([
    ['saveBhfUser', { userId: 'cashier1', userNm: 'Cashier One', pwd: 'secret', useYn: 'Y', ...AUDIT }, '000'],
    ['saveBhfUser', { userId: 'cashier1', userNm: 'Cashier One', useYn: 'Y', ...AUDIT }, '910'],
    ['saveBhfInsurance', { isrccCd: 'NHIF', isrccNm: 'SHA', isrcRt: 20, useYn: 'Y', ...AUDIT }, '000'],
    ['saveBhfInsurance', { isrccCd: 'NHIF', isrccNm: 'SHA', isrcRt: 120, useYn: 'Y', ...AUDIT }, '910'],
    ['saveBhfInsurance', { isrccCd: 'NHIF', isrccNm: 'SHA', isrcRt: 12.5, useYn: 'Y', ...AUDIT }, '910'],
    ['saveBhfCustomer', { custNo: '1234567890', custTin: 'P077777777K', custNm: 'X', useYn: 'Y', ...AUDIT }, '910'],
    ['saveBhfCustomer', { custNo: '1', custTin: 'P077777777K', custNm: 'X', useYn: 'Y', regrId: 'a' }, '910'],
  ])('%s %j → %s', async (op, body, code) => {
    expect((await h.a(op, body, hdr)).resultCd).toBe(code);
  });
});

describe('imports', () => {
  const update = (extra: Json = {}): Json => ({
    taskCd: '20240610000512300',
    dclDe: '20240610',
    itemSeq: 1,
    hsCd: '8471300000',
    itemClsCd: '4321150100',
    itemCd: 'KE2NTU0000001',
    imptItemSttsCd: '3',
    remark: null,
    modrId: 'a',
    modrNm: 'A',
    ...extra,
  });

  it('lists waiting declarations and approves one (also with Odoo ddMMyyyy dclDe)', async () => {
    const list = await h.a('selectImportItemList', ALL, hdr);
    expect(list.data.itemList[0]).toMatchObject({ taskCd: '20240610000512300', itemSeq: 1, imptItemsttsCd: '2' });
    expect((await h.a('updateImportItem', update({ dclDe: '10062024' }), hdr)).resultCd).toBe('000');
    h.advance(1000);
    const after = await h.a('selectImportItemList', LATER, hdr);
    expect(after.data.itemList).toEqual([expect.objectContaining({ itemSeq: 1, imptItemsttsCd: '3', itemCd: 'KE2NTU0000001' })]);
  });

  it.each<[string, Json]>([
    ['unknown line', { itemSeq: 9 }],
    ['status 2', { imptItemSttsCd: '2' }],
    ['unregistered item', { itemCd: 'NOPE' }],
    ['bad dclDe', { dclDe: '2024-06-10' }],
  ])('updateImportItem: %s → 910', async (_name, extra) => {
    expect((await h.a('updateImportItem', update(extra), hdr)).resultCd).toBe('910');
  });
});

const rates: Record<string, number> = { A: 0, B: 16, C: 0, D: 0, E: 8 };

function purchase(invcNo: number, extra: Json = {}): Json {
  // 10 × 1850 at 16 %: 18500 + 2960 = 21460
  const header: Json = {};
  for (const x of 'ABCDE') {
    header[`taxblAmt${x}`] = x === 'B' ? 18500 : 0;
    header[`taxRt${x}`] = rates[x];
    header[`taxAmt${x}`] = x === 'B' ? 2960 : 0;
  }
  return {
    invcNo,
    orgInvcNo: 0,
    spplrTin: 'P000111222A',
    spplrBhfId: '00',
    spplrNm: 'NAIROBI WHOLESALE SUPPLIERS LTD',
    spplrInvcNo: 1042,
    regTyCd: 'A',
    pchsTyCd: 'N',
    rcptTyCd: 'P',
    pmtTyCd: '02',
    pchsSttsCd: '02',
    cfmDt: '20240605101500',
    pchsDt: '20240605',
    wrhsDt: null,
    totItemCnt: 1,
    ...header,
    totTaxblAmt: 18500,
    totTaxAmt: 2960,
    totAmt: 21460,
    remark: null,
    ...AUDIT,
    itemList: [
      {
        itemSeq: 1,
        itemCd: ITEMS.flour.itemCd,
        itemClsCd: ITEMS.flour.itemClsCd,
        itemNm: 'Maize Flour 2kg (carton of 12)',
        spplrItemCd: 'SUP-MF-2KG',
        pkgUnitCd: 'CT',
        pkg: 10,
        qtyUnitCd: 'U',
        qty: 10,
        prc: 1850,
        splyAmt: 18500,
        dcRt: 0,
        dcAmt: 0,
        taxblAmt: 18500,
        taxTyCd: 'B',
        taxAmt: 2960,
        totAmt: 21460,
      },
    ],
    ...extra,
  };
}

describe('insertTrnsPurchase', () => {
  it('accepts a confirmed supplier sale and refuses the same number again (994)', async () => {
    expect(await h.a('insertTrnsPurchase', purchase(1), hdr)).toMatchObject({ resultCd: '000', data: null });
    expect((await h.a('insertTrnsPurchase', purchase(1), hdr)).resultCd).toBe('994');
    expect(h.counters.duplicatesRefused).toBe(1);
  });
  it.each<[string, Json]>([
    ['invcNo string', { invcNo: 'P1' }],
    ['regTyCd X', { regTyCd: 'X' }],
    ['pmtTyCd missing', { pmtTyCd: undefined }],
    ['pchsDt bad', { pchsDt: '2024065' }],
    ['header tax wrong', { taxAmtB: 2900 }],
  ])('%s → 910', async (_name, extra) => {
    expect((await h.a('insertTrnsPurchase', purchase(1, extra), hdr)).resultCd).toBe('910');
  });
});

function stockIO(sarNo: number, extra: Json = {}): Json {
  return {
    sarNo,
    orgSarNo: 0,
    regTyCd: 'M',
    custTin: null,
    custNm: null,
    custBhfId: null,
    sarTyCd: '06',
    ocrnDt: '20250115',
    totItemCnt: 1,
    totTaxblAmt: 1600,
    totTaxAmt: 256,
    totAmt: 1856,
    remark: null,
    ...AUDIT,
    itemList: [
      {
        itemSeq: 1,
        itemCd: ITEMS.flour.itemCd,
        itemClsCd: ITEMS.flour.itemClsCd,
        itemNm: ITEMS.flour.itemNm,
        pkgUnitCd: 'NT',
        pkg: 10,
        qtyUnitCd: 'U',
        qty: 10,
        prc: 160,
        splyAmt: 1600,
        totDcAmt: 0,
        taxblAmt: 1600,
        taxTyCd: 'B',
        taxAmt: 256,
        totAmt: 1856,
      },
    ],
    ...extra,
  };
}

describe('stock', () => {
  it('insertStockIO then saveStockMaster; duplicate sarNo → 994', async () => {
    expect((await h.a('insertStockIO', stockIO(1), hdr)).resultCd).toBe('000');
    expect((await h.a('insertStockIO', stockIO(1), hdr)).resultCd).toBe('994');
    expect((await h.a('saveStockMaster', { itemCd: ITEMS.flour.itemCd, rsdQty: 10, ...AUDIT }, hdr)).resultCd).toBe('000');
    expect((await h.a('saveStockMaster', { itemCd: 'NOPE', rsdQty: 10, ...AUDIT }, hdr)).resultCd).toBe('910');
    expect((await h.a('saveStockMaster', { itemCd: ITEMS.flour.itemCd, ...AUDIT }, hdr)).resultCd).toBe('910');
  });

  it.each<[string, Json]>([
    ['sarTyCd 99', { sarTyCd: '99' }],
    ['totAmt wrong', { totAmt: 1800 }],
    ['ocrnDt bad', { ocrnDt: '15012025x' }],
    ['sarNo text that is not a number', { sarNo: 'S1' }],
  ])('insertStockIO: %s → 910', async (_name, extra) => {
    expect((await h.a('insertStockIO', stockIO(1, extra), hdr)).resultCd).toBe('910');
  });

  it('insertStockIO: a line tax type outside A–E → 910 naming it', async () => {
    const body = stockIO(1) as { itemList: Json[] };
    const res = await h.a('insertStockIO', { ...body, itemList: [{ ...body.itemList[0], taxTyCd: 'F' }] }, hdr);
    expect(res.resultCd).toBe('910');
    expect(res.resultMsg).toMatch(/taxTyCd/);
  });

  it('a transfer to another branch of the TIN appears in its selectStockMoveList', async () => {
    const mombasa = await h.init('P051234567Q', '01', 'ushuru-sim-dvc-02');
    h.advance(2000);
    expect((await h.a('insertStockIO', stockIO(1, { sarTyCd: '13', custTin: 'P051234567Q', custBhfId: '01' }), hdr)).resultCd).toBe('000');
    const res = await h.a('selectStockMoveList', LATER, mombasa);
    expect(res.data.stockList).toEqual([expect.objectContaining({ custTin: 'P051234567Q', custBhfId: '00', sarNo: 1, totAmt: 1856 })]);
  });
});
