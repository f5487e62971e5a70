/**
 * The synced datasets: which OSCU list operation feeds each, and how one of KRA's records becomes
 * a row of our store. Adding a dataset means adding a row here, a table and (optionally) a read route.
 */
import type { OscuOperationName } from '@ushuru/kra';
import type { Kysely } from 'kysely';
import type { AppWithSecrets } from '../../apps/service.js';
import type { Database } from '../../store/schema.js';
import { upsertRows } from './upsert.js';
import { cacheTags } from '../../infra/cache-tags.js';

type Rec = Record<string, unknown>;

/** Names of the synced datasets, as used in URLs, the CLI and the worker. */
export const DATASET_NAMES = ['codes', 'item-classes', 'notices', 'branches', 'items', 'imported-items', 'purchases', 'stock-moves'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** One synced dataset. */
export interface DatasetDef {
  name: DatasetName;
  operation: OscuOperationName;
  /** Key of the list inside KRA's `data`. */
  listKey: string;
  /** Writes KRA's records into the store (inside the sync's transaction); returns how many rows. */
  store(db: Kysely<Database>, app: AppWithSecrets, records: Rec[], now: string): Promise<number>;
  /** Row-cache tags of what is read from this dataset on the request path, dropped when a sync stores records. */
  cacheTags?: (app: AppWithSecrets) => string[];
}

const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
const numOrNull = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null;

async function put(db: Kysely<Database>, table: keyof Database, keys: string[], rows: Rec[]): Promise<number> {
  await upsertRows(db, table, keys, rows);
  return rows.length;
}

const DEFS: DatasetDef[] = [
  {
    name: 'codes',
    operation: 'selectCodeList',
    // The tax rates of every sale come from code list 04 (etims/documents/tax-context.ts).
    cacheTags: (app) => [cacheTags.codes(app.id)],
    listKey: 'clsList',
    store: (db, app, classes, now) => {
      const rows: Rec[] = [];
      for (const cls of classes) {
        const details = Array.isArray(cls.dtlList) ? (cls.dtlList as Rec[]) : [];
        for (const d of details) {
          rows.push({
            app_id: app.id,
            cd_cls: String(cls.cdCls),
            cd: String(d.cd),
            cd_cls_nm: str(cls.cdClsNm),
            cd_nm: str(d.cdNm),
            use_yn: str(d.useYn),
            srt_ord: numOrNull(d.srtOrd),
            data: JSON.stringify(d),
            synced_at: now,
          });
        }
      }
      return put(db, 'etims_codes', ['app_id', 'cd_cls', 'cd'], rows);
    },
  },
  {
    name: 'item-classes',
    operation: 'selectItemClsList',
    listKey: 'itemClsList',
    store: (db, app, list, now) =>
      put(
        db,
        'etims_item_classes',
        ['app_id', 'item_cls_cd'],
        list.map((r) => ({
          app_id: app.id,
          item_cls_cd: String(r.itemClsCd),
          item_cls_nm: str(r.itemClsNm),
          item_cls_lvl: numOrNull(r.itemClsLvl),
          tax_ty_cd: str(r.taxTyCd),
          use_yn: str(r.useYn),
          data: JSON.stringify(r),
          synced_at: now,
        })),
      ),
  },
  {
    name: 'notices',
    operation: 'selectNoticeList',
    listKey: 'noticeList',
    store: (db, app, list, now) =>
      put(
        db,
        'etims_notices',
        ['app_id', 'notice_no'],
        list.map((r) => ({
          app_id: app.id,
          notice_no: numOrNull(r.noticeNo) ?? 0,
          title: str(r.title),
          reg_dt: str(r.regDt),
          data: JSON.stringify(r),
          synced_at: now,
        })),
      ),
  },
  {
    name: 'branches',
    operation: 'selectBhfList',
    listKey: 'bhfList',
    store: (db, app, list, now) =>
      put(
        db,
        'etims_branches',
        ['app_id', 'bhf_id'],
        list.map((r) => ({
          app_id: app.id,
          bhf_id: String(r.bhfId),
          bhf_nm: str(r.bhfNm),
          bhf_stts_cd: str(r.bhfSttsCd),
          hq_yn: str(r.hqYn),
          data: JSON.stringify(r),
          synced_at: now,
        })),
      ),
  },
  {
    name: 'items',
    cacheTags: (app) => [cacheTags.items(app.tenant_id, app.tin ?? '')],
    operation: 'selectItemList',
    listKey: 'itemList',
    // Items belong to the PIN: KRA's list is the truth for fields; `source` keeps how we first learnt of it.
    store: async (db, app, list, now) => {
      for (const r of list) {
        const fields = {
          app_id: app.id,
          item_nm: String(r.itemNm ?? r.itemCd),
          item_cls_cd: str(r.itemClsCd),
          item_ty_cd: str(r.itemTyCd),
          tax_ty_cd: str(r.taxTyCd),
          dft_prc: numOrNull(r.dftPrc),
          use_yn: str(r.useYn),
          data: JSON.stringify(r),
          updated_at: now,
        };
        await db
          .insertInto('etims_items')
          .values({ tenant_id: app.tenant_id, tin: app.tin ?? '', item_cd: String(r.itemCd), ...fields, source: 'kra', created_at: now })
          .onConflict((oc) => oc.columns(['tenant_id', 'tin', 'item_cd']).doUpdateSet(fields))
          .execute();
      }
      return list.length;
    },
  },
  {
    name: 'imported-items',
    operation: 'selectImportItemList',
    listKey: 'itemList',
    store: (db, app, list, now) =>
      put(
        db,
        'etims_imported_items',
        ['app_id', 'task_cd', 'dcl_de', 'item_seq'],
        list.map((r) => ({
          app_id: app.id,
          task_cd: String(r.taskCd),
          dcl_de: String(r.dclDe),
          item_seq: numOrNull(r.itemSeq) ?? 0,
          item_nm: str(r.itemNm),
          hs_cd: str(r.hsCd),
          // KRA spells it `imptItemsttsCd` in this list (lower-case stts, §3.1 #12).
          status_cd: str(r.imptItemsttsCd ?? r.imptItemSttsCd),
          data: JSON.stringify(r),
          synced_at: now,
        })),
      ),
  },
  {
    name: 'purchases',
    operation: 'selectTrnsPurchaseSalesList',
    listKey: 'saleList',
    store: (db, app, list, now) =>
      put(
        db,
        'etims_purchases_incoming',
        ['app_id', 'purchase_key'],
        list.map((r) => ({
          app_id: app.id,
          // Odoo's de-duplication key: the supplier's control unit + invoice number.
          purchase_key: `${String(r.spplrSdcId ?? r.spplrTin)}_${String(r.spplrInvcNo)}`,
          spplr_tin: str(r.spplrTin),
          spplr_nm: str(r.spplrNm),
          spplr_invc_no: str(r.spplrInvcNo),
          sales_dt: str(r.salesDt),
          tot_amt: numOrNull(r.totAmt),
          data: JSON.stringify(r),
          synced_at: now,
        })),
      ),
  },
  {
    name: 'stock-moves',
    operation: 'selectStockMoveList',
    listKey: 'stockList',
    store: (db, app, list, now) =>
      put(
        db,
        'etims_stock_moves',
        ['app_id', 'move_key'],
        list.map((r) => ({
          app_id: app.id,
          move_key: `${String(r.custTin)}_${String(r.custBhfId)}_${String(r.sarNo)}`,
          cust_tin: str(r.custTin),
          cust_bhf_id: str(r.custBhfId),
          sar_no: numOrNull(r.sarNo),
          ocrn_dt: str(r.ocrnDt),
          tot_amt: numOrNull(r.totAmt),
          data: JSON.stringify(r),
          synced_at: now,
        })),
      ),
  },
];

/** Dataset definitions by name. */
export const DATASETS: Readonly<Record<DatasetName, DatasetDef>> = Object.fromEntries(DEFS.map((d) => [d.name, d])) as Record<DatasetName, DatasetDef>;

/** Type guard for dataset names from URLs and the CLI. */
export function isDatasetName(v: string): v is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(v);
}
