/** Field tables of purchases: #15 selectTrnsPurchaseSalesList, #16 insertTrnsPurchase. */
import { z } from 'zod';
import { taxHeader, withWholeBands } from './documents.js';
import { amount, audit, char, cursorRequest, d8, int, kraObject, oneOf, optChar, optD8, optDt14, optInt, documentLine } from './fields.js';

/** #15 TrnsPurchaseSalesReq. */
export const selectTrnsPurchaseSalesList = cursorRequest;

const line = documentLine({
  itemSeq: int(1),
  itemCd: optChar(20),
  itemClsCd: char(10),
  itemNm: char(200),
  bcd: optChar(20),
  spplrItemClsCd: optChar(10),
  spplrItemCd: optChar(20),
  spplrItemNm: optChar(200),
  pkgUnitCd: optChar(5),
  pkg: amount(),
  qtyUnitCd: char(5),
  qty: amount(2, 0.01),
  prc: amount(),
  splyAmt: amount(),
  dcRt: amount(),
  dcAmt: amount(),
  taxblAmt: amount(),
  taxTyCd: char(5),
  taxAmt: amount(),
  totAmt: amount(),
  itemExprDt: optD8(),
});

/** #16 TrnsPurchaseSaveReq. */
export const insertTrnsPurchase = withWholeBands(kraObject({
  invcNo: int(1),
  orgInvcNo: int(0),
  spplrTin: optChar(11),
  spplrBhfId: optChar(2),
  spplrNm: optChar(60),
  spplrInvcNo: optInt(0),
  regTyCd: oneOf(['A', 'M']),
  pchsTyCd: char(5),
  rcptTyCd: oneOf(['P', 'R']),
  pmtTyCd: char(5),
  pchsSttsCd: char(5),
  cfmDt: optDt14(),
  pchsDt: d8(),
  wrhsDt: optDt14(),
  cnclReqDt: optDt14(),
  cnclDt: optDt14(),
  rfdDt: optDt14(),
  totItemCnt: int(1),
  ...taxHeader,
  remark: optChar(400),
  ...audit,
  itemList: z.array(line, { error: 'must be an array' }).min(1, 'must have at least one line'),
}).refine((b) => b.totItemCnt === b.itemList.length, { message: 'must equal the number of itemList entries', path: ['totItemCnt'] }));
