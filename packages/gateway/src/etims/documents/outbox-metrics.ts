/**
 * The outbox in `/metrics`, read from the store at scrape time (so every process reports the same
 * numbers): documents waiting per status, the age of the oldest, and how many are older than
 * `USHURU_OUTBOX_STALE_AFTER_S` — the figure to alert on. Totals only, never a tenant's data.
 */
import { Gauge, type Registry } from 'prom-client';
import type { GatewayDeps } from '../../deps.js';
import { PENDING_STATUSES } from './outbox.js';
import { isoMillis } from '../../clock.js';

export function registerOutboxMetrics(registry: Registry, deps: GatewayDeps): void {
  new Gauge({
    name: 'ushuru_etims_outbox_documents',
    help: 'eTIMS documents waiting in the outbox, by status (queued, sending, unknown)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await deps.db
        .selectFrom('etims_documents')
        .select((eb) => ['status', eb.fn.count<number>('id').as('n')])
        .where('status', 'in', [...PENDING_STATUSES])
        .groupBy('status')
        .execute();
      for (const status of PENDING_STATUSES) this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
    },
  });
  new Gauge({
    name: 'ushuru_etims_outbox_oldest_waiting_seconds',
    help: 'Age of the oldest eTIMS document still waiting for KRA (0 when none)',
    registers: [registry],
    async collect() {
      const row = await deps.db
        .selectFrom('etims_documents')
        .select((eb) => eb.fn.min('created_at').as('oldest'))
        .where('status', 'in', [...PENDING_STATUSES])
        .executeTakeFirst();
      this.set(row?.oldest ? Math.max(0, (deps.clock.now() - Date.parse(String(row.oldest))) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'ushuru_etims_outbox_stale_documents',
    help: 'eTIMS documents waiting longer than USHURU_OUTBOX_STALE_AFTER_S',
    registers: [registry],
    async collect() {
      const row = await deps.db
        .selectFrom('etims_documents')
        .select((eb) => eb.fn.count<number>('id').as('n'))
        .where('status', 'in', [...PENDING_STATUSES])
        .where('created_at', '<', isoMillis(deps.clock.now() - deps.config.outbox.staleAfterSeconds * 1000))
        .executeTakeFirst();
      this.set(Number(row?.n ?? 0));
    },
  });
}
