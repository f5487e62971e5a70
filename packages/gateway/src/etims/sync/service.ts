/**
 * One sync of one dataset for one app: claim the lease, ask KRA for what changed since the
 * cursor (`lastReqDt`), store it, and move the cursor to KRA's `resultDt` — only on 000/001, so a
 * failed call never skips data (navari's mistake, docs/kra/etims-oscu.md §2.1). `full` starts from 20180101000000.
 */
import { randomBytes } from 'node:crypto';
import type { AppWithSecrets } from '../../apps/service.js';
import { isoSeconds } from '../../clock.js';
import type { GatewayDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { deviceClient, sendOscu } from '../oscu-call.js';
import { resultToApiError } from '../result-errors.js';
import { DATASETS, type DatasetName } from './datasets.js';
import { claimLease, releaseLease } from './lease.js';

/** `lastReqDt` of a first or full sync (Odoo's start; KRA's lists begin after it). */
export const FULL_SYNC_FROM = '20180101000000';

/** What one dataset sync did. */
export interface SyncOutcome {
  dataset: DatasetName;
  status: 'synced' | 'up_to_date';
  result_cd: string;
  records: number;
  full: boolean;
  /** Cursor sent to KRA. */
  from: string;
  /** Cursor stored for next time (KRA's resultDt). */
  cursor: string;
}

/** Identifies this process's lease holders. */
const PROCESS_ID = randomBytes(4).toString('hex');

/** Syncs `dataset` for `app`. Throws 409 when the same sync is already running elsewhere. */
export async function syncDataset(deps: GatewayDeps, app: AppWithSecrets, dataset: DatasetName, options: { full?: boolean } = {}): Promise<SyncOutcome> {
  const def = DATASETS[dataset];
  const client = deviceClient(deps, app);
  const owner = `${PROCESS_ID}:${randomBytes(4).toString('hex')}`;
  if (!(await claimLease(deps.db, app.id, dataset, owner, deps.clock.now()))) {
    throw new ApiError('conflict', `A sync of ${dataset} for eTIMS app ${app.id} is already running; try again when it has finished.`);
  }
  const full = options.full === true;
  let from = FULL_SYNC_FROM;
  try {
    const cursor = await deps.db
      .selectFrom('etims_sync_cursors')
      .select('last_req_dt')
      .where('app_id', '=', app.id)
      .where('dataset', '=', dataset)
      .executeTakeFirst();
    from = full ? FULL_SYNC_FROM : (cursor?.last_req_dt ?? FULL_SYNC_FROM);
    const res = await sendOscu(deps, client, app, def.operation, { lastReqDt: from });
    if (!res.ok) {
      await releaseLease(deps.db, app.id, dataset, owner, { last_result_cd: res.resultCd, last_error: `${res.resultCd} ${res.resultMsg}`.slice(0, 500) });
      throw resultToApiError(res, def.operation);
    }
    const list = res.empty ? [] : (((res.data as Record<string, unknown> | null)?.[def.listKey] ?? []) as Array<Record<string, unknown>>);
    const now = isoSeconds(deps.clock.now());
    // KRA's own clock decides the next cursor; a malformed resultDt keeps the one we sent.
    const next = /^\d{14}$/.test(res.resultDt) ? res.resultDt : from;
    const records = await deps.db.transaction().execute((trx) => def.store(trx, app, Array.isArray(list) ? list : [], now));
    if (records > 0 && def.cacheTags) await deps.rowCache.invalidate(def.cacheTags(app));
    await releaseLease(deps.db, app.id, dataset, owner, {
      last_req_dt: next,
      last_result_cd: res.resultCd,
      last_error: null,
      last_success_at: now,
      records_last_run: records,
    });
    return { dataset, status: res.empty ? 'up_to_date' : 'synced', result_cd: res.resultCd, records, full, from, cursor: next };
  } catch (err) {
    // Whatever failed, the cursor stays where it was; only the error is recorded.
    const message = err instanceof Error ? err.message : String(err);
    await releaseLease(deps.db, app.id, dataset, owner, { last_error: message.slice(0, 500) }).catch(() => undefined);
    throw err;
  }
}
