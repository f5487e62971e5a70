/**
 * A valid KRA-native body for each of the 21 OSCU operations, written for the simulator's example
 * device (PIN A123456789Z, branch 00, serial dvcv1130) and its pre-registered items. They document
 * the raw routes, feed the generated security tests and are the "good call" of the route tests.
 * Amounts follow the spec's VAT-exclusive arithmetic (§6.4): 2 × 200.00 at 16 % = 464.00.
 */
import type { OscuOperationName } from '@ushuru/kra';

const audit = { regrId: 'ushuru', regrNm: 'Ushuru', modrId: 'ushuru', modrNm: 'Ushuru' };
const taxHeader = {
  taxblAmtA: 0, taxblAmtB: 400, taxblAmtC: 0, taxblAmtD: 0, taxblAmtE: 0,
  taxRtA: 0, taxRtB: 16, taxRtC: 0, taxRtD: 0, taxRtE: 8,
  taxAmtA: 0, taxAmtB: 64, taxAmtC: 0, taxAmtD: 0, taxAmtE: 0,
  totTaxblAmt: 400, totTaxAmt: 64, totAmt: 464,
};
const maize = { itemCd: 'KE2NTU0000001', itemClsCd: '5022170100', itemNm: 'Maize Flour 2kg' };
const lineAmounts = { pkg: 2, qtyUnitCd: 'U', qty: 2, prc: 200, splyAmt: 400, taxblAmt: 400, taxTyCd: 'B', taxAmt: 64, totAmt: 464 };
const since = { lastReqDt: '20180101000000' };

/** Operation → a body the simulator accepts (in this order: a sale precedes its invoice lookup). */
export const OSCU_EXAMPLE_BODIES: Record<OscuOperationName, Record<string, unknown>> = {
  selectInitOsdcInfo: { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' },
  selectCodeList: since,
  selectCustomer: { custmTin: 'A123456789Z' },
  selectNoticeList: since,
  selectItemClsList: since,
  saveItem: {
    itemCd: 'KE2NTU0000101', itemClsCd: '5022170100', itemTyCd: '2', itemNm: 'Maize Flour 1kg', itemStdNm: null,
    orgnNatCd: 'KE', pkgUnitCd: 'NT', qtyUnitCd: 'U', taxTyCd: 'B', btchNo: null, bcd: null, dftPrc: 110,
    addInfo: null, sftyQty: null, isrcAplcbYn: 'N', useYn: 'Y', ...audit,
  },
  selectItemList: since,
  selectBhfList: since,
  saveBhfCustomer: { custNo: '1', custTin: 'P051234567Q', custNm: 'USHURU SIM TRADERS LIMITED', adrs: 'Nairobi', telNo: null, email: null, faxNo: null, useYn: 'Y', remark: null, ...audit },
  saveBhfUser: { userId: 'cashier1', userNm: 'Cashier One', pwd: 'cashier-password-1', adrs: null, cntc: null, authCd: null, remark: null, useYn: 'Y', ...audit },
  saveBhfInsurance: { isrccCd: 'NHIF', isrccNm: 'Social Health Authority', isrcRt: 20, useYn: 'Y', ...audit },
  selectImportItemList: since,
  updateImportItem: {
    taskCd: '20240610000512300', dclDe: '20240610', itemSeq: 1, hsCd: '1001990000', itemClsCd: '5022170100',
    itemCd: 'KE2NTU0000001', imptItemSttsCd: '3', remark: 'received', modrId: 'ushuru', modrNm: 'Ushuru',
  },
  saveTrnsSalesOsdc: {
    invcNo: 1, orgInvcNo: 0, trdInvcNo: 'INV-0001', custTin: null, custNm: null, salesTyCd: 'N', rcptTyCd: 'S', pmtTyCd: '01',
    salesSttsCd: '02', cfmDt: '20250102103000', salesDt: '20250102', stockRlsDt: null, cnclReqDt: null, cnclDt: null, rfdDt: null,
    rfdRsnCd: null, totItemCnt: 1, ...taxHeader, prchrAcptcYn: 'N', remark: null, ...audit,
    receipt: { custTin: null, custMblNo: null, rcptPbctDt: '20250102103000', trdeNm: null, adrs: null, topMsg: null, btmMsg: null, prchrAcptcYn: 'N' },
    itemList: [{ itemSeq: 1, ...maize, bcd: null, pkgUnitCd: 'NT', ...lineAmounts, dcRt: 0, dcAmt: 0 }],
  },
  selectTrnsPurchaseSalesList: since,
  insertTrnsPurchase: {
    invcNo: 1, orgInvcNo: 0, spplrTin: null, spplrBhfId: null, spplrNm: 'Local Miller', spplrInvcNo: null, regTyCd: 'M', pchsTyCd: 'N',
    rcptTyCd: 'P', pmtTyCd: '01', pchsSttsCd: '02', cfmDt: '20250102090000', pchsDt: '20250102', wrhsDt: null, cnclReqDt: null,
    cnclDt: null, rfdDt: null, totItemCnt: 1, ...taxHeader, remark: null, ...audit,
    itemList: [{ itemSeq: 1, ...maize, bcd: null, spplrItemClsCd: null, spplrItemCd: null, spplrItemNm: null, pkgUnitCd: 'NT', ...lineAmounts, dcRt: 0, dcAmt: 0, itemExprDt: null }],
  },
  selectStockMoveList: since,
  insertStockIO: {
    sarNo: 1, orgSarNo: 0, regTyCd: 'M', custTin: null, custNm: null, custBhfId: null, sarTyCd: '06', ocrnDt: '20250102',
    totItemCnt: 1, totTaxblAmt: 400, totTaxAmt: 64, totAmt: 464, remark: null, ...audit,
    itemList: [{ itemSeq: 1, ...maize, bcd: null, pkgUnitCd: 'NT', ...lineAmounts, itemExprDt: null, totDcAmt: 0 }],
  },
  saveStockMaster: { itemCd: 'KE2NTU0000001', rsdQty: 10, ...audit },
  saveItemComposition: { itemCd: 'KE2NTU0000001', cpstItemCd: 'KE2NTU0000002', cpstQty: 1, regrId: 'ushuru', regrNm: 'Ushuru' },
  selectInvoiceDetails: { invcNo: 1 },
};
