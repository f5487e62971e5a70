/** Purchases: #15 `selectTrnsPurchaseSalesList` (suppliers' sales to you), #16 `insertTrnsPurchase`. */
import { PAYMENT_TYPES, SALE_STATUSES, TAX_HEADER_RULES, TRANSACTION_TYPES } from '../document-rules.js';
import { ok, paramError } from '../results.js';
import { branchOf } from '../state.js';
import { TAX_TYPES } from '../tax.js';
import type { OscuOperation } from '../types.js';
import { AUDIT_RULES, checkFields, checkList, d8, dt14, int, num, str, type Body } from '../validate.js';
import { cursorList } from './cursor.js';
import { refuseCountOrReuse, refuseOutOfSequence, refuseUnregisteredItems, refuseWrongAmounts } from './document-checks.js';

/** Sales other taxpayers signed with this TIN as buyer (fixtures plus simulated B2B sales). */
export const selectTrnsPurchaseSalesList: OscuOperation = {
  hostA: 'selectTrnsPurchaseSalesList',
  hostB: 'getPurchaseTransactionInfo',
  needsDevice: true,
  run: (ctx, body) => cursorList(body, 'saleList', () => ctx.state.purchaseSales.get(ctx.tin) ?? []),
};

export const HEADER_RULES = [
  int('invcNo', { min: 1 }),
  int('orgInvcNo', { min: 0 }),
  str('spplrTin', 11, { required: false }),
  str('spplrBhfId', 2, { required: false }),
  str('spplrNm', 60, { required: false }),
  int('spplrInvcNo', { required: false, min: 0 }),
  str('regTyCd', 5, { oneOf: ['A', 'M'] }),
  str('pchsTyCd', 5, { oneOf: TRANSACTION_TYPES }),
  str('rcptTyCd', 5, { oneOf: ['P', 'R'] }),
  str('pmtTyCd', 5, { oneOf: PAYMENT_TYPES }),
  str('pchsSttsCd', 5, { oneOf: SALE_STATUSES }),
  dt14('cfmDt', { required: false }),
  d8('pchsDt'),
  dt14('wrhsDt', { required: false }),
  dt14('cnclReqDt', { required: false }),
  dt14('cnclDt', { required: false }),
  dt14('rfdDt', { required: false }),
  int('totItemCnt', { min: 1 }),
  ...TAX_HEADER_RULES,
  str('remark', 400, { required: false }),
  ...AUDIT_RULES,
];

export const LINE_RULES = [
  int('itemSeq', { min: 1 }),
  str('itemCd', 20, { required: false }),
  str('itemClsCd', 10),
  str('itemNm', 200),
  str('bcd', 20, { required: false }),
  str('spplrItemClsCd', 10, { required: false }),
  str('spplrItemCd', 20, { required: false }),
  str('spplrItemNm', 200, { required: false }),
  str('pkgUnitCd', 5, { required: false }),
  num('pkg', { min: 0 }),
  str('qtyUnitCd', 5),
  num('qty', { min: 0.01 }),
  num('prc', { min: 0 }),
  num('splyAmt', { min: 0 }),
  num('dcRt', { min: 0 }),
  num('dcAmt', { min: 0 }),
  num('taxblAmt', { min: 0 }),
  str('taxTyCd', 5, { oneOf: TAX_TYPES }),
  num('taxAmt', { min: 0 }),
  num('totAmt', { min: 0 }),
  d8('itemExprDt', { required: false }),
];

/**
 * Records a purchase. Purchases have their own `invcNo` sequence per branch, separate from sales:
 * a used number is 994, and under `sequence: 'strict'` any other number than the last accepted + 1
 * is 910 "Invalid invcNo sequence, expected: N but found: M". Same arithmetic as sales; an own
 * `itemCd`, when given, must be registered.
 */
export const insertTrnsPurchase: OscuOperation = {
  hostA: 'insertTrnsPurchase',
  hostB: 'sendPurchaseTransactionInfo',
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, HEADER_RULES) ?? checkList(body, 'itemList', LINE_RULES);
    if (problem) return paramError(problem);
    const lines = body.itemList as Body[];
    const branch = branchOf(ctx.state, ctx.tin, ctx.bhfId);
    const invcNo = body.invcNo as number;
    const refused =
      refuseCountOrReuse(ctx, body, lines, 'invcNo', branch.purchases) ??
      refuseOutOfSequence(ctx, 'invcNo', invcNo, branch.lastAccepted.purchaseInvcNo) ??
      refuseUnregisteredItems(ctx, lines, false) ??
      refuseWrongAmounts(ctx, body, lines);
    if (refused) return refused;
    branch.purchases.set(invcNo, { updatedAt: ctx.now, value: structuredClone(body) });
    branch.lastAccepted.purchaseInvcNo = Math.max(branch.lastAccepted.purchaseInvcNo, invcNo);
    return ok();
  },
};
