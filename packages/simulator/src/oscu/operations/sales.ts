/** Sales: #14 `saveTrnsSalesOsdc` (the fiscal write) and #21 `selectInvoiceDetails` (reconciliation). */
import { PAYMENT_TYPES, REFUND_REASONS, SALE_STATUSES, TAX_HEADER_RULES, TRANSACTION_TYPES } from '../document-rules.js';
import { asSupplierSale, cuInvoiceNumber, invoiceDetails, saleResponseData, signReceipt } from '../receipt.js';
import { noResult, ok, paramError } from '../results.js';
import { addPurchaseSale, branchOf, type StoredSale } from '../state.js';
import { TAX_TYPES } from '../tax.js';
import { toSeconds } from '../time.js';
import type { DeviceContext, OscuContext, OscuOperation } from '../types.js';
import { refuseCreditNote } from './credit-notes.js';
import { refuseCountOrReuse, refuseOutOfSequence, refuseShortStock, refuseUnregisteredItems, refuseWrongAmounts } from './document-checks.js';
import { AUDIT_RULES, checkFields, checkList, d8, dt14, int, isObject, num, str, yn, type Body } from '../validate.js';

export const HEADER_RULES = [
  int('invcNo', { min: 1 }),
  int('orgInvcNo', { min: 0 }),
  str('trdInvcNo', 50),
  str('custTin', 11, { required: false }),
  str('custNm', 60, { required: false }),
  // Absent from the spec table but present in every KRA sample; Odoo omits it and passes.
  str('salesTyCd', 5, { required: false, oneOf: TRANSACTION_TYPES }),
  str('rcptTyCd', 5, { oneOf: ['S', 'R'] }),
  str('pmtTyCd', 5, { required: false, oneOf: PAYMENT_TYPES }),
  str('salesSttsCd', 5, { oneOf: SALE_STATUSES }),
  dt14('cfmDt'),
  d8('salesDt'),
  dt14('stockRlsDt', { required: false }),
  dt14('cnclReqDt', { required: false }),
  dt14('cnclDt', { required: false }),
  dt14('rfdDt', { required: false }),
  str('rfdRsnCd', 5, { required: false, oneOf: REFUND_REASONS }),
  int('totItemCnt', { min: 1 }),
  ...TAX_HEADER_RULES,
  yn('prchrAcptcYn'),
  str('remark', 400, { required: false }),
  ...AUDIT_RULES,
];

export const RECEIPT_RULES = [
  str('custTin', 11, { required: false }),
  str('custMblNo', 20, { required: false }),
  dt14('rcptPbctDt'),
  str('trdeNm', 100, { required: false }),
  str('adrs', 200, { required: false }),
  str('topMsg', 1000, { required: false }),
  str('btmMsg', 1000, { required: false }),
  yn('prchrAcptcYn'),
];

export const LINE_RULES = [
  int('itemSeq', { min: 1 }),
  str('itemCd', 20),
  str('itemClsCd', 10),
  str('itemNm', 200),
  str('bcd', 20, { required: false }),
  str('pkgUnitCd', 5),
  num('pkg', { min: 0 }),
  str('qtyUnitCd', 5),
  num('qty', { min: 0.01 }),
  num('prc', { min: 0 }),
  num('splyAmt', { min: 0 }),
  num('dcRt', { min: 0 }),
  num('dcAmt', { min: 0 }),
  str('isrccCd', 10, { required: false }),
  str('isrccNm', 100, { required: false }),
  num('isrcRt', { required: false, min: 0 }),
  num('isrcAmt', { required: false, min: 0 }),
  // Send `taxAmt` (KRA samples, Odoo live payloads); the transcribed `totTaxAmt` is not accepted.
  str('taxTyCd', 5, { oneOf: TAX_TYPES }),
  num('taxblAmt', { min: 0 }),
  num('taxAmt', { min: 0 }),
  num('totAmt', { min: 0 }),
];

/** Structure, types and lengths of a sales document, in field-table order. */
function checkStructure(body: Body): string | undefined {
  const problem = checkFields(body, HEADER_RULES);
  if (problem) return problem;
  if (!isObject(body.receipt)) return 'receipt is required';
  return checkFields(body.receipt, RECEIPT_RULES, 'receipt.') ?? checkList(body, 'itemList', LINE_RULES);
}

