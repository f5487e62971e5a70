/** Customs imports: #12 `selectImportItemList`, #13 `updateImportItem`. */
import { ok, paramError } from '../results.js';
import { branchOf, itemsOf } from '../state.js';
import { parseDate8 } from '../time.js';
import type { OscuOperation } from '../types.js';
import { checkFields, int, str } from '../validate.js';
import { cursorList } from './cursor.js';

/** Declaration lines addressed to the branch, newer than `lastReqDt`. */
export const selectImportItemList: OscuOperation = {
  hostA: 'selectImportItemList',
  hostB: 'importedItemInfo',
  needsDevice: true,
  run: (ctx, body) => cursorList(body, 'itemList', () => branchOf(ctx.state, ctx.tin, ctx.bhfId).imports),
};

/**
 * `dclDe` is documented as `yyyyMMdd` but Odoo sends `ddMMyyyy` (docs/kra/etims-oscu.md §2): accept both and
 * compare in `yyyyMMdd`.
 */
export function normalizeDclDe(v: string): string | undefined {
  if (parseDate8(v) !== undefined) return v;
  const swapped = `${v.slice(4, 8)}${v.slice(2, 4)}${v.slice(0, 2)}`;
  return /^\d{8}$/.test(v) && parseDate8(swapped) !== undefined ? swapped : undefined;
}

export const RULES = [
  str('taskCd', 50),
  str('dclDe', 8),
  int('itemSeq', { min: 1 }),
  str('hsCd', 17),
  str('itemClsCd', 10),
  str('itemCd', 20),
  str('imptItemSttsCd', 5, { oneOf: ['3', '4'] }),
  str('remark', 400, { required: false }),
  str('modrId', 20),
  str('modrNm', 60),
];

/** Approves (3) or cancels (4) a declaration line, mapping it to a registered item. */
export const updateImportItem: OscuOperation = {
  hostA: 'updateImportItem',
  hostB: 'importedItemConvertedInfo',
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, RULES);
    if (problem) return paramError(problem);
    const dclDe = normalizeDclDe(body.dclDe as string);
    if (!dclDe) return paramError('dclDe must be yyyyMMdd (or ddMMyyyy)');
    if (!itemsOf(ctx.state, ctx.tin).has(body.itemCd as string)) return paramError(`itemCd ${String(body.itemCd)} is not a registered item`);
    const record = branchOf(ctx.state, ctx.tin, ctx.bhfId).imports.find(
      (r) => r.value.taskCd === body.taskCd && r.value.itemSeq === body.itemSeq && r.value.dclDe === dclDe,
    );
    if (!record) return paramError(`no import item taskCd ${String(body.taskCd)}, dclDe ${dclDe}, itemSeq ${String(body.itemSeq)}`);
    record.value = {
      ...record.value,
      imptItemsttsCd: body.imptItemSttsCd,
      itemCd: body.itemCd,
      itemClsCd: body.itemClsCd,
      remark: body.remark ?? null,
    };
    record.updatedAt = ctx.now;
    return ok();
  },
};
