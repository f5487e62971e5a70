/** Field tables of branch data: #8 selectBhfList, #9 saveBhfCustomer, #10 saveBhfUser, #11 saveBhfInsurance. */
import { audit, char, cursorRequest, fixedChar, int, kraObject, optChar, yn } from './fields.js';

/** #8 BhfSearchReq. */
export const selectBhfList = cursorRequest;

/** #9 BhfCustSaveReq. */
export const saveBhfCustomer = kraObject({
  custNo: char(9),
  custTin: fixedChar(11),
  custNm: char(60),
  adrs: optChar(300),
  telNo: optChar(20),
  email: optChar(50),
  faxNo: optChar(20),
  useYn: yn(),
  remark: optChar(1000),
  ...audit,
});

/** #10 BhfUserSaveReq. */
export const saveBhfUser = kraObject({
  userId: char(20),
  userNm: char(60),
  pwd: char(255),
  adrs: optChar(200),
  cntc: optChar(20),
  authCd: optChar(100),
  remark: optChar(2000),
  useYn: yn(),
  ...audit,
});

/** #11 BhfInsuranceSaveReq: `isrcRt` is NUMBER(3), a whole percentage. */
export const saveBhfInsurance = kraObject({
  isrccCd: char(10),
  isrccNm: char(100),
  isrcRt: int(0, 100),
  useYn: yn(),
  ...audit,
});
