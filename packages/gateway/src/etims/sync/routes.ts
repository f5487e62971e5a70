/** Sync routes: run a dataset sync now, and show every cursor of the app. */
import { z } from 'zod';
import { ok } from '../../http/envelope.js';
import { defineRoute } from '../../http/route.js';
import { DATASET_NAMES } from './datasets.js';
import { cursorsOf } from './lease.js';
import { syncDataset, type SyncOutcome } from './service.js';

const tags = ['eTIMS sync'];

/** `POST /api/etims/sync/{dataset}` (`all` syncs every dataset in order). */
export const runSyncRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/sync/:dataset',
  name: 'api.etims.sync.run',
  scope: 'etims:write',
  appType: 'etims',
  summary: 'Sync a reference dataset from KRA now (incremental from its cursor, or full with {"full": true})',
  tags,
  schema: {
    params: z.object({ dataset: z.enum([...DATASET_NAMES, 'all'], { error: `must be one of ${[...DATASET_NAMES, 'all'].join(', ')}` }) }),
    body: z
      .object({ full: z.boolean().default(false) })
      .strict()
      .nullish(),
  },
  exampleBody: { full: false },
  handler: async ({ deps, params, body, kraApp }) => {
    const app = await kraApp();
    const names = params.dataset === 'all' ? DATASET_NAMES : [params.dataset];
    const results: SyncOutcome[] = [];
    for (const name of names) results.push(await syncDataset(deps, app, name, { full: body?.full ?? false }));
    const records = results.reduce((n, r) => n + r.records, 0);
    const data = params.dataset === 'all' ? results : results[0];
    return ok(data, `Synced ${results.length} dataset(s), ${records} record(s).`);
  },
});

/** `GET /api/etims/sync`. */
export const syncStatusRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/sync',
  name: 'api.etims.sync.status',
  scope: 'etims:read',
  appType: 'etims',
  summary: "The app's sync cursors: last lastReqDt, last result, last error",
  tags,
  schema: {},
  handler: async ({ deps, kraApp }) => {
    const app = await kraApp();
    const rows = await cursorsOf(deps.db, app.id);
    return ok(
      rows.map((r) => ({
        dataset: r.dataset,
        last_req_dt: r.last_req_dt,
        last_result_cd: r.last_result_cd,
        last_error: r.last_error,
        last_attempt_at: r.last_attempt_at,
        last_success_at: r.last_success_at,
        records_last_run: Number(r.records_last_run),
        running: r.lease_until !== null,
      })),
    );
  },
});

export const syncRoutes = [runSyncRoute, syncStatusRoute];
