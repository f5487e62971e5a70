/**
 * The eTIMS sync scheduler: every tick, for each active eTIMS app with a cmcKey, syncs the datasets
 * whose interval has passed. Bounded: a few apps at a time, one dataset at a time per app, and a
 * tick never starts while the previous one runs. Several gateway processes may run it: the
 * per-(app, dataset) lease in the store lets only one of them sync a pair, the others skip it.
 */
import { getAppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { DATASET_NAMES, type DatasetName } from '../etims/sync/datasets.js';
import { syncDataset } from '../etims/sync/service.js';
import { withCallContext } from '../requestlog/call-context.js';
import { queueWebhookEvent } from '../webhooks/events.js';

/** After a failed attempt, wait at least this long before trying the dataset again. */
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

/** Options of {@link startSyncScheduler}. */
export interface SyncSchedulerOptions {
  /** Seconds between syncs per dataset; 0 or missing = not scheduled. */
  intervals: Partial<Record<string, number>>;
  tickMs: number;
  /** Apps synced in parallel (default 2). */
  maxConcurrentApps?: number;
}

/** One dataset sync attempted by a tick. */
export interface ScheduledRun {
  appId: number;
  dataset: DatasetName;
  outcome: 'synced' | 'skipped' | 'failed';
  records?: number;
  error?: string;
}

/** A running scheduler. */
export interface SyncScheduler {
  /** Runs one tick now (tests, `ushuru etims sync --due`); resolves when it has finished. */
  runOnce(): Promise<ScheduledRun[]>;
  /** Stops ticking and waits for the tick in progress. */
  stop(): Promise<void>;
}

const ms = (iso: string | null): number => (iso ? Date.parse(iso) : 0);

async function dueDatasets(deps: GatewayDeps, appId: number, intervals: SyncSchedulerOptions['intervals']): Promise<DatasetName[]> {
  const cursors = await deps.db.selectFrom('etims_sync_cursors').selectAll().where('app_id', '=', appId).execute();
  const now = deps.clock.now();
  return DATASET_NAMES.filter((name) => {
    const every = (intervals[name] ?? 0) * 1000;
    if (every <= 0) return false;
    const c = cursors.find((r) => r.dataset === name);
    if (!c) return true;
    if (now - ms(c.last_success_at) < every) return false;
    return now - ms(c.last_attempt_at) >= Math.min(every, RETRY_AFTER_FAILURE_MS);
  });
}

async function syncApp(deps: GatewayDeps, tenantId: string, appId: number, intervals: SyncSchedulerOptions['intervals']): Promise<ScheduledRun[]> {
  const runs: ScheduledRun[] = [];
  const app = await getAppWithSecrets(deps, tenantId, appId);
  if (!app.secrets.cmc_key) return runs;
  for (const dataset of await dueDatasets(deps, appId, intervals)) {
    try {
      const out = await syncDataset(
        withCallContext(deps, { tenantId, tokenId: null, route: 'worker:etims-sync', requestId: `sync_${appId}_${dataset}_${deps.clock.now()}` }),
        app,
        dataset,
      );
      runs.push({ appId, dataset, outcome: 'synced', records: out.records });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict' && !err.details.kra_response) {
        runs.push({ appId, dataset, outcome: 'skipped' });
        continue;
      }
      const message = err instanceof Error ? err.message : String(err);
      deps.logger.warn({ app_id: appId, dataset, error: err instanceof ApiError ? err.code : 'error', message }, 'eTIMS sync failed');
      await queueWebhookEvent(
        deps.db,
        deps.rowCache,
        tenantId,
        'sync.failed',
        { app_id: appId, dataset, error: err instanceof ApiError ? err.code : 'error', message },
        deps.clock.now(),
      )
        .then(() => deps.webhooks.kick())
        .catch(() => undefined);
      runs.push({ appId, dataset, outcome: 'failed', error: message });
    }
  }
  return runs;
}

/** Starts ticking every `tickMs`. */
export function startSyncScheduler(deps: GatewayDeps, options: SyncSchedulerOptions): SyncScheduler {
  const limit = Math.max(1, options.maxConcurrentApps ?? 2);
  let current: Promise<ScheduledRun[]> | undefined;
  let stopped = false;

  async function tick(): Promise<ScheduledRun[]> {
    const apps = await deps.db
      .selectFrom('kra_apps')
      .select(['id', 'tenant_id'])
      .where('type', '=', 'etims')
      .where('is_active', '=', 1)
      .orderBy('id')
      .execute();
    const queue = [...apps];
    const runs: ScheduledRun[] = [];
    const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let next = queue.shift(); next && !stopped; next = queue.shift()) {
        try {
          runs.push(...(await syncApp(deps, next.tenant_id, Number(next.id), options.intervals)));
        } catch (err) {
          deps.logger.warn({ app_id: next.id, message: err instanceof Error ? err.message : String(err) }, 'eTIMS sync of app failed');
        }
      }
    });
    await Promise.all(workers);
    return runs;
  }

  const runOnce = (): Promise<ScheduledRun[]> => {
    // Never overlap: a tick that comes while one runs joins it instead of starting another.
    current ??= tick().finally(() => {
      current = undefined;
    });
    return current;
  };

  const timer = setInterval(() => {
    if (!stopped && !current)
      void runOnce().catch((err: unknown) => deps.logger.warn({ message: err instanceof Error ? err.message : String(err) }, 'eTIMS sync tick failed'));
  }, options.tickMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current?.catch(() => undefined);
    },
  };
}
