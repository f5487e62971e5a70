/** Items: #5 `selectItemClsList`, #6 `saveItem`, #7 `selectItemList`, #20 `saveItemComposition`. */
import { codesOf } from '../fixtures/codes.js';
import { ITEM_CLASSES } from '../fixtures/item-classes.js';
import { CODES_REGISTERED_AT } from '../fixtures/stamps.js';
import { ok, paramError } from '../results.js';
import { itemsOf } from '../state.js';
import { TAX_TYPES } from '../tax.js';
import type { OscuOperation } from '../types.js';
import { AUDIT_RULES, checkFields, num, optStr, str, yn, type Body } from '../validate.js';
import { cursorList } from './cursor.js';

/** Item classification (UNSPSC-based). */
export const selectItemClsList: OscuOperation = {
  hostA: 'selectItemClsList',
  hostB: 'selectItemClass',
  hostBAliases: ['select-item-class'],
  needsDevice: true,
  run: (_ctx, body) => cursorList(body, 'itemClsList', () => ITEM_CLASSES.map((value) => ({ updatedAt: CODES_REGISTERED_AT, value }))),
};

const GROUP_PRICES = ['grpPrcL1', 'grpPrcL2', 'grpPrcL3', 'grpPrcL4', 'grpPrcL5'] as const;

export const SAVE_ITEM_RULES = [
  str('itemCd', 20),
  str('itemClsCd', 10),
  str('itemTyCd', 5, { oneOf: codesOf('24') }),
  str('itemNm', 200),
  str('itemStdNm', 200, { required: false }),
  str('orgnNatCd', 5),
  str('pkgUnitCd', 5),
  str('qtyUnitCd', 5),
  str('taxTyCd', 5, { oneOf: TAX_TYPES }),
  str('btchNo', 10, { required: false }),
  str('bcd', 20, { required: false }),
  num('dftPrc', { min: 0 }),
  ...GROUP_PRICES.map((f) => num(f, { required: false, min: 0 })),
  str('addInfo', 7, { required: false }),
  num('sftyQty', { required: false, min: 0 }),
  yn('isrcAplcbYn'),
  yn('useYn'),
  ...AUDIT_RULES,
];

const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Registers or updates (same `itemCd`) an item of the TIN; sales may only use registered items. */
export const saveItem: OscuOperation = {
  hostA: 'saveItem',
  hostB: 'saveItem',
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, SAVE_ITEM_RULES);
    if (problem) return paramError(problem);
    const items = itemsOf(ctx.state, ctx.tin);
    const itemCd = body.itemCd as string;
    const previous = items.get(itemCd)?.value;
    const value: Body = {
      tin: ctx.tin,
      itemCd,
      itemClsCd: body.itemClsCd,
      itemTyCd: body.itemTyCd,
      itemNm: body.itemNm,
      itemStdNm: optStr(body, 'itemStdNm'),
      orgnNatCd: body.orgnNatCd,
      pkgUnitCd: body.pkgUnitCd,
      qtyUnitCd: body.qtyUnitCd,
      taxTyCd: body.taxTyCd,
      btchNo: optStr(body, 'btchNo'),
      // The branch that first registered the code keeps it; updates from other branches do not move it.
      regBhfId: previous?.regBhfId ?? ctx.bhfId,
      bcd: optStr(body, 'bcd'),
      dftPrc: body.dftPrc,
      grpPrcL1: numOrNull(body.grpPrcL1),
      grpPrcL2: numOrNull(body.grpPrcL2),
      grpPrcL3: numOrNull(body.grpPrcL3),
      grpPrcL4: numOrNull(body.grpPrcL4),
      grpPrcL5: numOrNull(body.grpPrcL5),
      addInfo: optStr(body, 'addInfo'),
      sftyQty: numOrNull(body.sftyQty),
      isrcAplcbYn: body.isrcAplcbYn,
      rraModYn: 'N',
      useYn: body.useYn,
    };
    items.set(itemCd, { updatedAt: ctx.now, value });
    return ok();
  },
};

/** Items of the TIN registered or modified after `lastReqDt`. */
export const selectItemList: OscuOperation = {
  hostA: 'selectItemList',
  hostB: 'itemInfo',
  needsDevice: true,
  run: (ctx, body) => cursorList(body, 'itemList', () => itemsOf(ctx.state, ctx.tin).values()),
};

export const COMPOSITION_RULES = [str('itemCd', 20), str('cpstItemCd', 20), num('cpstQty', { min: 0.01 }), str('regrId', 20), str('regrNm', 60)];

/** One component of a composite item per call; both items must be registered. */
export const saveItemComposition: OscuOperation = {
  hostA: 'saveItemComposition',
  hostB: 'saveItemComposition',
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, COMPOSITION_RULES);
    if (problem) return paramError(problem);
    const items = itemsOf(ctx.state, ctx.tin);
    for (const field of ['itemCd', 'cpstItemCd'] as const) {
      if (!items.has(body[field] as string)) return paramError(`${field} ${String(body[field])} is not a registered item`);
    }
    let compositions = ctx.state.compositions.get(ctx.tin);
    if (!compositions) {
      compositions = new Map();
      ctx.state.compositions.set(ctx.tin, compositions);
    }
    compositions.set(`${String(body.itemCd)}|${String(body.cpstItemCd)}`, {
      updatedAt: ctx.now,
      value: { itemCd: body.itemCd, cpstItemCd: body.cpstItemCd, cpstQty: body.cpstQty },
    });
    return ok();
  },
};
