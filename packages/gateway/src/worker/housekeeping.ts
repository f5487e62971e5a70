/**
 * Housekeeping: deletes what is kept only for a while — idempotency keys after 24 hours, request-log
 * rows after USHURU_LOG_RETENTION_DAYS — so the store does not grow without bound. Runs every
 * `intervalMs` in the background, never two runs at once; each run is a few bounded DELETEs.
 */
import { isoMillis, isoSeconds } from '../clock.js';
import type { GatewayDeps } from '../deps.js';

const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;

export interface HousekeepingResult {
  idempotencyKeys: number;
  requestLogs: number;
}

export interface Housekeeping {
  runOnce(): Promise<HousekeepingResult>;
  stop(): Promise<void>;
}

/** Starts the periodic clean-up. `logRetentionDays` 0 keeps the request log forever. */
export function startHousekeeping(deps: GatewayDeps, options: { intervalMs: number; logRetentionDays: number }): Housekeeping {
  let running: Promise<HousekeepingResult> | undefined;

  async function run(): Promise<HousekeepingResult> {
    const now = deps.clock.now();
    const keys = await deps.db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', isoSeconds(now - IDEMPOTENCY_RETENTION_MS))
      .executeTakeFirst();
    let logs = 0n;
    if (options.logRetentionDays > 0) {
      const cutoff = isoMillis(now - options.logRetentionDays * 86_400_000);
      logs = (await deps.db.deleteFrom('request_logs').where('created_at', '<', cutoff).executeTakeFirst()).numDeletedRows;
    }
    return { idempotencyKeys: Number(keys.numDeletedRows), requestLogs: Number(logs) };
  }

  const runOnce = (): Promise<HousekeepingResult> =>
    (running ??= run().finally(() => {
      running = undefined;
    }));

  const timer = setInterval(() => {
    runOnce().then(
      (r) => {
        if (r.idempotencyKeys + r.requestLogs > 0) deps.logger.info({ deleted: r }, 'housekeeping');
      },
      (err: unknown) => deps.logger.warn({ err }, 'housekeeping failed'),
    );
  }, options.intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
