/**
 * Reads answered from Ushuru's synced copies while KRA cannot be reached (the app setting
 * `oscu_offline_reads`, off by default). Only a KRA that is unreachable counts: a timeout, a
 * connection failure or a 5xx (the call path's `kra_timeout` / `kra_unavailable`); a result code KRA
 * answered, refusals included, always reaches the client unchanged. The copies are the tables the
 * sync keeps (etims/sync/datasets.ts); an operation whose dataset was never synced for the app keeps
 * KRA's failure answer, as does every operation without a synced table.
 *
 * Answers are in KRA's exact shapes (the simulator's operations are the reference): `000` with
 * `{[listKey]: records}`, each record as KRA sent it when it was synced, or `001` "There is no search
 * result" when nothing is newer than `lastReqDt`.
 *
 * `resultDt` of such an answer is the dataset's sync cursor (KRA's own `resultDt` of the last
 * successful sync), not the time of the answer: clients keep `resultDt` as their next `lastReqDt`,
 * and the copy knows nothing KRA changed after that cursor. Answering "now" would make the client
 * skip those changes for good once KRA is back (the mistake the sync itself avoids).
 */
import type { OscuOperationName } from '@ushuru/kra';
import type { AppSettings } from '../apps/settings.js';
import type { AppWithSecrets } from '../apps/service.js';
import { isoSeconds } from '../clock.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { DATASETS, type DatasetName } from '../etims/sync/datasets.js';
import { parseKraTimestamp } from '../kra/time.js';
import { KRA_MESSAGES, type OscuOutcome } from './envelopes.js';

type Rec = Record<string, unknown>;

/** The read operations that have a synced copy, and the dataset that holds it. */
export const OFFLINE_READ_DATASETS: Partial<Readonly<Record<OscuOperationName, DatasetName>>> = {
  selectCodeList: 'codes',
  selectItemClsList: 'item-classes',
  selectNoticeList: 'notices',
  selectBhfList: 'branches',
  selectItemList: 'items',
  selectImportItemList: 'imported-items',
  selectTrnsPurchaseSalesList: 'purchases',
  selectStockMoveList: 'stock-moves',
};

/** How a call answered from the copies is marked in the request log (its `error` column). */
export const SERVED_FROM_COPY = 'served_from_synced_copy';

/** Whether the app answers reads from its copies when KRA is unreachable. */
export function offlineReadsOn(app: AppWithSecrets): boolean {
  return (app.settings as AppSettings).oscu_offline_reads === true;
}

/**
 * KRA could not be reached (timeout, connection failure, 5xx): not a result KRA answered. A failed
 * OAuth token request (`kra_auth_failed`, host B transport) is not counted: it may be refused
 * credentials, which must not be hidden behind the copies.
 */
export function kraUnreachable(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.code === 'kra_timeout' || err.code === 'kra_unavailable');
}

const parse = (data: string): Rec => JSON.parse(data) as Rec;

/** The fields of one of KRA's `selectItemList` records (the simulator's `saveItem` keeps exactly these). */
const ITEM_FIELDS = [
  'tin',
  'itemCd',
  'itemClsCd',
  'itemTyCd',
  'itemNm',
  'itemStdNm',
  'orgnNatCd',
  'pkgUnitCd',
  'qtyUnitCd',
  'taxTyCd',
  'btchNo',
  'regBhfId',
  'bcd',
  'dftPrc',
  'grpPrcL1',
  'grpPrcL2',
  'grpPrcL3',
  'grpPrcL4',
  'grpPrcL5',
  'addInfo',
  'sftyQty',
  'isrcAplcbYn',
  'rraModYn',
  'useYn',
] as const;

/**
 * An item row as KRA lists it. A row the sync wrote holds KRA's record (it carries `tin`); a row
 * registered through Ushuru's API and not synced since holds the saveItem body, which is projected
 * onto KRA's record: the PIN, the registering branch and `rraModYn` N, as KRA fills them.
 */
function itemRecord(app: AppWithSecrets, data: Rec): Rec {
  if ('tin' in data) return data;
  const filled: Rec = { tin: app.tin, regBhfId: app.bhf_id, rraModYn: 'N' };
  return Object.fromEntries(ITEM_FIELDS.map((f) => [f, data[f] ?? filled[f] ?? null]));
}

/**
 * The records of the copy changed after `since`, in KRA's record shape.
 *
 * How `lastReqDt` is honoured: KRA's list records carry no change time of their own, except
 * notices (`regDt`, the stamp KRA's cursor compares). For notices the filter is KRA's: `regDt` after
 * `lastReqDt`. For every other list the time Ushuru wrote the row (`synced_at`, or `updated_at` of
 * an item) bounds its change time from above: KRA can only have reported a change before the sync
 * that brought it, so a row written at or before `lastReqDt` holds no change after it and is left
 * out. Rows written later are all answered, which can include records KRA changed before
 * `lastReqDt` but Ushuru learnt of afterwards (a full sync rewrites every row): a superset of KRA's
 * answer, which clients upsert by key as they do with every list. The two clocks (KRA's, Ushuru's)
 * are assumed to agree to the second.
 */
