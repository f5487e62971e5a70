/**
 * Stock per branch and item (docs/kra/etims-oscu.md §6.6, §6.9): the levels a sale is checked
 * against, and what signing a document does to stock. KRA refuses a sale of goods without stock and
 * wants each movement reported with `insertStockIO` (its own `sarNo` sequence) once the sale it
 * belongs to is signed, followed by `saveStockMaster` with the quantity left. Quantities are kept in
 * hundredths (KRA's 2 decimals) as integers.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../store/schema.js';
import { DEFAULT_AUDIT } from '../items-service.js';
import { kraTimestamp } from '../../kra/time.js';
import type { KraBody } from './kra-body.js';
import { insertDocument, type DocumentRow } from './records.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Item types that carry stock (code list 24: 1 raw material, 2 finished product); 3 (service) does not. */
export const STOCKED_ITEM_TYPES: ReadonlySet<string> = new Set(['1', '2']);

/** `sarTyCd` of the movements the gateway writes itself (code list 12). */
export const STOCK_OUT_SALE = '11';
export const STOCK_IN_RETURN = '03';

/** Whether a stock IO type moves stock in (01–06) or out (11–16). */
export const isStockIn = (sarTyCd: string): boolean => sarTyCd < '10';

/** Hundredths of a 2-decimal quantity (JSON number or decimal string). */
export const hundredths = (qty: unknown): number => Math.round(Number(qty) * 100);

async function ensureLevel(db: Db, appId: number, itemCd: string, at: string): Promise<void> {
  await db
    .insertInto('etims_stock_levels')
    .values({ app_id: appId, item_cd: itemCd, qty: 0, kra_qty: 0, updated_at: at })
    .onConflict((oc) => oc.columns(['app_id', 'item_cd']).doNothing())
    .execute();
}

/**
 * Moves the branch's stock of an item by `delta` hundredths in one statement. With `floor` the move
 * happens only if the result stays at or above it, so two sales can never sell the same last unit;
 * returns whether it moved.
 */
export async function moveStock(db: Db, appId: number, itemCd: string, delta: number, at: string, floor?: number): Promise<boolean> {
  await ensureLevel(db, appId, itemCd, at);
  let q = db
    .updateTable('etims_stock_levels')
    .set({ qty: sql<number>`qty + ${delta}`, updated_at: at })
    .where('app_id', '=', appId)
    .where('item_cd', '=', itemCd);
  if (floor !== undefined) q = q.where(sql<boolean>`qty + ${delta} >= ${floor}`);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The branch's stock of an item, in hundredths (0 when never moved). */
export async function stockOf(db: Db, appId: number, itemCd: string): Promise<{ qty: number; kraQty: number }> {
  const row = await db.selectFrom('etims_stock_levels').select(['qty', 'kra_qty']).where('app_id', '=', appId).where('item_cd', '=', itemCd).executeTakeFirst();
  return { qty: Number(row?.qty ?? 0), kraQty: Number(row?.kra_qty ?? 0) };
}

/** The quantity change of each stocked line of a stock IO body, signed (out is negative). */
export function stockDeltas(payload: KraBody): Array<{ itemCd: string; delta: number }> {
  const sign = isStockIn(String(payload.sarTyCd)) ? 1 : -1;
  return (payload.itemList as KraBody[]).map((line) => ({ itemCd: String(line.itemCd), delta: sign * hundredths(line.qty) }));
}

/**
 * The stock IO a signed sale or credit note entails: its goods lines, out for a sale (type 11) and
 * back in for a credit note (type 03), with the document's own amounts. Undefined when it sold only
 * services. `stocked` tells which item codes carry stock.
 */
export function stockMovementFor(doc: DocumentRow, stocked: ReadonlySet<string>): KraBody | undefined {
  // Asked for every signed sale, most of which sell nothing stocked: no need to parse the body then.
  if (stocked.size === 0) return undefined;
  const payload = JSON.parse(doc.payload) as KraBody;
  const lines = (payload.itemList as KraBody[]).filter((l) => stocked.has(String(l.itemCd)));
  if (lines.length === 0) return undefined;
  const cents = (v: unknown) => Math.round(Number(v) * 100);
  const sum = (field: string) => lines.reduce((total, l) => total + cents(l[field]), 0) / 100;
  const sale = doc.kind === 'sale';
  return {
    orgSarNo: 0,
    regTyCd: 'M',
    custTin: payload.custTin ?? null,
    custNm: payload.custNm ?? null,
    custBhfId: null,
    sarTyCd: sale ? STOCK_OUT_SALE : STOCK_IN_RETURN,
    ocrnDt: String(payload.salesDt),
    totItemCnt: lines.length,
    totTaxblAmt: sum('taxblAmt'),
    totTaxAmt: sum('taxAmt'),
    totAmt: sum('totAmt'),
    remark: `${sale ? 'Sale' : 'Credit note'} ${doc.trd_invc_no} (invcNo ${String(doc.invc_no)})`,
    ...DEFAULT_AUDIT,
    itemList: lines.map((l, i) => ({
      itemSeq: i + 1,
      itemCd: l.itemCd,
      itemClsCd: l.itemClsCd,
      itemNm: l.itemNm,
      bcd: l.bcd ?? null,
      pkgUnitCd: l.pkgUnitCd,
      pkg: l.pkg,
      qtyUnitCd: l.qtyUnitCd,
      qty: l.qty,
      itemExprDt: null,
      prc: l.prc,
      splyAmt: l.splyAmt,
      totDcAmt: l.dcAmt,
      taxblAmt: l.taxblAmt,
      taxTyCd: l.taxTyCd,
      taxAmt: l.taxAmt,
      totAmt: l.totAmt,
    })),
  };
}

/** Queues a document right behind the one that caused it, in the same transaction. */
export async function queueFollowUp(
  trx: Transaction<Database>,
  cause: DocumentRow,
  kind: 'stock_io' | 'stock_master',
  reference: string,
  payload: KraBody,
  atMs: number,
) {
  return insertDocument(trx, {
    tenantId: cause.tenant_id,
    appId: cause.app_id,
    tin: cause.tin,
    bhfId: cause.bhf_id,
    kind,
    reference,
    salesDt: kraTimestamp(atMs).slice(0, 8),
    custTin: null,
    payload,
    totAmt: kind === 'stock_io' ? Number(payload.totAmt).toFixed(2) : '0.00',
    originalId: cause.id,
    at: atMs,
  });
}

/** Stock on hand per item at the app's branch, with the item's name and type, as decimal strings. */
export async function stockLevels(db: Db, app: { id: number; tenant_id: string; tin: string | null }) {
  const rows = await db
    .selectFrom('etims_stock_levels as s')
    .leftJoin('etims_items as i', (join) =>
      join
        .onRef('i.item_cd', '=', 's.item_cd')
        .on('i.tenant_id', '=', app.tenant_id)
        .on('i.tin', '=', app.tin ?? ''),
    )
    .select(['s.item_cd', 's.qty', 's.kra_qty', 's.updated_at', 'i.item_nm', 'i.item_ty_cd'])
    .where('s.app_id', '=', app.id)
    .orderBy('s.item_cd')
    .execute();
  const quantity = (h: unknown) => (Number(h) / 100).toFixed(2);
  return rows.map((r) => ({
    item_code: r.item_cd,
    item_name: r.item_nm,
    item_type: r.item_ty_cd,
    quantity: quantity(r.qty),
    kra_quantity: quantity(r.kra_qty),
    updated_at: r.updated_at,
  }));
}
