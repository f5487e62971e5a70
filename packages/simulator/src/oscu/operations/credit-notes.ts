/**
 * Rules a credit note (`saveTrnsSalesOsdc` with `rcptTyCd R`) must meet against the sale it credits
 * (docs/kra/etims-oscu.md §6.3, §6.9). A credit note names its sale by `orgInvcNo`; its lines carry
 * their own `itemSeq`, so they are matched to the sale's lines by `itemCd`, and quantities are
 * compared per item code (lines of the sale repeating a code add up).
 */
import { failAs, paramError, type OpResult } from '../results.js';
import type { BranchState, StoredSale } from '../state.js';
import type { OscuContext } from '../types.js';
import { isAbsent, type Body } from '../validate.js';
import { fromHundredths, hundredths, settingsOf } from './document-checks.js';

/** `yyyyMMdd` + `months` calendar months, clamped to the last day of the target month (31 Aug + 6 → 28/29 Feb). */
export function addMonths(yyyymmdd: string, months: number): string {
  const total = Number(yyyymmdd.slice(0, 4)) * 12 + Number(yyyymmdd.slice(4, 6)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(yyyymmdd.slice(6, 8)), lastDay);
  return `${String(year).padStart(4, '0')}${String(month + 1).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/** Quantity per `itemCd` over `lines`, in hundredths. */
function quantitiesByItem(lines: readonly Body[], into = new Map<string, number>()): Map<string, number> {
  for (const line of lines) {
    const itemCd = String(line.itemCd);
    into.set(itemCd, (into.get(itemCd) ?? 0) + hundredths(line.qty));
  }
  return into;
}

/** The credit notes already signed against `original`. */
function notesOf(branch: BranchState, original: StoredSale): StoredSale[] {
  return (branch.creditNotes.get(original.invcNo) ?? []).map((invcNo) => branch.sales.get(invcNo)!).filter(Boolean);
}

/**
 * `undefined` when the credit note may proceed, else its 910, checking in this order: the original
 * is a signed sale of the branch, a reason is given, the customer PIN is the sale's, the date is
 * neither before the sale nor beyond `creditNoteWindowMonths` after it, the sale has fewer than
 * `maxCreditNotesPerSale` notes, every item is on the sale, the quantity credited per item over all
 * notes stays within the quantity sold, and so does the total amount (`totAmt`).
 */
export function refuseCreditNote(ctx: OscuContext, branch: BranchState, body: Body, lines: Body[]): OpResult | undefined {
  const orgInvcNo = body.orgInvcNo as number;
  const original = orgInvcNo === 0 ? undefined : branch.sales.get(orgInvcNo);
  if (!original) return failAs('910', `orgInvcNo does not exist: ${orgInvcNo} is not a signed sale of this branch`);
  if (original.request.rcptTyCd !== 'S') return paramError(`orgInvcNo ${orgInvcNo} is a credit note; only a sale can be credited`);
  if (isAbsent(body.rfdRsnCd)) return paramError('rfdRsnCd is required for a credit note');

  const pin = (v: unknown): string => (typeof v === 'string' ? v : '');
  const salePin = pin(original.request.custTin);
  if (pin(body.custTin) !== salePin) return paramError(`custTin must equal the original invoice custTin (${salePin === '' ? 'none' : salePin})`);

  const { creditNoteWindowMonths: windowMonths, maxCreditNotesPerSale: maxNotes } = settingsOf(ctx);
  const saleDt = String(original.request.salesDt);
  const creditDt = String(body.salesDt);
  if (creditDt < saleDt) return paramError(`salesDt must not precede the original invoice salesDt ${saleDt}`);
  if (windowMonths !== null && creditDt > addMonths(saleDt, windowMonths)) {
    return paramError(
      `salesDt ${creditDt} is more than ${windowMonths} months after the original invoice salesDt ${saleDt} (last day allowed ${addMonths(saleDt, windowMonths)})`,
    );
  }

  const notes = notesOf(branch, original);
  if (maxNotes !== null && notes.length >= maxNotes) {
    return paramError(`orgInvcNo ${orgInvcNo} already has ${notes.length} credit note(s), the most allowed per sale (${maxNotes})`);
  }

  const sold = quantitiesByItem(original.request.itemList as Body[]);
  const credited = new Map<string, number>();
  for (const note of notes) quantitiesByItem(note.request.itemList as Body[], credited);
  for (let i = 0; i < lines.length; i++) {
    const itemCd = String(lines[i]!.itemCd);
    const soldQty = sold.get(itemCd);
    if (soldQty === undefined) return paramError(`itemList[${i}].itemCd ${itemCd} is not on the original invoice ${orgInvcNo}`);
    const total = (credited.get(itemCd) ?? 0) + hundredths(lines[i]!.qty);
    credited.set(itemCd, total);
    if (total > soldQty) {
      return paramError(
        `itemList[${i}].qty would bring the credited quantity of ${itemCd} to ${fromHundredths(total)}, above the ${fromHundredths(soldQty)} sold on invoice ${orgInvcNo}`,
      );
    }
  }

  const creditedAmount = notes.reduce((sum, note) => sum + hundredths(note.request.totAmt), 0) + hundredths(body.totAmt);
  const saleAmount = hundredths(original.request.totAmt);
  if (creditedAmount > saleAmount) {
    return paramError(
      `totAmt would bring the credited total of invoice ${orgInvcNo} to ${fromHundredths(creditedAmount)}, above its totAmt ${fromHundredths(saleAmount)}`,
    );
  }
  return undefined;
}
