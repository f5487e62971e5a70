/**
 * A client that behaves like the published paybill OSCU SDKs runs its whole flow against the
 * simulator with nothing changed but the base URL: init, code list, item, sale, credit note,
 * stock in and out, stock master.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, startSimulator, type RunningSimulator } from '../src/index.js';
import { OscuApiError, PaybillLikeClient, type Json } from './paybill-like-client.js';

// The taxpayer and device of KRA's Device Initialization sample; a fresh simulator has it approved, not initialized.
const TIN = 'A123456789Z';
const BHF_ID = '00';
const AUDIT = { regrId: 'Admin', regrNm: 'Admin', modrId: 'Admin', modrNm: 'Admin' };
const ITEM_CD = 'KE2NTU0000501';

let sim: RunningSimulator;
let client: PaybillLikeClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = new PaybillLikeClient({
    baseUrl: `${sim.url}/etims-api`,
    consumerKey: DEFAULT_CONSUMER_KEY,
    consumerSecret: DEFAULT_CONSUMER_SECRET,
    tin: TIN,
    bhfId: BHF_ID,
  });
});
afterAll(() => sim.stop());

/** One line at 16 %, VAT on top, and the header that goes with it. */
function document(qty: number, prc: number): { line: Json; header: Json } {
  const splyAmt = qty * prc;
  const taxAmt = Math.round(splyAmt * 16) / 100;
  const line = {
    itemSeq: 1,
    itemCd: ITEM_CD,
    itemClsCd: '5020230100',
    itemNm: 'Soda 500ml',
    bcd: null,
    pkgUnitCd: 'NT',
    pkg: qty,
    qtyUnitCd: 'U',
    qty,
    prc,
    splyAmt,
    taxblAmt: splyAmt,
    taxTyCd: 'B',
    taxAmt,
    totAmt: splyAmt + taxAmt,
  };
  const header: Json = { totItemCnt: 1, totTaxblAmt: splyAmt, totTaxAmt: taxAmt, totAmt: splyAmt + taxAmt };
  return { line, header };
}

function sale(invcNo: number, qty: number, extra: Json = {}): Json {
  const { line, header } = document(qty, 500);
  return {
    invcNo,
    orgInvcNo: 0,
    trdInvcNo: 123 + invcNo,
    custTin: null,
    custNm: 'Walk-in',
    salesTyCd: 'N',
    rcptTyCd: 'S',
    pmtTyCd: '01',
    salesSttsCd: '02',
    cfmDt: '20260301090000',
    salesDt: '20260301',
    stockRlsDt: '20260301090000',
    cnclReqDt: null,
    cnclDt: null,
    rfdDt: null,
    rfdRsnCd: null,
    ...header,
    taxblAmtA: 0,
    taxblAmtB: header.totTaxblAmt,
    taxblAmtC: 0,
    taxblAmtD: 0,
    taxblAmtE: 0,
    taxRtA: 0,
    taxRtB: 16,
    taxRtC: 0,
    taxRtD: 0,
    taxRtE: 8,
    taxAmtA: 0,
    taxAmtB: header.totTaxAmt,
    taxAmtC: 0,
    taxAmtD: 0,
    taxAmtE: 0,
    prchrAcptcYn: 'N',
    remark: null,
    ...AUDIT,
    receipt: { custTin: null, custMblNo: null, rptNo: invcNo, rcptPbctDt: '20260301090000', trdeNm: '', adrs: '', topMsg: '', btmMsg: '', prchrAcptcYn: 'N' },
    itemList: [{ ...line, dcRt: 0, dcAmt: 0, isrccCd: null, isrccNm: null, isrcRt: null, isrcAmt: null }],
    ...extra,
  };
}