async function changedSince(deps: GatewayDeps, app: AppWithSecrets, dataset: DatasetName, lastReqDt: string): Promise<Rec[]> {
  const db = deps.db;
  const after = isoSeconds(parseKraTimestamp(lastReqDt));
  switch (dataset) {
    case 'codes': {
      const rows = await db
        .selectFrom('etims_codes')
        .select(['cd_cls', 'cd_cls_nm', 'data'])
        .where('app_id', '=', app.id)
        .where('synced_at', '>', after)
        .orderBy('cd_cls')
        .orderBy('srt_ord')
        .orderBy('cd')
        .execute();
      // KRA's code list nests each class's codes in `dtlList`. The sync keeps each code as KRA sent
      // it but of its class only the code and name: the class's other fields (description, useYn,
      // user-defined names) are answered as null.
      const classes = new Map<string, Rec & { dtlList: Rec[] }>();
      for (const row of rows) {
        let cls = classes.get(row.cd_cls);
        if (!cls) {
          cls = { cdCls: row.cd_cls, cdClsNm: row.cd_cls_nm, cdClsDesc: null, useYn: null, userDfnNm1: null, userDfnNm2: null, userDfnNm3: null, dtlList: [] };
          classes.set(row.cd_cls, cls);
        }
        cls.dtlList.push(parse(row.data));
      }
      return [...classes.values()];
    }
    case 'item-classes':
      return (
        await db.selectFrom('etims_item_classes').select('data').where('app_id', '=', app.id).where('synced_at', '>', after).orderBy('item_cls_cd').execute()
      ).map((r) => parse(r.data));
    case 'notices':
      return (
        await db.selectFrom('etims_notices').select('data').where('app_id', '=', app.id).where('reg_dt', '>', lastReqDt).orderBy('notice_no').execute()
      ).map((r) => parse(r.data));
    case 'branches':
      return (await db.selectFrom('etims_branches').select('data').where('app_id', '=', app.id).where('synced_at', '>', after).orderBy('bhf_id').execute()).map(
        (r) => parse(r.data),
      );
    case 'items':
      // Items belong to the PIN (as KRA lists them); a code still being registered is not an item yet.
      return (
        await db
          .selectFrom('etims_items')
          .select('data')
          .where('tenant_id', '=', app.tenant_id)
          .where('tin', '=', app.tin ?? '')
          .where('source', '!=', 'pending')
          .where('updated_at', '>', after)
          .orderBy('item_cd')
          .execute()
      ).map((r) => itemRecord(app, parse(r.data)));
    case 'imported-items':
      return (
        await db
          .selectFrom('etims_imported_items')
          .select('data')
          .where('app_id', '=', app.id)
          .where('synced_at', '>', after)
          .orderBy('task_cd')
          .orderBy('dcl_de')
          .orderBy('item_seq')
          .execute()
      ).map((r) => parse(r.data));
    case 'purchases':
      return (
        await db
          .selectFrom('etims_purchases_incoming')
          .select('data')
          .where('app_id', '=', app.id)
          .where('synced_at', '>', after)
          .orderBy('sales_dt')
          .orderBy('purchase_key')
          .execute()
      ).map((r) => parse(r.data));
    case 'stock-moves':
      return (
        await db
          .selectFrom('etims_stock_moves')
          .select('data')
          .where('app_id', '=', app.id)
          .where('synced_at', '>', after)
          .orderBy('sar_no')
          .orderBy('move_key')
          .execute()
      ).map((r) => parse(r.data));
  }
}

/**
 * KRA's answer to `operation` from the app's synced copy, or undefined when there is none: the
 * operation has no synced table, or its dataset was never synced successfully for this app.
 */
export async function answerFromCopies(
  deps: GatewayDeps,
  app: AppWithSecrets,
  operation: OscuOperationName,
  body: Record<string, unknown>,
): Promise<(OscuOutcome & { resultDt: string }) | undefined> {
  const dataset = OFFLINE_READ_DATASETS[operation];
  const lastReqDt = body.lastReqDt;
  if (!dataset || typeof lastReqDt !== 'string' || !/^\d{14}$/.test(lastReqDt)) return undefined;
  const cursor = await deps.db
    .selectFrom('etims_sync_cursors')
    .select(['last_req_dt', 'last_success_at'])
    .where('app_id', '=', app.id)
    .where('dataset', '=', dataset)
    .executeTakeFirst();
  if (!cursor?.last_success_at || !cursor.last_req_dt) return undefined;
  const records = await changedSince(deps, app, dataset, lastReqDt);
  if (records.length === 0) return { resultCd: '001', resultMsg: KRA_MESSAGES['001'], data: null, resultDt: cursor.last_req_dt };
  return { resultCd: '000', resultMsg: KRA_MESSAGES['000'], data: { [DATASETS[dataset].listKey]: records }, resultDt: cursor.last_req_dt };
}
