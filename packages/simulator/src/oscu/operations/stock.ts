/** Stock: #17 `selectStockMoveList`, #18 `insertStockIO`, #19 `saveStockMaster`. */
import { STOCK_IO_TYPES } from '../document-rules.js';
import { ok, paramError } from '../results.js';
import { branchOf, itemsOf } from '../state.js';
import { TAX_TYPES } from '../tax.js';
import type { OscuOperation } from '../types.js';
import { AUDIT_RULES, checkFields, checkList, d8, int, num, str, type Body } from '../validate.js';
import { cursorList } from './cursor.js';
import { bookStock, refuseCountOrReuse, refuseOutOfSequence, refuseUnregisteredItems, refuseWrongStockAmounts } from './document-checks.js';

/** Stock moves addressed to this branch (e.g. transfers from head office), newer than `lastReqDt`. */
export const selectStockMoveList: OscuOperation = {
  hostA: 'selectStockMoveList',
  hostB: 'selectStockMoveLists',
  needsDevice: true,
  run: (ctx, body) => cursorList(body, 'stockList', () => branchOf(ctx.state, ctx.tin, ctx.bhfId).stockMovesIn),
};

export const HEADER_RULES = [
  int('sarNo', { min: 1 }),
  int('orgSarNo', { min: 0 }),
  str('regTyCd', 5, { oneOf: ['A', 'M'] }),
  str('custTin', 11, { required: false }),
  str('custNm', 100, { required: false }),
  str('custBhfId', 2, { required: false }),
  str('sarTyCd', 5, { oneOf: STOCK_IO_TYPES }),
  d8('ocrnDt'),
  int('totItemCnt', { min: 1 }),
  num('totTaxblAmt', { min: 0 }),
  num('totTaxAmt', { min: 0 }),
  num('totAmt', { min: 0 }),
  str('remark', 400, { required: false }),
  ...AUDIT_RULES,
];

export const LINE_RULES = [
  int('itemSeq', { min: 1 }),
  str('itemClsCd', 10),
  str('itemCd', 20, { required: false }),
  str('itemNm', 200),
  str('bcd', 20, { required: false }),
  str('pkgUnitCd', 5),
  num('pkg', { min: 0 }),
  str('qtyUnitCd', 5),
  num('qty', { min: 0 }),
  d8('itemExprDt', { required: false }),
  num('prc', { min: 0 }),
  num('splyAmt', { min: 0 }),
  num('totDcAmt', { min: 0 }),
  num('taxblAmt', { min: 0 }),
  str('taxTyCd', 5, { oneOf: TAX_TYPES }),
  num('taxAmt', { min: 0 }),
  num('totAmt', { min: 0 }),
];

/**
 * Records a stock movement. `sarNo` is a third sequence per branch: a used number is 994, and under
 * `sequence: 'strict'` any other number than the last accepted + 1 is 910 "Invalid sarNo sequence,
 * expected: N but found: M". An accepted IO moves the branch's stock ledger (types 01–06 in, 11–16
 * out), which `stockBeforeSale` checks sales of goods against. Lines follow the same VAT arithmetic as sales
 * (discount in `totDcAmt`; prc may be a unit cost rounded to the cent) and the totals add up from
 * them. A move to another branch of the same TIN (`custTin` = own TIN, `custBhfId` set) shows up in
 * that branch's `selectStockMoveList`.
 */
export const insertStockIO: OscuOperation = {
  hostA: 'insertStockIO',
  hostB: 'insert/stockIO',
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, HEADER_RULES) ?? checkList(body, 'itemList', LINE_RULES);
    if (problem) return paramError(problem);
    const lines = body.itemList as Body[];
    const branch = branchOf(ctx.state, ctx.tin, ctx.bhfId);
    const sarNo = body.sarNo as number;
    const refused =
      refuseCountOrReuse(ctx, body, lines, 'sarNo', branch.stockIOs) ??
      refuseOutOfSequence(ctx, 'sarNo', sarNo, branch.lastAccepted.sarNo) ??
      refuseUnregisteredItems(ctx, lines, false) ??
      refuseWrongStockAmounts(ctx, body, lines);
    if (refused) return refused;
    branch.stockIOs.set(sarNo, { updatedAt: ctx.now, value: structuredClone(body) });
    branch.lastAccepted.sarNo = Math.max(branch.lastAccepted.sarNo, sarNo);
    bookStock(branch, body.sarTyCd as string, lines);

    const target = body.custBhfId;
    if (body.custTin === ctx.tin && typeof target === 'string' && target !== '' && target !== ctx.bhfId) {
      branchOf(ctx.state, ctx.tin, target).stockMovesIn.push({
        updatedAt: ctx.now,
        value: {
          custTin: ctx.tin,
          custBhfId: ctx.bhfId,
          sarNo,
          ocrnDt: body.ocrnDt,
          totItemCnt: body.totItemCnt,
          totTaxblAmt: body.totTaxblAmt,
          totTaxAmt: body.totTaxAmt,
          totAmt: body.totAmt,
          remark: body.remark ?? null,
          itemList: structuredClone(lines),
        },
      });
    }
    return ok();
  },
};

export const STOCK_MASTER_RULES = [str('itemCd', 20), num('rsdQty'), ...AUDIT_RULES];

/** Sets the on-hand quantity of a registered item after a move. */
export const saveStockMaster: OscuOperation = {
  hostA: 'saveStockMaster',
  hostB: 'save/stockMaster',
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, STOCK_MASTER_RULES);
    if (problem) return paramError(problem);
    if (!itemsOf(ctx.state, ctx.tin).has(body.itemCd as string)) return paramError(`itemCd ${String(body.itemCd)} is not a registered item`);
    branchOf(ctx.state, ctx.tin, ctx.bhfId).stockMaster.set(body.itemCd as string, {
      updatedAt: ctx.now,
      value: { itemCd: body.itemCd, rsdQty: body.rsdQty },
    });
    return ok();
  },
};
