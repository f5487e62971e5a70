/** Field tables of sales: #14 saveTrnsSalesOsdc (the fiscal write) and #21 selectInvoiceDetails. */
import { z } from 'zod';
import { taxHeader, withWholeBands } from './documents.js';
import { amount, audit, char, d8, dt14, int, kraObject, oneOf, optAmount, optChar, optDt14, yn, documentLine } from './fields.js';

const receipt = kraObject({
  custTin: optChar(11),
  custMblNo: optChar(20),
  rcptPbctDt: dt14(),
  trdeNm: optChar(100),
  adrs: optChar(200),
  topMsg: optChar(1000),
  btmMsg: optChar(1000),
  prchrAcptcYn: yn(),
});

const line = documentLine({
  itemSeq: int(1),
  itemCd: char(20),
  itemClsCd: char(10),
  itemNm: char(200),
  bcd: optChar(20),
  pkgUnitCd: char(5),
  pkg: amount(),
  qtyUnitCd: char(5),
  qty: amount(2, 0.01),
  prc: amount(),
  splyAmt: amount(),
  dcRt: amount(),
  dcAmt: amount(),
  isrccCd: optChar(10),
  isrccNm: optChar(100),
  isrcRt: optAmount(),
  isrcAmt: optAmount(),
  taxTyCd: char(5),
  taxblAmt: amount(),
  // KRA's samples and Odoo's live payloads use `taxAmt` (the transcribed table says totTaxAmt, [U]).
  taxAmt: amount(),
  totAmt: amount(),
});

/** #14 TrnsSalesSaveWrReq. */
export const saveTrnsSalesOsdc = withWholeBands(kraObject({
  invcNo: int(1),
  orgInvcNo: int(0),
  trdInvcNo: char(50),
  custTin: optChar(11),
  custNm: optChar(60),
  salesTyCd: optChar(5),
  rcptTyCd: oneOf(['S', 'R']),
  pmtTyCd: optChar(5),
  salesSttsCd: char(5),
  cfmDt: dt14(),
  salesDt: d8(),
  stockRlsDt: optDt14(),
  cnclReqDt: optDt14(),
  cnclDt: optDt14(),
  rfdDt: optDt14(),
  rfdRsnCd: optChar(5),
  totItemCnt: int(1),
  ...taxHeader,
  prchrAcptcYn: yn(),
  remark: optChar(400),
  ...audit,
  receipt,
  itemList: z.array(line, { error: 'must be an array' }).min(1, 'must have at least one line'),
}).refine((b) => b.totItemCnt === b.itemList.length, { message: 'must equal the number of itemList entries', path: ['totItemCnt'] }));

/** #21 selectInvoiceDetails: one invoice by its eTIMS number. */
export const selectInvoiceDetails = kraObject({ invcNo: int(1) });
