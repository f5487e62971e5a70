/** saveTrnsSalesOsdc, credit notes, selectInvoiceDetails, findSignedInvoice and B2B visibility. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, ITEMS, saleBody, type Json, type OscuHarness } from './oscu-harness.js';

let h: OscuHarness;
let hdr: Record<string, string>;

beforeEach(async () => {
  h = createHarness();
  hdr = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
});

const sell = (body: Json, headers = hdr): Promise<Json> => h.a('saveTrnsSalesOsdc', body, headers);

describe('saveTrnsSalesOsdc success', () => {
  it('signs a sale: 2 × 200 at 16 % → 400 + 64 = 464', async () => {
    const body = saleBody(1, [[ITEMS.flour, 2, 200]]);
    expect(body).toMatchObject({ taxblAmtB: 400, taxAmtB: 64, totAmt: 464 }); // the harness arithmetic itself
    const res = await sell(body);
    expect(res.resultCd).toBe('000');
    expect(res.data).toStrictEqual({
      curRcptNo: 1,
      totRcptNo: 1,
      intrlData: expect.stringMatching(/^[A-Z2-7]{26}$/),
      rcptSign: expect.stringMatching(/^[A-Z2-7]{16}$/),
      sdcDateTime: '20250115100000',
    });
    expect(h.counters.documentsSigned).toBe(1);
  });

  it('handles mixed letters, discounts and half-up rounding', async () => {
    const body = saleBody(1, [
      [ITEMS.flour, 3, 33.33, 10],
      [ITEMS.milk, 1.5, 60],
      [ITEMS.diesel, 2.25, 179.99],
    ]);
    expect((await sell(body)).resultCd).toBe('000');
  });

  it('gives the same signature for the same seed and a different one for another seed', async () => {
    const sign = async (seed: number): Promise<Json> => {
      const other = createHarness(seed);
      const headers = await other.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
      return (await other.a('saveTrnsSalesOsdc', saleBody(1, [[ITEMS.flour, 1, 200]]), headers)).data;
    };
    expect(await sign(7)).toEqual(await sign(7));
    expect((await sign(7)).rcptSign).not.toBe((await sign(8)).rcptSign);
  });

  it('numbers per branch: another branch may reuse invcNo 1', async () => {
    const branch01 = await h.init('P051234567Q', '01', 'ushuru-sim-dvc-02');
    expect((await sell(saleBody(1, [[ITEMS.flour, 1, 200]]))).resultCd).toBe('000');
    expect((await sell(saleBody(1, [[ITEMS.flour, 1, 200]]), branch01)).resultCd).toBe('000');
  });

  it('counts receipts per type (curRcptNo) and in total (totRcptNo)', async () => {
    await sell(saleBody(1, [[ITEMS.flour, 1, 200]]));
    await sell(saleBody(2, [[ITEMS.flour, 1, 200]]));
    const cn = await sell(saleBody(3, [[ITEMS.flour, 1, 200]], { rcptTyCd: 'R', orgInvcNo: 2, rfdRsnCd: '06' }));
    expect(cn.data).toMatchObject({ curRcptNo: 1, totRcptNo: 3 });
  });
});

describe('saveTrnsSalesOsdc refusals', () => {
  const good = (): Json => saleBody(1, [[ITEMS.flour, 2, 200]]);
  const mutate = (f: (b: Json) => void): Json => {
    const b = good();
    f(b);
    return b;
  };

  it.each<[string, (b: Json) => void, RegExp]>([
    ['invcNo as a string', (b) => (b.invcNo = 'INV001'), /invcNo must be an integer/],
    ['invcNo as decimal text', (b) => (b.invcNo = '1.0'), /invcNo must be an integer/],
    ['invcNo as a boolean', (b) => (b.invcNo = true), /invcNo must be an integer/],
    ['qty as text that is not a number', (b) => (b.itemList[0].qty = 'abc'), /itemList\[0\]\.qty must be a number/],
    ['regrId as an object', (b) => (b.regrId = { id: 2 }), /regrId must be a string/],
    ['trdInvcNo as an array', (b) => (b.trdInvcNo = ['INV-1']), /trdInvcNo must be a string/],
    ['invcNo fractional', (b) => (b.invcNo = 1.5), /invcNo/],
    ['invcNo missing', (b) => delete b.invcNo, /invcNo is required/],
    ['orgInvcNo missing', (b) => delete b.orgInvcNo, /orgInvcNo is required/],
    ['trdInvcNo too long', (b) => (b.trdInvcNo = 'x'.repeat(51)), /trdInvcNo/],
    ['rcptTyCd unknown', (b) => (b.rcptTyCd = 'X'), /rcptTyCd/],
    ['pmtTyCd unknown', (b) => (b.pmtTyCd = '09'), /pmtTyCd/],
    ['salesDt not a date', (b) => (b.salesDt = '20251315'), /salesDt must be yyyyMMdd/],
    ['cfmDt short', (b) => (b.cfmDt = '202501151000'), /cfmDt/],
    ['taxRtC missing', (b) => delete b.taxRtC, /taxRtC is required/],
    ['amount with 3 decimals', (b) => (b.totAmt = 464.001), /totAmt must have at most 2 decimals/],
    ['prchrAcptcYn missing', (b) => delete b.prchrAcptcYn, /prchrAcptcYn/],
    ['modrNm missing', (b) => delete b.modrNm, /modrNm is required/],
    ['receipt missing', (b) => delete b.receipt, /receipt is required/],
    ['receipt.rcptPbctDt missing', (b) => delete b.receipt.rcptPbctDt, /receipt\.rcptPbctDt is required/],
    ['itemList empty', (b) => (b.itemList = []), /itemList must be a non-empty array/],
    ['line taxTyCd F', (b) => (b.itemList[0].taxTyCd = 'F'), /itemList\[0\]\.taxTyCd/],
    [
      'line totTaxAmt instead of taxAmt',
      (b) => ((b.itemList[0].totTaxAmt = b.itemList[0].taxAmt), delete b.itemList[0].taxAmt),
      /itemList\[0\]\.taxAmt is required/,
    ],
    ['totItemCnt wrong', (b) => (b.totItemCnt = 2), /totItemCnt/],
    ['sale with orgInvcNo', (b) => (b.orgInvcNo = 5), /orgInvcNo must be 0/],
    ['line taxAmt wrong', (b) => (b.itemList[0].taxAmt = 60), /itemList\[0\]\.taxAmt must be 64\.00 \(VAT on top: taxblAmt × 16%\)/],
    ['line splyAmt wrong', (b) => (b.itemList[0].splyAmt = 300), /itemList\[0\]\.splyAmt/],
    ['line totAmt VAT-inclusive style', (b) => (b.itemList[0].totAmt = 400), /itemList\[0\]\.totAmt/],
    ['taxblAmtB wrong', (b) => (b.taxblAmtB = 399), /taxblAmtB does not match/],
    ['taxAmtB wrong', (b) => (b.taxAmtB = 72), /taxAmtB does not match/],
    ['taxRtB 18 (Rwanda sample)', (b) => (b.taxRtB = 18), /taxRtB must be 16/],
    ['taxRtE 16 (band without lines: 0 or 8)', (b) => (b.taxRtE = 16), /taxRtE must be 0 or 8/],
    ['tax on an unused letter', (b) => (b.taxblAmtA = 10), /taxblAmtA does not match/],
    ['totTaxAmt wrong', (b) => (b.totTaxAmt = 60), /totTaxAmt does not match/],
    ['totAmt wrong', (b) => (b.totAmt = 400), /totAmt does not match/],
  ])('%s → 910', async (_name, f, message) => {
    const res = await sell(mutate(f));
    expect(res.resultCd).toBe('910');
    expect(res.resultMsg).toMatch(message);
    expect(res.data).toBeNull();
    expect(h.counters.documentsSigned).toBe(0);
  });

  it('refuses an unregistered item with 910 naming it', async () => {
    const body = saleBody(1, [[{ ...ITEMS.flour, itemCd: 'KE2NTU9999999' }, 1, 200]]);
    const res = await sell(body);
    expect(res.resultCd).toBe('910');
    expect(res.resultMsg).toMatch(/KE2NTU9999999 is not a registered item/);
  });

  it('refuses a reused number with 994 and counts it', async () => {
    expect((await sell(saleBody(1, [[ITEMS.flour, 1, 200]]))).resultCd).toBe('000');
    const dup = await sell(saleBody(1, [[ITEMS.flour, 5, 200]]));
    expect(dup).toMatchObject({ resultCd: '994', data: null });
    expect(dup.resultMsg).toMatch(/^Overlapped data/);
    expect(h.counters.duplicatesRefused).toBe(1);
    expect(h.counters.documentsSigned).toBe(1);
  });

  it('does not burn the number on a refusal (a corrected resend succeeds)', async () => {
    const bad = saleBody(1, [[ITEMS.flour, 1, 200]], { taxAmtB: 1 });
    expect((await sell(bad)).resultCd).toBe('910');
    expect((await sell(saleBody(1, [[ITEMS.flour, 1, 200]]))).resultCd).toBe('000');
  });
});

describe('credit notes', () => {
  beforeEach(async () => {
    await sell(saleBody(1, [[ITEMS.flour, 2, 200]], { custTin: 'P051111111A', custNm: 'REGISTRY BUYER LIMITED' }));
  });
  const cn = (extra: Json): Json => saleBody(2, [[ITEMS.flour, 1, 200]], { rcptTyCd: 'R', orgInvcNo: 1, rfdRsnCd: '01', custTin: 'P051111111A', ...extra });

  it('signs a credit note against a signed sale', async () => {
    expect((await sell(cn({}))).resultCd).toBe('000');
  });

  it.each<[string, Json, RegExp]>([
    ['unknown original', { orgInvcNo: 99 }, /^orgInvcNo does not exist: 99 /],
    ['orgInvcNo 0', { orgInvcNo: 0 }, /^orgInvcNo does not exist: 0 /],
    ['no reason', { rfdRsnCd: null }, /rfdRsnCd is required/],
    ['bad reason', { rfdRsnCd: '09' }, /rfdRsnCd must be one of/],
    ['other customer', { custTin: 'P052345678R' }, /custTin must equal/],
    ['dated before the sale', { salesDt: '20250114' }, /salesDt must not precede/],
  ])('%s → 910', async (_name, extra, message) => {
    const res = await sell(cn(extra));
    expect(res.resultCd).toBe('910');
    expect(res.resultMsg).toMatch(message);
  });

  it('may not credit a credit note', async () => {
    await sell(cn({}));
    const res = await sell(saleBody(3, [[ITEMS.flour, 1, 200]], { rcptTyCd: 'R', orgInvcNo: 2, rfdRsnCd: '01', custTin: 'P051111111A' }));
    expect(res.resultCd).toBe('910');
  });
});

describe('selectInvoiceDetails', () => {
  it('returns the stored sale with its receipt, sdcDateTime as yyyy-MM-dd HH:mm:ss.S', async () => {
    const body = saleBody(1, [[ITEMS.flour, 2, 200]]);
    const signed = await sell(body);
    h.advance(60_000);
    const res = await h.a('selectInvoiceDetails', { invcNo: 1 }, hdr);
    expect(res.resultCd).toBe('000');
    expect(res.data.salesList).toHaveLength(1);
    const sale = res.data.salesList[0];
    const { receipt, ...header } = sale;
    const { receipt: sentReceipt, ...sentHeader } = body;
    expect(header).toStrictEqual(sentHeader);
    expect(receipt).toStrictEqual({
      ...sentReceipt,
      curRcptNo: signed.data.curRcptNo,
      totRcptNo: signed.data.totRcptNo,
      intrlData: signed.data.intrlData,
      rcptSign: signed.data.rcptSign,
      sdcDateTime: '2025-01-15 10:00:00.0',
    });
  });

  it('answers 001 for an unknown number and for another branch', async () => {
    await sell(saleBody(1, [[ITEMS.flour, 1, 200]]));
    expect(await h.a('selectInvoiceDetails', { invcNo: 2 }, hdr)).toMatchObject({ resultCd: '001', resultMsg: 'There is no search result', data: null });
    const branch01 = await h.init('P051234567Q', '01', 'ushuru-sim-dvc-02');
    expect((await h.a('selectInvoiceDetails', { invcNo: 1 }, branch01)).resultCd).toBe('001');
  });

  it('wants an integer invcNo (integer text counts, like KRA reads it)', async () => {
    await sell(saleBody(1, [[ITEMS.flour, 1, 200]]));
    expect((await h.a('selectInvoiceDetails', { invcNo: '1' }, hdr)).resultCd).toBe('000');
    expect((await h.a('selectInvoiceDetails', { invcNo: 'one' }, hdr)).resultCd).toBe('910');
  });
});

describe('findSignedInvoice', () => {
  it('finds a sale by {sdcId}/{invcNo} with the portal summary', async () => {
    await sell(
      saleBody(
        1,
        [
          [ITEMS.flour, 3, 200, 10],
          [ITEMS.milk, 2, 60],
        ],
        { custTin: 'P051111111A', custNm: 'REGISTRY BUYER LIMITED', trdInvcNo: 'SO-0012' },
      ),
    );
    const summary = h.module.findSignedInvoice('KRACU051234001/1');
    expect(summary).toStrictEqual({
      cuInvoiceNumber: 'KRACU051234001/1',
      sdcId: 'KRACU051234001',
      invcNo: 1,
      tin: 'P051234567Q',
      bhfId: '00',
      taxpayerName: 'USHURU SIM TRADERS LIMITED',
      deviceSerialNumber: 'ushuru-sim-dvc-01',
      custTin: 'P051111111A',
      custNm: 'REGISTRY BUYER LIMITED',
      traderInvoiceNumber: 'SO-0012',
      salesDate: '2025-01-15',
      transmissionDate: '2025-01-15 10:00:00',
      totalItemCount: 2,
      totalAmount: 746.4,
      totalTaxableAmount: 660,
      totalTaxAmount: 86.4,
      totalDiscountAmount: 60,
      items: [
        {
          itemCode: 'KE2NTU0000001',
          itemName: 'Maize Flour 2kg',
          quantity: 3,
          unitPrice: 200,
          taxType: 'B',
          taxableAmount: 540,
          taxAmount: 86.4,
          totalAmount: 626.4,
        },
        {
          itemCode: 'KE1NTKG0000003',
          itemName: 'Fresh Milk (bulk)',
          quantity: 2,
          unitPrice: 60,
          taxType: 'A',
          taxableAmount: 120,
          taxAmount: 0,
          totalAmount: 120,
        },
      ],
    });
    expect(h.module.findSignedInvoice('KRACU051234001/2')).toBeUndefined();
    h.module.reset();
    expect(h.module.findSignedInvoice('KRACU051234001/1')).toBeUndefined();
  });
});

describe('B2B sale → buyer purchase list', () => {
  it("shows a simulated TIN's sale in the buyer's selectTrnsPurchaseSalesList", async () => {
    const buyer = await h.init('P052345678R', '00', 'ushuru-sim-dvc-03');
    expect((await h.a('selectTrnsPurchaseSalesList', { lastReqDt: '20250101000000' }, buyer)).resultCd).toBe('001');
    h.advance(5_000);
    expect(
      (await sell(saleBody(1, [[ITEMS.flour, 2, 200]], { custTin: 'P052345678R', custNm: 'SIM SUPPLIES (KENYA) LIMITED', stockRlsDt: '20250115100000' })))
        .resultCd,
    ).toBe('000');
    const res = await h.a('selectTrnsPurchaseSalesList', { lastReqDt: '20250101000000' }, buyer);
    expect(res.resultCd).toBe('000');
    expect(res.data.saleList).toHaveLength(1);
    expect(res.data.saleList[0]).toMatchObject({
      spplrTin: 'P051234567Q',
      spplrNm: 'USHURU SIM TRADERS LIMITED',
      spplrBhfId: '00',
      spplrInvcNo: 1,
      spplrSdcId: 'KRACU051234001',
      rcptTyCd: 'S',
      cfmDt: '2025-01-15 10:00:00',
      stockRlsDt: '2025-01-15 10:00:00',
      salesDt: '20250115',
      taxRtB: 16,
      totAmt: 464,
      itemList: [{ itemSeq: 1, itemCd: 'KE2NTU0000001', qty: 2, taxAmt: 64 }],
    });
    // The cursor moves past it.
    expect((await h.a('selectTrnsPurchaseSalesList', { lastReqDt: '20250115100005' }, buyer)).resultCd).toBe('001');
  });

  it('B2C sales stay private', async () => {
    await sell(saleBody(1, [[ITEMS.flour, 1, 200]]));
    const seller = await h.a('selectTrnsPurchaseSalesList', { lastReqDt: '20250101000000' }, hdr);
    // Only the seeded supplier fixtures (dated 2024) exist for this TIN; nothing new since 2025.
    expect(seller.resultCd).toBe('001');
  });
});
