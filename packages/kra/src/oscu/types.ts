/**
 * Wire types of the OSCU operations, field names exactly as KRA spells them. Requests are derived
 * from the field table (`OSCU_REQUEST_FIELDS` in fields.ts): a required field is present, an
 * optional one may be left out or null. In answers, optional = absent from some KRA answers.
 * Answers without a dedicated type use `Record<string, unknown>` until their fields are pinned down.
 */
import type { OscuRequestOf } from './fields.js';

/** Audit fields every save carries. */
export type OscuAuditFields = Pick<OscuRequestOf<'saveItem'>, 'regrId' | 'regrNm' | 'modrId' | 'modrNm'>;

/** `lastReqDt` cursor request (`yyyyMMddHHmmss`, Kenyan time); `20180101000000` for a full sync. */
export type OscuCursorRequest = OscuRequestOf<'selectCodeList'>;

/** #1 selectInitOsdcInfo request (DeviceVerificationReq). */
export type InitOsdcInfoRequest = OscuRequestOf<'selectInitOsdcInfo'>;

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
export type CustomerSearchRequest = OscuRequestOf<'selectCustomer'>;

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
export type SaveItemRequest = OscuRequestOf<'saveItem'>;

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
export type SaveBranchCustomerRequest = OscuRequestOf<'saveBhfCustomer'>;

/** #10 saveBhfUser request. */
export type SaveBranchUserRequest = OscuRequestOf<'saveBhfUser'>;

/** #11 saveBhfInsurance request. */
export type SaveBranchInsuranceRequest = OscuRequestOf<'saveBhfInsurance'>;

/** #13 updateImportItem request. */
export type UpdateImportItemRequest = OscuRequestOf<'updateImportItem'>;

/** #14 saveTrnsSalesOsdc request (TrnsSalesSaveWrReq). */
export type SalesTransactionRequest = OscuRequestOf<'saveTrnsSalesOsdc'>;

/** #14 one sales line. */
export type SalesItem = SalesTransactionRequest['itemList'][number];

/** #14 receipt block. */
export type SalesReceipt = SalesTransactionRequest['receipt'];

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
export type InvoiceDetailsRequest = OscuRequestOf<'selectInvoiceDetails'>;

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

/** #16 insertTrnsPurchase request (TrnsPurchaseSaveReq). */
export type PurchaseTransactionRequest = OscuRequestOf<'insertTrnsPurchase'>;

/** #18 insertStockIO request (StockIOSaveReq). */
export type StockIORequest = OscuRequestOf<'insertStockIO'>;

/** #19 saveStockMaster request (StockMasterSaveReq). */
export type StockMasterRequest = OscuRequestOf<'saveStockMaster'>;

/** #20 saveItemComposition request (ItemCompositionSaveReq). */
export type ItemCompositionRequest = OscuRequestOf<'saveItemComposition'>;

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
  saveBhfUser: { request: SaveBranchUserRequest; data: null };
  saveBhfInsurance: { request: SaveBranchInsuranceRequest; data: null };
  selectImportItemList: { request: OscuCursorRequest; data: ImportItemListData };
  updateImportItem: { request: UpdateImportItemRequest; data: null };
  saveTrnsSalesOsdc: { request: SalesTransactionRequest; data: SalesTransactionData };
  selectTrnsPurchaseSalesList: { request: OscuCursorRequest; data: PurchaseSalesListData };
  insertTrnsPurchase: { request: PurchaseTransactionRequest; data: null };
  selectStockMoveList: { request: OscuCursorRequest; data: StockMoveListData };
  insertStockIO: { request: StockIORequest; data: null };
  saveStockMaster: { request: StockMasterRequest; data: null };
  saveItemComposition: { request: ItemCompositionRequest; data: null };
  selectInvoiceDetails: { request: InvoiceDetailsRequest; data: InvoiceDetailsData };
}
