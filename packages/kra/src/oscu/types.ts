/**
 * Wire types of the OSCU operations (spec/etims-oscu.md §3.1), field names exactly as KRA spells
 * them. Optional = optional on the wire or absent from some KRA answers. Operations without a
 * dedicated type use `Record<string, unknown>` until their fields are pinned down.
 */

/** Audit fields every save carries. */
export interface OscuAuditFields {
  regrId: string;
  regrNm: string;
  modrId: string;
  modrNm: string;
}

/** `lastReqDt` cursor request (`yyyyMMddHHmmss`, Kenyan time); `20180101000000` for a full sync. */
export interface OscuCursorRequest {
  lastReqDt: string;
}

/** #1 selectInitOsdcInfo request (DeviceVerificationReq). */
export interface InitOsdcInfoRequest {
  tin: string;
  bhfId: string;
  dvcSrlNo: string;
}

/** #1 answer: `data.info`. `cmcKey` is issued once and must be stored encrypted. */
export interface InitOsdcInfo {
  tin: string;
  taxprNm: string;
  bsnsActv?: string | null;
  bhfId: string;
  bhfNm: string;
  bhfOpenDt?: string | null;
  prvncNm?: string | null;
  dstrtNm?: string | null;
  sctrNm?: string | null;
  locDesc?: string | null;
  hqYn?: string | null;
  mgrNm?: string | null;
  mgrTelNo?: string | null;
  mgrEmail?: string | null;
  dvcId?: string | null;
  sdcId: string;
  mrcNo?: string | null;
  cmcKey: string;
}

/** #1 `data`. */
export interface InitOsdcInfoData {
  info: InitOsdcInfo;
}

/** #2 one code inside a code class. */
export interface OscuCodeDetail {
  cd: string;
  cdNm: string;
  cdDesc?: string | null;
  srtOrd?: number | null;
  /** For class 04 (tax type): the rate in percent. */
  userDfnCd1?: string | null;
  /** For class 04: the receipt label. */
  userDfnCd2?: string | null;
  userDfnCd3?: string | null;
  useYn: string;
}

/** #2 one code class (`cdCls`, e.g. `04` taxation type). */
export interface OscuCodeClass {
  cdCls: string;
  cdClsNm: string;
  cdClsDesc?: string | null;
  useYn: string;
  userDfnNm1?: string | null;
  userDfnNm2?: string | null;
  userDfnNm3?: string | null;
  dtlList: OscuCodeDetail[];
}

/** #2 `data`. */
export interface CodeListData {
  clsList: OscuCodeClass[];
}

/** #3 selectCustomer request. */
export interface CustomerSearchRequest {
  custmTin: string;
}

/** #3 one taxpayer found. */
export interface OscuCustomerInfo {
  tin: string;
  taxprNm: string;
  /** `A` active, `D` inactive. */
  taxprSttsCd: string;
  prvncNm?: string | null;
  dstrtNm?: string | null;
  sctrNm?: string | null;
  locDesc?: string | null;
}

/** #3 `data`. */
export interface CustomerData {
  custList: OscuCustomerInfo[];
}

/** #4 one notice. */
export interface OscuNotice {
  noticeNo: number;
  title: string;
  cont: string;
  dtlUrl?: string | null;
  regrNm?: string | null;
  regDt: string;
}

/** #4 `data`. */
export interface NoticeListData {
  noticeList: OscuNotice[];
}

/** #5 one item classification (UNSPSC-based). */
export interface OscuItemClass {
  itemClsCd: string;
  itemClsNm: string;
  itemClsLvl: number;
  taxTyCd?: string | null;
  mjrTgYn?: string | null;
  useYn: string;
}

/** #5 `data`. */
export interface ItemClassListData {
  itemClsList: OscuItemClass[];
}

/** #6 saveItem request (also the shape of #7's items). */
export interface SaveItemRequest extends OscuAuditFields {
  itemCd: string;
  itemClsCd: string;
  itemTyCd: string;
  itemNm: string;
  itemStdNm?: string | null;
  orgnNatCd: string;
  pkgUnitCd: string;
  qtyUnitCd: string;
  taxTyCd: string;
  btchNo?: string | null;
  bcd?: string | null;
  dftPrc: number;
  grpPrcL1?: number | null;
  grpPrcL2?: number | null;
  grpPrcL3?: number | null;
  grpPrcL4?: number | null;
  grpPrcL5?: number | null;
  addInfo?: string | null;
  sftyQty?: number | null;
  isrcAplcbYn: string;
  useYn: string;
}

/** #7 one registered item. */
export interface OscuItem extends Partial<SaveItemRequest> {
  tin?: string;
  itemCd: string;
  regBhfId?: string;
  /** Classification modified by KRA. */
  rraModYn?: string;
}

/** #7 `data`. */
export interface ItemListData {
  itemList: OscuItem[];
}

/** #8 one branch. */
export interface OscuBranch {
  tin: string;
  bhfId: string;
  bhfNm: string;
  bhfSttsCd: string;
  prvncNm?: string | null;
  dstrtNm?: string | null;
  sctrNm?: string | null;
  locDesc?: string | null;
  mgrNm?: string | null;
  mgrTelNo?: string | null;
  mgrEmail?: string | null;
  hqYn: string;
}

/** #8 `data`. */
export interface BranchListData {
  bhfList: OscuBranch[];
}

/** #9 saveBhfCustomer request. */
export interface SaveBranchCustomerRequest extends Omit<OscuAuditFields, 'modrId' | 'modrNm'>, Partial<Pick<OscuAuditFields, 'modrId' | 'modrNm'>> {
  custNo: string;
  custTin: string;
  custNm: string;
  adrs?: string | null;
  telNo?: string | null;
  email?: string | null;
  faxNo?: string | null;
  useYn: string;
  remark?: string | null;
}

