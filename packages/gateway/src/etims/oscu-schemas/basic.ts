/** Field tables of initialization and basic data: #1 selectInitOsdcInfo, #2–#4 (codes, customer, notices). */
import { char, cursorRequest, fixedChar, kraObject } from './fields.js';

/** #1 DeviceVerificationReq. */
export const selectInitOsdcInfo = kraObject({ tin: fixedChar(11), bhfId: fixedChar(2), dvcSrlNo: char(100) });
/** #2 CodeSearchReq. */
export const selectCodeList = cursorRequest;
/** #3 CustSearchReq: the PIN to look up (no cursor). */
export const selectCustomer = kraObject({ custmTin: fixedChar(11) });
/** #4 NoticeSearchReq. */
export const selectNoticeList = cursorRequest;
