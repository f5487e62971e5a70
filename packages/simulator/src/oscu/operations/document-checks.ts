/**
 * Checks every fiscal document (sale, purchase, stock IO) shares, in KRA's order after the field
 * table: the line count, a number the branch has already used (994), the number's place in its
 * branch sequence (910), registered items, stock on hand (sales of goods, when enabled), and the
 * amounts (lines under the configured VAT convention, then the header).
 */
import { DEFAULT_SETTINGS, type SimSettings, type VatConvention } from '../../core/settings.js';
import { checkHeaderTaxes, checkTotals } from '../header-amounts.js';
import { checkLineAmounts, DOCUMENT_LINES, STOCK_LINES } from '../line-amounts.js';
import { fail, failAs, paramError, type OpResult } from '../results.js';
import { itemsOf, type BranchState } from '../state.js';
import type { OscuContext } from '../types.js';
import type { Body } from '../validate.js';

/** The settings in force for this request (defaults for whatever the settings source leaves out). */
export function settingsOf(ctx: OscuContext): Readonly<SimSettings> {
  return { ...DEFAULT_SETTINGS, ...ctx.deps.settings?.() };
}

/** A quantity or amount (already checked to 2 decimals) in hundredths, so sums stay exact. */
export const hundredths = (v: unknown): number => Math.round(Number(v) * 100);

/** Hundredths back to a 2-decimal string, for messages. */
export const fromHundredths = (h: number): string => (h / 100).toFixed(2);

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

/**
 * Under `sequence: 'strict'` a document's number must be the branch's last accepted number on that
 * sequence + 1; anything else is 910 in the 2026 sandbox's own words, which name the number expected.
 * Runs after the reuse check, so a number already used stays 994 (a resend of a signed document).
 */
export function refuseOutOfSequence(ctx: OscuContext, field: 'invcNo' | 'sarNo', number: number, last: number): OpResult | undefined {
  if (settingsOf(ctx).sequence !== 'strict' || number === last + 1) return undefined;
  ctx.deps.counters.sequenceRefused += 1;
  return failAs('910', `Invalid ${field} sequence, expected: ${last + 1} but found: ${number}`);
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

/** Stock IO types (code list 12) `01`–`06` bring stock in; `11`–`16` take it out. */
export function stockDirection(sarTyCd: string): 1 | -1 {
  return sarTyCd.startsWith('0') ? 1 : -1;
}

/** Books an accepted stock IO into the branch's ledger (lines without an `itemCd` are not tracked). */
export function bookStock(branch: BranchState, sarTyCd: string, lines: Body[]): void {
  const direction = stockDirection(sarTyCd);
  for (const line of lines) {
    const itemCd = line.itemCd;
    if (typeof itemCd !== 'string' || itemCd === '') continue;
    branch.stock.set(itemCd, (branch.stock.get(itemCd) ?? 0) + direction * hundredths(line.qty));
  }
}

/**
 * With `stockBeforeSale`, every goods item of a sale (registered `itemTyCd` 1 or 2; services, 3,
 * have no stock) must have at least the quantity sold on hand in the branch's stock IO ledger. The
 * quantities of lines repeating an item add up. A signed sale does not move stock itself: the client
 * books the stock-out with `insertStockIO`.
 */
export function refuseShortStock(ctx: OscuContext, branch: BranchState, lines: Body[]): OpResult | undefined {
  if (!settingsOf(ctx).stockBeforeSale) return undefined;
  const items = itemsOf(ctx.state, ctx.tin);
  const sold = new Map<string, number>();
  for (const line of lines) {
    const itemCd = line.itemCd as string;
    const itemTyCd = String(items.get(itemCd)?.value.itemTyCd ?? '');
    if (itemTyCd !== '1' && itemTyCd !== '2') continue;
    sold.set(itemCd, (sold.get(itemCd) ?? 0) + hundredths(line.qty));
  }
  for (const [itemCd, qty] of sold) {
    const onHand = branch.stock.get(itemCd) ?? 0;
    if (onHand < qty) {
      return failAs(
        '910',
        `Items provided under the itemList section do not exist in your stock: ${itemCd} (in stock ${fromHundredths(onHand)}, sold ${fromHundredths(qty)})`,
      );
    }
  }
  return undefined;
}

/** The VAT convention the simulator is set to now (`either` unless configured). */
export function vatConventionOf(ctx: OscuContext): VatConvention {
  return settingsOf(ctx).vatConvention;
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