/** #14 one sales line. */
export interface SalesItem {
  itemSeq: number;
  itemCd: string;
  itemClsCd: string;
  itemNm: string;
  bcd?: string | null;
  pkgUnitCd: string;
  pkg: number;
  qtyUnitCd: string;
  qty: number;
  prc: number;
  splyAmt: number;
  dcRt: number;
  dcAmt: number;
  isrccCd?: string | null;
  isrccNm?: string | null;
  isrcRt?: number | null;
  isrcAmt?: number | null;
  taxTyCd: string;
  taxblAmt: number;
  taxAmt: number;
  totAmt: number;
}

/** #14 receipt block. */
export interface SalesReceipt {
  custTin?: string | null;
  custMblNo?: string | null;
  rcptPbctDt: string;
  trdeNm?: string | null;
  adrs?: string | null;
  topMsg?: string | null;
  btmMsg?: string | null;
  prchrAcptcYn: string;
}

/** #14 saveTrnsSalesOsdc request (TrnsSalesSaveWrReq). */
export interface SalesTransactionRequest extends OscuAuditFields {
  invcNo: number;
  orgInvcNo: number;
  trdInvcNo: string;
  custTin?: string | null;
  custNm?: string | null;
  salesTyCd?: string;
  rcptTyCd: string;
  pmtTyCd?: string | null;
  salesSttsCd: string;
  cfmDt: string;
  salesDt: string;
  stockRlsDt?: string | null;
  cnclReqDt?: string | null;
  cnclDt?: string | null;
  rfdDt?: string | null;
  rfdRsnCd?: string | null;
  totItemCnt: number;
  taxblAmtA: number;
  taxblAmtB: number;
  taxblAmtC: number;
  taxblAmtD: number;
  taxblAmtE: number;
  taxRtA: number;
  taxRtB: number;
  taxRtC: number;
  taxRtD: number;
  taxRtE: number;
  taxAmtA: number;
  taxAmtB: number;
  taxAmtC: number;
  taxAmtD: number;
  taxAmtE: number;
  totTaxblAmt: number;
  totTaxAmt: number;
  totAmt: number;
  prchrAcptcYn: string;
  remark?: string | null;
  receipt: SalesReceipt;
  itemList: SalesItem[];
}

/** #14 `data`: the receipt signature KRA issued. */
export interface SalesTransactionData {
  curRcptNo: number | string;
  totRcptNo: number | string;
  intrlData: string;
  rcptSign: string;
  /** `yyyyMMddHHmmss`. */
  sdcDateTime: string;
}

/** #21 selectInvoiceDetails request. */
export interface InvoiceDetailsRequest {
  invcNo: number;
}

/** #21 one sale as KRA holds it, with its receipt signature. */
export interface InvoiceDetailsSale extends Partial<Omit<SalesTransactionRequest, 'receipt'>> {
  receipt?: Partial<SalesReceipt> & Partial<SalesTransactionData>;
}

/** #21 `data`. */
export interface InvoiceDetailsData {
  salesList: InvoiceDetailsSale[];
}

/** #15 one supplier sale addressed to this taxpayer. */
export interface PurchaseSale {
  spplrTin: string;
  spplrNm?: string | null;
  spplrBhfId?: string | null;
  spplrInvcNo: number;
  spplrSdcId?: string | null;
  spplrMrcNo?: string | null;
  rcptTyCd: string;
  pmtTyCd?: string | null;
  cfmDt?: string | null;
  salesDt?: string | null;
  totItemCnt: number;
  totTaxblAmt: number;
  totTaxAmt: number;
  totAmt: number;
  itemList: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

/** #15 `data`. */
export interface PurchaseSalesListData {
  saleList: PurchaseSale[];
}

/** #12 `data`. */
export interface ImportItemListData {
  itemList: Array<Record<string, unknown>>;
}

/** #17 `data`. */
export interface StockMoveListData {
  stockList: Array<Record<string, unknown>>;
}

/** Request and `data` types per operation, for the typed client. */
export interface OscuOperationTypes {
  selectInitOsdcInfo: { request: InitOsdcInfoRequest; data: InitOsdcInfoData };
  selectCodeList: { request: OscuCursorRequest; data: CodeListData };
  selectCustomer: { request: CustomerSearchRequest; data: CustomerData };
  selectNoticeList: { request: OscuCursorRequest; data: NoticeListData };
  selectItemClsList: { request: OscuCursorRequest; data: ItemClassListData };
  saveItem: { request: SaveItemRequest; data: null };
  selectItemList: { request: OscuCursorRequest; data: ItemListData };
  selectBhfList: { request: OscuCursorRequest; data: BranchListData };
  saveBhfCustomer: { request: SaveBranchCustomerRequest; data: null };
  saveBhfUser: { request: Record<string, unknown>; data: null };
  saveBhfInsurance: { request: Record<string, unknown>; data: null };
  selectImportItemList: { request: OscuCursorRequest; data: ImportItemListData };
  updateImportItem: { request: Record<string, unknown>; data: null };
  saveTrnsSalesOsdc: { request: SalesTransactionRequest; data: SalesTransactionData };
  selectTrnsPurchaseSalesList: { request: OscuCursorRequest; data: PurchaseSalesListData };
  insertTrnsPurchase: { request: Record<string, unknown>; data: null };
  selectStockMoveList: { request: OscuCursorRequest; data: StockMoveListData };
  insertStockIO: { request: Record<string, unknown>; data: null };
  saveStockMaster: { request: Record<string, unknown>; data: null };
  saveItemComposition: { request: Record<string, unknown>; data: null };
  selectInvoiceDetails: { request: InvoiceDetailsRequest; data: InvoiceDetailsData };
}
