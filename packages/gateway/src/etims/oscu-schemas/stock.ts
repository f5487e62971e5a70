/** Field tables of stock: #17 selectStockMoveList, #18 insertStockIO, #19 saveStockMaster. */
import { z } from 'zod';
import { amount, audit, char, cursorRequest, d8, int, kraObject, oneOf, optChar, optD8, documentLine } from './fields.js';

/** #17 StockMoveReq. */
export const selectStockMoveList = cursorRequest;

const line = documentLine({
  itemSeq: int(1),
  itemClsCd: char(10),
  itemCd: optChar(20),
  itemNm: char(200),
  bcd: optChar(20),
  pkgUnitCd: char(5),
  pkg: amount(),
  qtyUnitCd: char(5),
  qty: amount(),
  itemExprDt: optD8(),
  prc: amount(),
  splyAmt: amount(),
  totDcAmt: amount(),
  taxblAmt: amount(),
  taxTyCd: char(5),
  taxAmt: amount(),
  totAmt: amount(),
});

/** #18 StockIOSaveReq. */
export const insertStockIO = kraObject({
  sarNo: int(1),
  orgSarNo: int(0),
  regTyCd: oneOf(['A', 'M']),
  custTin: optChar(11),
  custNm: optChar(100),
  custBhfId: optChar(2),
  sarTyCd: char(5),
  ocrnDt: d8(),
  totItemCnt: int(1),
  totTaxblAmt: amount(),
  totTaxAmt: amount(),
  totAmt: amount(),
  remark: optChar(400),
  ...audit,
  itemList: z.array(line, { error: 'must be an array' }).min(1, 'must have at least one line'),
}).refine((b) => b.totItemCnt === b.itemList.length, { message: 'must equal the number of itemList entries', path: ['totItemCnt'] });

/** #19 StockMasterSaveReq: the quantity on hand after the move. */
export const saveStockMaster = kraObject({ itemCd: char(20), rsdQty: amount(2, Number.NEGATIVE_INFINITY), ...audit });
