/** Field tables of customs imports: #12 selectImportItemList, #13 updateImportItem. */
import { z } from 'zod';
import { char, cursorRequest, int, kraObject, oneOf, optChar } from './fields.js';

/** #12 ImportItemSearchReq. */
export const selectImportItemList = cursorRequest;

/** #13 ImportItemUpdateReq. `dclDe` is `yyyyMMdd` in the spec but `ddMMyyyy` in Odoo (§2): 8 digits either way. */
export const updateImportItem = kraObject({
  taskCd: char(50),
  dclDe: z.string({ error: 'must be a string' }).regex(/^\d{8}$/, 'must be 8 digits (yyyyMMdd)'),
  itemSeq: int(1),
  hsCd: char(17),
  itemClsCd: char(10),
  itemCd: char(20),
  imptItemSttsCd: oneOf(['3', '4']),
  remark: optChar(400),
  modrId: char(20),
  modrNm: char(60),
});
