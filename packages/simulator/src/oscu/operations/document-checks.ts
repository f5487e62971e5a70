/**
 * Checks every fiscal document (sale, purchase, stock IO) shares, in KRA's order after the field
 * table: the line count, a number the branch has already used (994), registered items, and the
 * amounts (lines under the configured VAT convention, then the header).
 */
import type { VatConvention } from '../../core/settings.js';
import { checkHeaderTaxes, checkTotals } from '../header-amounts.js';
import { checkLineAmounts, DOCUMENT_LINES, STOCK_LINES } from '../line-amounts.js';
import { fail, paramError, type OpResult } from '../results.js';
import { itemsOf } from '../state.js';
import type { OscuContext } from '../types.js';
import type { Body } from '../validate.js';

/** `totItemCnt` must equal the lines; `body[field]` must be a number this branch has not used yet. */
export function refuseCountOrReuse(
  ctx: OscuContext,
  body: Body,
  lines: Body[],
  field: 'invcNo' | 'sarNo',
  used: ReadonlyMap<number, unknown>,
): OpResult | undefined {
  if (body.totItemCnt !== lines.length) return paramError(`totItemCnt must equal the number of itemList entries (${lines.length})`);
  const number = body[field] as number;
  if (used.has(number)) {
    ctx.deps.counters.duplicatesRefused += 1;
    return fail('994', `${field} ${number} already exists`);
  }
  return undefined;
}

/** Lines naming an item must name one registered for the TIN; `everyLine` = each line must name one. */
export function refuseUnregisteredItems(ctx: OscuContext, lines: Body[], everyLine: boolean): OpResult | undefined {
  const items = itemsOf(ctx.state, ctx.tin);
  for (let i = 0; i < lines.length; i++) {
    const itemCd = lines[i]!.itemCd;
    const named = typeof itemCd === 'string' && itemCd !== '';
    if ((everyLine || named) && !items.has(itemCd as string)) {
      return paramError(`itemList[${i}].itemCd ${String(itemCd)} is not a registered item (saveItem first)`);
    }
  }
  return undefined;
}

/** The VAT convention the simulator is set to now (`either` unless configured). */
export function vatConventionOf(ctx: OscuContext): VatConvention {
  return ctx.deps.settings?.().vatConvention ?? 'either';
}

/** Sale and purchase amounts: lines, then the 15 band fields and the totals. */
export function refuseWrongAmounts(ctx: OscuContext, body: Body, lines: Body[]): OpResult | undefined {
  const problem = checkLineAmounts(lines, vatConventionOf(ctx), DOCUMENT_LINES) ?? checkHeaderTaxes(body, lines);
  return problem ? paramError(problem) : undefined;
}

/** Stock IO amounts: lines (discount in `totDcAmt`, prc a rounded unit cost), then the totals. */
export function refuseWrongStockAmounts(ctx: OscuContext, body: Body, lines: Body[]): OpResult | undefined {
  const problem = checkLineAmounts(lines, vatConventionOf(ctx), STOCK_LINES) ?? checkTotals(body, lines);
  return problem ? paramError(problem) : undefined;
}
