/** Field tables of items: #5 selectItemClsList, #6 saveItem, #7 selectItemList, #20 saveItemComposition. */
import { amount, audit, char, cursorRequest, kraObject, optAmount, optChar, yn } from './fields.js';

/** #5 ItemClsSearchReq. */
export const selectItemClsList = cursorRequest;

/** #6 ItemSaveReq (also an update when `itemCd` exists). */
export const saveItem = kraObject({
  itemCd: char(20),
  itemClsCd: char(10),
  itemTyCd: char(5),
  itemNm: char(200),
  itemStdNm: optChar(200),
  orgnNatCd: char(5),
  pkgUnitCd: char(5),
  qtyUnitCd: char(5),
  taxTyCd: char(5),
  btchNo: optChar(10),
  bcd: optChar(20),
  dftPrc: amount(),
  grpPrcL1: optAmount(),
  grpPrcL2: optAmount(),
  grpPrcL3: optAmount(),
  grpPrcL4: optAmount(),
  grpPrcL5: optAmount(),
  addInfo: optChar(7),
  sftyQty: optAmount(),
  isrcAplcbYn: yn(),
  useYn: yn(),
  ...audit,
});

/** #7 ItemSearchReq. */
export const selectItemList = cursorRequest;

/** #20 ItemCompositionSaveReq: one component per call; lengths follow saveItem's `itemCd` ([U] in the spec). */
export const saveItemComposition = kraObject({
  itemCd: char(20),
  cpstItemCd: char(20),
  cpstQty: amount(2, 0.01),
  regrId: char(20),
  regrNm: char(60),
});