function stockIO(sarNo: number, sarTyCd: string, qty: number): Json {
  const { line, header } = document(qty, 300);
  return {
    sarNo,
    orgSarNo: 0,
    regTyCd: 'M',
    custTin: null,
    custNm: null,
    custBhfId: null,
    sarTyCd,
    ocrnDt: '20260301',
    ...header,
    remark: null,
    ...AUDIT,
    itemList: [{ ...line, totDcAmt: 0, itemExprDt: null }],
  };
}

describe('a paybill-like client against the simulator', () => {
  it('runs the whole flow, init to stock master', async () => {
    const init = await client.selectInitOsdcInfo({ tin: TIN, bhfId: BHF_ID, dvcSrlNo: 'dvcv1130' });
    expect(init).toMatchObject({ resultCd: '000', resultDt: expect.stringMatching(/^\d{14}$/) });
    const cmcKey = init.data!.info.cmcKey as string;
    expect(cmcKey).toBe('f0b9831bd2334874b7ec815e40347bc4');
    client.setCmcKey(cmcKey);

    const codes = await client.selectCodeList({ lastReqDt: '20180101000000' });
    const taxTypes = (codes.data!.clsList as Json[]).find((c) => c.cdCls === '04')!;
    expect(taxTypes.dtlList.find((d: Json) => d.cd === 'B').userDfnCd1).toBe('16');

    const item = {
      itemCd: ITEM_CD,
      itemClsCd: '5020230100',
      itemTyCd: '2',
      itemNm: 'Soda 500ml',
      itemStdNm: null,
      orgnNatCd: 'KE',
      pkgUnitCd: 'NT',
      qtyUnitCd: 'U',
      taxTyCd: 'B',
      btchNo: null,
      bcd: null,
      dftPrc: 500,
      grpPrcL1: null,
      grpPrcL2: null,
      grpPrcL3: null,
      grpPrcL4: null,
      grpPrcL5: null,
      addInfo: null,
      sftyQty: null,
      isrcAplcbYn: 'N',
      useYn: 'Y',
      ...AUDIT,
    };
    expect((await client.saveItem(item)).resultCd).toBe('000');

    const signed = await client.saveTrnsSalesOsdc(sale(1, 2));
    expect(signed.data).toMatchObject({ curRcptNo: 1, totRcptNo: 1, rcptSign: expect.stringMatching(/^[A-Z2-7]{16}$/) });

    const credit = await client.saveTrnsSalesOsdc(sale(2, 1, { rcptTyCd: 'R', orgInvcNo: 1, rfdDt: '20260302100000', rfdRsnCd: '06', salesDt: '20260302' }));
    expect(credit.data).toMatchObject({ curRcptNo: 1, totRcptNo: 2 });

    expect((await client.insertStockIO(stockIO(1, '02', 10))).resultCd).toBe('000');
    expect((await client.insertStockIO(stockIO(2, '11', 2))).resultCd).toBe('000');
    expect((await client.saveStockMaster({ itemCd: ITEM_CD, rsdQty: 8, ...AUDIT })).resultCd).toBe('000');

    // One token for the whole flow, as the SDKs cache it.
    expect(client.tokensFetched).toBe(1);
  });

  // Runs after the flow above, on the device it initialized.
  it('returns 001 as success and throws every other code with resultCd and resultMsg', async () => {
    const empty = await client.post('selectStockMoveList', { lastReqDt: '20991231000000' });
    expect(empty).toMatchObject({ resultCd: '001', data: null });

    const again = await client.selectInitOsdcInfo({ tin: TIN, bhfId: BHF_ID, dvcSrlNo: 'dvcv1130' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(OscuApiError);
    expect(again).toMatchObject({ resultCd: '902' });

    const bad = sale(3, 2);
    bad.itemList[0].qty = 'abc';
    const refused = await client.saveTrnsSalesOsdc(bad).catch((e: unknown) => e);
    expect(refused).toMatchObject({ resultCd: '910', resultMsg: expect.stringMatching(/itemList\[0\]\.qty must be a number/) });
  });
});
