/**
 * Storing an accepted document: the trader-number rule (unique per branch and sequence, a 409
 * pointing at the first), and one transaction that applies the document's stock takes and inserts
 * it as queued, so a refusal leaves nothing half-written.
 */
import type { AppWithSecrets } from '../../apps/service.js';
import type { AppSettings } from '../../apps/settings.js';
import type { Transaction } from 'kysely';
import type { GatewayDeps } from '../../deps.js';
import type { Database } from '../../store/schema.js';
import { ApiError, validationError } from '../../errors.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { FAMILY_OF } from './families.js';
import type { KraBody, LineFacts } from './kra-body.js';
import { documentPath, insertDocument, type DocumentKind, type DocumentRow, type DocumentToQueue } from './records.js';
import { hundredths, moveStock, STOCKED_ITEM_TYPES, stockOf } from './stock.js';
import { isoMillis } from '../../clock.js';

/** 409 when the branch already has a document with this trader number. */
export async function refuseTakenTraderNumber(deps: GatewayDeps, app: AppWithSecrets, trdInvcNo: string, kind: DocumentKind = 'sale'): Promise<void> {
  const taken = await deps.db
    .selectFrom('etims_documents')
    .select(['id', 'kind'])
    .where('app_id', '=', app.id)
    .where('family', '=', FAMILY_OF[kind])
    .where('trd_invc_no', '=', trdInvcNo)
    .where('status', '!=', 'rejected')
    .executeTakeFirst();
  if (taken) throw traderNumberConflict(trdInvcNo, taken);
}

function traderNumberConflict(trdInvcNo: string, taken: { id: number; kind: DocumentKind }): ApiError {
  const location = documentPath(taken);
  return new ApiError('conflict', `The reference ${trdInvcNo} (trader invoice number) is already used on this branch by ${location}.`, {
    document_id: taken.id,
    location,
  });
}

/** The row to insert for a new document. */
export interface NewDocument {
  kind: DocumentKind;
  trdInvcNo: string;
  salesDt: string;
  custTin: string | null;
  payload: KraBody;
  totAmt: string;
  originalId?: number;
  sourceLines?: number[];
  /** The integration's own `invcNo` (documents sent through the OSCU endpoint). */
  oscuInvcNo?: number;
}

/** A change of local stock that must happen with the insert, or not at all. */
export interface StockTake {
  itemCd: string;
  line: number;
  delta: number;
  /** Refuse when the stock would fall below zero. */
  guard: boolean;
}

/**
 * Stores the document as queued and applies its stock changes in one transaction: a sale that
 * would take a goods item below zero is refused (422 naming the line) and nothing is stored.
 */
export async function storeDocument(
  deps: GatewayDeps,
  app: AppWithSecrets,
  doc: NewDocument,
  stock: StockTake[] = [],
  /** Re-checks, inside the transaction, what the checks before it read (it throws to refuse). */
  recheck?: (trx: Transaction<Database>) => Promise<void>,
): Promise<DocumentRow> {
  const at = deps.clock.now();
  const values: DocumentToQueue = {
    tenantId: app.tenant_id,
    appId: app.id,
    tin: app.tin ?? '',
    bhfId: app.bhf_id ?? '',
    kind: doc.kind,
    reference: doc.trdInvcNo,
    salesDt: doc.salesDt,
    custTin: doc.custTin,
    payload: doc.payload,
    totAmt: doc.totAmt,
    originalId: doc.originalId ?? null,
    sourceLines: doc.sourceLines ?? null,
    oscuInvcNo: doc.oscuInvcNo ?? null,
    at,
  };
  try {
    // Nothing else to write with it: the one INSERT is atomic by itself, and may go in one
    // statement with the documents accepted at the same moment.
    if (stock.length === 0 && !recheck) return await deps.documentInserts.run(values);
    return await deps.db.transaction().execute(async (trx) => {
      if (recheck) await recheck(trx);
      for (const take of stock) {
        const moved = await moveStock(trx, app.id, take.itemCd, take.delta, isoMillis(at), take.guard ? 0 : undefined);
        if (!moved) {
          const { qty } = await stockOf(trx, app.id, take.itemCd);
          const field = `lines.${take.line}.quantity`;
          const message = `only ${(qty / 100).toFixed(2)} of item ${take.itemCd} is in stock at this branch: record stock in first (POST /api/etims/stock/movement), or set settings.stock_check to "kra"`;
          throw validationError({ [field]: [message] }, `${field}: ${message}`, { rule: 'insufficient_stock' });
        }
      }
      return insertDocument(trx, values);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Two submissions with one trader number at once: the first insert won.
    const taken = await deps.db
      .selectFrom('etims_documents')
      .select(['id', 'kind'])
      .where('app_id', '=', app.id)
      .where('family', '=', FAMILY_OF[doc.kind])
      .where('trd_invc_no', '=', doc.trdInvcNo)
      .where('status', '!=', 'rejected')
      .executeTakeFirst();
    if (taken) throw traderNumberConflict(doc.trdInvcNo, taken);
    throw err;
  }
}

/**
 * What a sale takes from stock: one take per goods line (services carry none), refused below zero
 * unless the app lets KRA decide (`settings.stock_check: "kra"`, §6.9).
 */
export function stockTakes(app: AppWithSecrets, lines: LineFacts[], quantities: string[]): StockTake[] {
  const guard = (app.settings as AppSettings).stock_check !== 'kra';
  const takes: StockTake[] = [];
  lines.forEach((line, i) => {
    if (STOCKED_ITEM_TYPES.has(line.item.itemTyCd)) takes.push({ itemCd: line.item.itemCd, line: i, delta: -hundredths(quantities[i]), guard });
  });
  return takes;
}