/**
 * Signs a sale (`rcptTyCd S`) or credit note (`R`). Checks, in order: fields and line count (910),
 * the number not already used by this branch (994), the number being the next of the branch's
 * sales/credit-note sequence (910 "Invalid invcNo sequence, expected: N but found: M", when
 * `sequence` is `strict`), the credit-note rules (`credit-notes.ts`), items registered, stock on
 * hand for goods sold (when `stockBeforeSale`), line and header tax arithmetic (910). The sale is
 * stored as coerced by the field check (`invcNo: "205"` is kept as 205); a refusal changes nothing.
 */
export const saveTrnsSalesOsdc: OscuOperation = {
  hostA: 'saveTrnsSalesOsdc',
  hostB: 'sendSalesTransaction',
  needsDevice: true,
  run(ctx, body) {
    const structural = checkStructure(body);
    if (structural) return paramError(structural);
    const lines = body.itemList as Body[];
    const branch = branchOf(ctx.state, ctx.tin, ctx.bhfId);
    const invcNo = body.invcNo as number;
    const credit = body.rcptTyCd === 'R';
    const refused =
      refuseCountOrReuse(ctx, body, lines, 'invcNo', branch.sales) ??
      refuseOutOfSequence(ctx, 'invcNo', invcNo, branch.lastAccepted.invcNo) ??
      (credit ? refuseCreditNote(ctx, branch, body, lines) : body.orgInvcNo !== 0 ? paramError('orgInvcNo must be 0 for a sale') : undefined) ??
      refuseUnregisteredItems(ctx, lines, true) ??
      (credit ? undefined : refuseShortStock(ctx, branch, lines)) ??
      refuseWrongAmounts(ctx, body, lines);
    if (refused) return refused;

    const sale = sign(ctx as DeviceContext, body, invcNo);
    return ok(saleResponseData(sale));
  },
};

function sign(ctx: DeviceContext, body: Body, invcNo: number): StoredSale {
  const branch = branchOf(ctx.state, ctx.tin, ctx.bhfId);
  const rcptTyCd = body.rcptTyCd as 'S' | 'R';
  branch.receiptCounts[rcptTyCd] += 1;
  branch.receiptCounts.total += 1;
  const sale: StoredSale = {
    tin: ctx.tin,
    bhfId: ctx.bhfId,
    invcNo,
    request: structuredClone(body),
    device: ctx.device,
    taxprNm: ctx.state.taxpayers.get(ctx.tin)?.value.taxprNm ?? ctx.tin,
    signature: {
      curRcptNo: branch.receiptCounts[rcptTyCd],
      totRcptNo: branch.receiptCounts.total,
      ...signReceipt(ctx.deps.options.seed, ctx.tin, ctx.bhfId, invcNo),
      signedAt: toSeconds(ctx.now) * 1000,
    },
  };
  branch.sales.set(invcNo, sale);
  branch.lastAccepted.invcNo = Math.max(branch.lastAccepted.invcNo, invcNo);
  if (rcptTyCd === 'R') {
    const orgInvcNo = body.orgInvcNo as number;
    branch.creditNotes.set(orgInvcNo, [...(branch.creditNotes.get(orgInvcNo) ?? []), invcNo]);
  }
  ctx.state.signedByCuNumber.set(cuInvoiceNumber(ctx.device.sdcId, invcNo), sale);
  ctx.deps.counters.documentsSigned += 1;
  // A B2B sale becomes visible to the buyer as a supplier sale (selectTrnsPurchaseSalesList).
  const buyer = typeof body.custTin === 'string' ? body.custTin : '';
  if (buyer !== '' && buyer !== ctx.tin) addPurchaseSale(ctx.state, buyer, asSupplierSale(sale), sale.signature.signedAt);
  return sale;
}

export const INVOICE_DETAILS_RULES = [int('invcNo', { min: 1 })];

/** The sale stored under `invcNo` for this branch, with its receipt; `001` when KRA does not have it. */
export const selectInvoiceDetails: OscuOperation = {
  hostA: 'selectInvoiceDetails',
  hostB: 'selectInvoiceDetail',
  needsDevice: true,
  run(ctx: OscuContext, body) {
    const problem = checkFields(body, INVOICE_DETAILS_RULES);
    if (problem) return paramError(problem);
    const sale = branchOf(ctx.state, ctx.tin, ctx.bhfId).sales.get(body.invcNo as number);
    return sale ? ok({ salesList: [invoiceDetails(sale)] }) : noResult();
  },
};
