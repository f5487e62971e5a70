/**
 * What KRA's answer to a document does beyond the document itself, in the transaction that records
 * the answer, so that a crash can never leave one without the other:
 * - a signed sale or credit note queues the stock IO of its goods (out for a sale, back in for a
 *   credit note), which KRA wants only after the sale is signed (docs/kra/etims-oscu.md §6.6);
 * - a recorded stock IO moves KRA's view of the stock and queues `saveStockMaster` per item;
 * - a refused sale or stock movement gives back the local stock it took when it was accepted.
 * Documents sent through the OSCU endpoint (`oscu_invc_no` set) have none of these: their integration
 * reports its own stock to KRA with its own `sarNo`, as it did before, and took no local stock.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { KraBody } from './kra-body.js';
import type { DocumentRow } from './records.js';
import { hundredths, moveStock, queueFollowUp, stockDeltas, stockMovementFor } from './stock.js';
import { isoMillis } from '../../clock.js';

/**
 * The item codes of a document's lines, for the caller to say which carry stock (read before the
 * transaction that applies the effects, from the cached items: see outbox.ts).
 */
export function lineItemCodes(doc: DocumentRow): string[] {
  if (isFromOscuEndpoint(doc) || (doc.kind !== 'sale' && doc.kind !== 'credit_note')) return [];
  return [...new Set(linesOf(doc).map((l) => String(l.itemCd)))];
}

/** Whether the document came through the KRA-compatible OSCU endpoint (its integration keeps its own stock). */
export const isFromOscuEndpoint = (doc: Pick<DocumentRow, 'oscu_invc_no'>): boolean => doc.oscu_invc_no !== null && doc.oscu_invc_no !== undefined;

const linesOf = (doc: DocumentRow): KraBody[] => ((JSON.parse(doc.payload) as KraBody).itemList as KraBody[] | undefined) ?? [];

/** Whether {@link afterSigned} writes anything for `doc` (with `stocked` as for it). */
export function signedHasEffects(doc: DocumentRow, stocked: ReadonlySet<string>): boolean {
  if (isFromOscuEndpoint(doc)) return false;
  if (doc.kind === 'sale' || doc.kind === 'credit_note') return stockMovementFor(doc, stocked) !== undefined;
  return doc.kind === 'stock_io';
}

/**
 * Runs inside the transaction that marks `doc` signed (its number already set on `doc`). `stocked`:
 * which of {@link lineItemCodes} carry stock.
 */
export async function afterSigned(trx: Transaction<Database>, doc: DocumentRow, atMs: number, stocked: ReadonlySet<string>): Promise<void> {
  const at = isoMillis(atMs);
  if (isFromOscuEndpoint(doc)) return;
  if (doc.kind === 'sale' || doc.kind === 'credit_note') {
    const movement = stockMovementFor(doc, stocked);
    if (!movement) return;
    // A sale took its stock when it was accepted; a credit note gives it back once KRA has signed it.
    if (doc.kind === 'credit_note') {
      for (const { itemCd, delta } of stockDeltas(movement)) await moveStock(trx, doc.app_id, itemCd, delta, at);
    }
    await queueFollowUp(trx, doc, 'stock_io', `auto-${doc.id}`, movement, atMs);
    return;
  }
  if (doc.kind === 'stock_io') {
    const deltas = stockDeltas(JSON.parse(doc.payload) as KraBody);
    for (const { itemCd, delta } of deltas) {
      await moveStock(trx, doc.app_id, itemCd, 0, at);
      await trx
        .updateTable('etims_stock_levels')
        .set({ kra_qty: sql<number>`kra_qty + ${delta}`, updated_at: at })
        .where('app_id', '=', doc.app_id)
        .where('item_cd', '=', itemCd)
        .execute();
    }
    for (const itemCd of new Set(deltas.map((d) => d.itemCd))) {
      await queueFollowUp(trx, doc, 'stock_master', `master-${doc.id}-${itemCd}`, { itemCd }, atMs);
    }
  }
}

/** Gives back the local stock a refused document took when it was accepted (`stocked` as for {@link afterSigned}). */
export async function restoreStock(db: Kysely<Database>, doc: DocumentRow, at: string, stocked: ReadonlySet<string>): Promise<void> {
  if (isFromOscuEndpoint(doc)) return;
  if (doc.kind === 'sale') {
    const lines = linesOf(doc);
    for (const line of lines) {
      if (stocked.has(String(line.itemCd))) await moveStock(db, doc.app_id, String(line.itemCd), hundredths(line.qty), at);
    }
  } else if (doc.kind === 'stock_io' && doc.original_id === null) {
    for (const { itemCd, delta } of stockDeltas(JSON.parse(doc.payload) as KraBody)) await moveStock(db, doc.app_id, itemCd, -delta, at);
  }
}
