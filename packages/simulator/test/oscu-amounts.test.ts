/** Line amounts under both VAT conventions, band rates of unused bands, totals, stock IO lines. */
import { beforeEach, describe, expect, it } from 'vitest';
import { AUDIT, createHarness, ITEMS, saleBody, type Json, type OscuHarness } from './oscu-harness.js';

let h: OscuHarness;
let hdr: Record<string, string>;

beforeEach(async () => {
  h = createHarness();
  hdr = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
});

const sell = (body: Json): Promise<Json> => h.a('saveTrnsSalesOsdc', body, hdr);

/** 1 × 100 at 16 %, VAT on top (taxable 100) or VAT-inclusive (taxable 86.21). */
const onTop = (): Json => saleBody(1, [[ITEMS.flour, 1, 100]]);
const inclusive = (): Json => saleBody(1, [[ITEMS.flour, 1, 100]], {}, 'inclusive');

describe('VAT conventions', () => {
  it('builds the bodies the tests rely on', () => {
    expect(onTop().itemList[0]).toMatchObject({ taxblAmt: 100, taxAmt: 16, totAmt: 116 });
    expect(inclusive().itemList[0]).toMatchObject({ taxblAmt: 86.21, taxAmt: 13.79, totAmt: 100 });
    expect(inclusive()).toMatchObject({ taxblAmtB: 86.21, taxAmtB: 13.79, totTaxblAmt: 86.21, totTaxAmt: 13.79, totAmt: 100 });
  });

  it('either (default): accepts a VAT-on-top and a VAT-inclusive document', async () => {
    expect((await sell(onTop())).resultCd).toBe('000');
    expect((await sell({ ...inclusive(), invcNo: 2 })).resultCd).toBe('000');
  });

  it('inclusive: refuses VAT on top naming taxblAmt and the expected value (KRA: "Expected: 86.21")', async () => {
    h.setVatConvention('inclusive');
    const res = await sell(onTop());
    expect(res.resultCd).toBe('910');
    expect(res.resultMsg).toBe('Request parameter error: itemList[0].taxblAmt must be 86.21 (VAT-inclusive: (splyAmt − dcAmt) / 1.16)');
    expect((await sell(inclusive())).resultCd).toBe('000');
  });

  it('exclusive: refuses a VAT-inclusive document', async () => {
    h.setVatConvention('exclusive');
    const res = await sell(inclusive());
    expect(res.resultMsg).toBe('Request parameter error: itemList[0].taxblAmt must be 100.00 (VAT on top: splyAmt − dcAmt)');
    expect((await sell(onTop())).resultCd).toBe('000');
  });

  it('handles VAT-inclusive rounding, discounts and the 8 % band', async () => {
    const body = saleBody(
      1,
      [
        [ITEMS.flour, 3, 99.99, 10],
        [ITEMS.diesel, 2.5, 179.99],
        [ITEMS.milk, 1.5, 60],
      ],
      {},
      'inclusive',
    );
    expect(body.itemList[0]).toMatchObject({ splyAmt: 299.97, dcAmt: 30, taxblAmt: 232.73, taxAmt: 37.24, totAmt: 269.97 });
    expect((await sell(body)).resultCd).toBe('000');
  });

  it('judges a document as a whole: one line on top and one inclusive is refused', async () => {
    const body = saleBody(1, [
      [ITEMS.flour, 1, 100],
      [ITEMS.flour, 1, 100],
    ]);
    const second = inclusive().itemList[0];
    body.itemList[1] = { ...second, itemSeq: 2 };
    body.taxblAmtB = 186.21;
    body.taxAmtB = 29.79;
    body.totTaxblAmt = 186.21;
    body.totTaxAmt = 29.79;
    body.totAmt = 216;
    const res = await sell(body);
    expect(res.resultCd).toBe('910');
    // Line 0 shows VAT on top, so the error is explained in those terms, on the line that breaks them.
    expect(res.resultMsg).toMatch(/itemList\[1\]\.taxblAmt must be 100\.00 \(VAT on top/);
  });

  it('explains an inclusive document’s error in inclusive terms', async () => {
    const body = inclusive();
    body.itemList[0].taxAmt = 16;
    const res = await sell(body);
    expect(res.resultMsg).toMatch(/itemList\[0\]\.taxAmt must be 13\.79 \(VAT-inclusive: \(splyAmt − dcAmt\) − taxblAmt\)/);
  });

  it('treats 0 % lines alike under both conventions', async () => {
    for (const convention of ['exclusive', 'inclusive'] as const) {
      const fresh = createHarness();
      fresh.setVatConvention(convention);
      const headers = await fresh.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
      expect((await fresh.a('saveTrnsSalesOsdc', saleBody(1, [[ITEMS.milk, 2, 60]]), headers)).resultCd, convention).toBe('000');
    }
  });

  it.each<[string, (b: Json) => void, RegExp]>([
    ['splyAmt off prc × qty', (b) => (b.itemList[0].splyAmt = 100.05), /itemList\[0\]\.splyAmt must be 100\.00 \(prc × qty\)/],
    ['discount above the supply', (b) => (b.itemList[0].dcAmt = 150), /itemList\[0\]\.dcAmt must not exceed splyAmt \(100\.00\)/],
    ['totAmt neither convention', (b) => (b.itemList[0].totAmt = 110), /itemList\[0\]\.totAmt must be 116\.00 \(VAT on top: taxblAmt \+ taxAmt\)/],
  ])('refuses %s under either', async (_name, f, message) => {
    const body = onTop();
    f(body);
    expect((await sell(body)).resultMsg).toMatch(message);
  });

  it('allows one cent of slack per line amount', async () => {
    const body = onTop();
    body.itemList[0].taxAmt = 16.01;
    body.itemList[0].totAmt = 116.01;
    Object.assign(body, { taxAmtB: 16.01, totTaxAmt: 16.01, totAmt: 116.01 });
    expect((await sell(body)).resultCd).toBe('000');
  });
});

describe('header band rates and totals', () => {
  it.each<[string, Json, string]>([
    ['taxRtE 0 with no E lines (ERPNext, KRA 2026 certification)', { taxRtE: 0 }, '000'],
    ['taxRtE 8 with no E lines', { taxRtE: 8 }, '000'],
    ['taxRtE 0.00 as text', { taxRtE: '0.00' }, '000'],
    ['taxRtA..E all 0 except the band with lines', { taxRtA: 0, taxRtC: 0, taxRtD: 0, taxRtE: 0 }, '000'],
    ['taxRtE 5 with no E lines', { taxRtE: 5 }, '910'],
    ['taxRtB 0 on the band with lines', { taxRtB: 0 }, '910'],
    ['taxRtB 18 on the band with lines', { taxRtB: 18 }, '910'],
  ])('%s → %s', async (_name, extra, code) => {
    const res = await sell(saleBody(1, [[ITEMS.flour, 2, 200]], extra));
    expect(res.resultCd).toBe(code);
    if (code === '910') expect(res.resultMsg).toMatch(/taxRt[BE] must be/);
  });

  it('accepts taxRtB 0 when no line is in band B', async () => {
    expect((await sell(saleBody(1, [[ITEMS.diesel, 2, 100]], { taxRtB: 0 }))).resultCd).toBe('000');
  });

  it('names the rate a band with lines needs', async () => {
    expect((await sell(saleBody(1, [[ITEMS.flour, 2, 200]], { taxRtB: 0 }))).resultMsg).toMatch(/taxRtB must be 16 \(code list 04; band B has lines\)/);
  });

  it('takes totAmt as the sum of line totals or as totTaxblAmt + totTaxAmt', async () => {
    // Line 0 uses its cent of slack: 400 + 64 = 464, but totAmt says 464.01.
    const body = saleBody(1, [[ITEMS.flour, 2, 200]]);
    body.itemList[0].totAmt = 464.01;
    expect((await sell({ ...body, totAmt: 464.01 })).resultCd).toBe('000');
    expect((await sell({ ...body, invcNo: 2, totAmt: 464 })).resultCd).toBe('000');
    const res = await sell({ ...body, invcNo: 3, totAmt: 464.02 });
    expect(res.resultMsg).toMatch(/totAmt does not match the item lines \(expected 464\.01, got 464\.02\)/);
  });

  it('still requires all 15 band fields (KRA answers 910 without band E)', async () => {
    const body = saleBody(1, [[ITEMS.flour, 2, 200]]);
    delete body.taxblAmtE;
    delete body.taxRtE;
    delete body.taxAmtE;
    expect((await sell(body)).resultMsg).toMatch(/taxblAmtE is required/);
  });
});

describe('purchases and stock IO', () => {
  it('accepts a VAT-inclusive purchase and refuses one with a wrong line tax', async () => {
    const sale = saleBody(1, [[ITEMS.flour, 1, 100]], {}, 'inclusive');
    const purchase: Json = {
      ...Object.fromEntries(Object.entries(sale).filter(([k]) => /^(tax|tot)/.test(k))),
      invcNo: 1,
      orgInvcNo: 0,
      spplrTin: 'P000111222A',
      regTyCd: 'M',
      pchsTyCd: 'N',
      rcptTyCd: 'P',
      pmtTyCd: '01',
      pchsSttsCd: '02',
      pchsDt: '20250115',
      ...AUDIT,
      itemList: sale.itemList.map(
        ({ itemSeq, itemCd, itemClsCd, itemNm, qtyUnitCd, taxTyCd, pkg, qty, prc, splyAmt, dcRt, dcAmt, taxblAmt, taxAmt, totAmt }: Json) => ({
          itemSeq,
          itemCd,
          itemClsCd,
          itemNm,
          qtyUnitCd,
          taxTyCd,
          pkg,
          qty,
          prc,
          splyAmt,
          dcRt,
          dcAmt,
          taxblAmt,
          taxAmt,
          totAmt,
        }),
      ),
    };
    expect((await h.a('insertTrnsPurchase', purchase, hdr)).resultCd).toBe('000');
    purchase.invcNo = 2;
    purchase.itemList[0].taxAmt = 16;
    expect((await h.a('insertTrnsPurchase', purchase, hdr)).resultMsg).toMatch(/itemList\[0\]\.taxAmt must be 13\.79/);
  });

  /** Odoo's stock line: prc is the average unit cost rounded, splyAmt the exact cost × quantity. */
  const stockIO = (line: Json, totals: Json): Json => ({
    sarNo: 1,
    orgSarNo: 0,
    regTyCd: 'M',
    sarTyCd: '06',
    ocrnDt: '20250115',
    totItemCnt: 1,
    ...totals,
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
        totDcAmt: 0,
        taxTyCd: 'B',
        ...line,
      },
    ],
  });

  it('accepts a stock line whose prc is a rounded unit cost (33.3333 → 33.33, splyAmt 333.33)', async () => {
    const body = stockIO(
      { prc: 33.33, splyAmt: 333.33, taxblAmt: 333.33, taxAmt: 53.33, totAmt: 386.66 },
      { totTaxblAmt: 333.33, totTaxAmt: 53.33, totAmt: 386.66 },
    );
    expect((await h.a('insertStockIO', body, hdr)).resultCd).toBe('000');
  });

  it.each<[string, Json, Json, RegExp]>([
    [
      'splyAmt beyond the rounding of prc',
      { prc: 33.33, splyAmt: 340, taxblAmt: 340, taxAmt: 54.4, totAmt: 394.4 },
      { totTaxblAmt: 340, totTaxAmt: 54.4, totAmt: 394.4 },
      /itemList\[0\]\.splyAmt must be 333\.30/,
    ],
    [
      'a wrong line tax',
      { prc: 160, splyAmt: 1600, taxblAmt: 1600, taxAmt: 250, totAmt: 1850 },
      { totTaxblAmt: 1600, totTaxAmt: 250, totAmt: 1850 },
      /itemList\[0\]\.taxAmt must be 256\.00/,
    ],
    [
      'totDcAmt not deducted',
      { prc: 160, splyAmt: 1600, totDcAmt: 100, taxblAmt: 1600, taxAmt: 256, totAmt: 1856 },
      { totTaxblAmt: 1600, totTaxAmt: 256, totAmt: 1856 },
      /itemList\[0\]\.taxblAmt must be 1500\.00 \(VAT on top: splyAmt − totDcAmt\)/,
    ],
    [
      'totTaxAmt not the lines',
      { prc: 160, splyAmt: 1600, taxblAmt: 1600, taxAmt: 256, totAmt: 1856 },
      { totTaxblAmt: 1600, totTaxAmt: 250, totAmt: 1856 },
      /totTaxAmt does not match the item lines \(expected 256\.00/,
    ],
  ])('insertStockIO refuses %s', async (_name, line, totals, message) => {
    const res = await h.a('insertStockIO', stockIO(line, totals), hdr);
    expect(res.resultCd).toBe('910');
    expect(res.resultMsg).toMatch(message);
  });
});
