/**
 * Cursor rows and their lease. A sync of one (app, dataset) claims the row with one conditional
 * UPDATE, which is atomic on both engines, so two processes (or the worker and a user's
 * `POST /api/etims/sync`) never run the same sync at once and never move the cursor backwards.
 */
import type { Kysely } from 'kysely';
import { isoSeconds } from '../../clock.js';
import type { Database, EtimsSyncCursorsTable } from '../../store/schema.js';

/** Longest a sync may hold its lease; a crashed holder's lease simply expires. */
export const LEASE_MS = 10 * 60_000;

/** The cursor row of (app, dataset), created empty when missing. */
export async function ensureCursor(db: Kysely<Database>, appId: number, dataset: string): Promise<void> {
  await db
    .insertInto('etims_sync_cursors')
    .values({
      app_id: appId,
      dataset,
      last_req_dt: null,
      last_result_cd: null,
      last_error: null,
      last_attempt_at: null,
      last_success_at: null,
      lease_owner: null,
      lease_until: null,
    })
    .onConflict((oc) => oc.columns(['app_id', 'dataset']).doNothing())
    .execute();
}

/** Claims the lease; false when another holder's lease is still running. */
export async function claimLease(db: Kysely<Database>, appId: number, dataset: string, owner: string, nowMs: number): Promise<boolean> {
  await ensureCursor(db, appId, dataset);
  const now = isoSeconds(nowMs);
  const res = await db
    .updateTable('etims_sync_cursors')
    .set({ lease_owner: owner, lease_until: isoSeconds(nowMs + LEASE_MS), last_attempt_at: now })
    .where('app_id', '=', appId)
    .where('dataset', '=', dataset)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Releases the lease (only our own) and records the outcome. */
export async function releaseLease(
  db: Kysely<Database>,
  appId: number,
  dataset: string,
  owner: string,
  outcome: Partial<Pick<EtimsSyncCursorsTable, 'last_req_dt' | 'last_result_cd' | 'last_error' | 'last_success_at'>> & { records_last_run?: number },
): Promise<void> {
  await db
    .updateTable('etims_sync_cursors')
    .set({ ...outcome, lease_owner: null, lease_until: null })
    .where('app_id', '=', appId)
    .where('dataset', '=', dataset)
    .where('lease_owner', '=', owner)
    .execute();
}

/** All cursors of an app. */
export function cursorsOf(db: Kysely<Database>, appId: number) {
  return db.selectFrom('etims_sync_cursors').selectAll().where('app_id', '=', appId).orderBy('dataset').execute();
}
