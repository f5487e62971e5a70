/** The Overview's numbers, each query filtered by the session's tenant. */
import { sql } from 'kysely';
import type { GatewayDeps } from '../deps.js';
import { PENDING_STATUSES } from '../etims/documents/outbox.js';
import type { MinuteSeries } from './chart.js';
import { isoMillis } from '../clock.js';

const MINUTE = 60_000;
/** KRA errors that mean KRA (or the way to it) is unavailable, rather than KRA refusing one request. */
const FAULTS = ['kra_unavailable', 'kra_timeout', 'kra_auth_failed'];

/** Requests and errors per minute over the last 24 hours, grouped in SQL (one row per busy minute). */
export async function trafficSeries(deps: GatewayDeps, tenantId: string): Promise<MinuteSeries> {
  const end = Math.floor(deps.clock.now() / MINUTE) * MINUTE + MINUTE;
  const start = end - 24 * 60 * MINUTE;
  const minute = sql<string>`substr(created_at, 1, 16)`;
  const rows = await deps.db
    .selectFrom('request_logs')
    .select([minute.as('minute'), sql<number | string>`count(*)`.as('n'), sql<number | string>`sum(case when status >= 400 then 1 else 0 end)`.as('errors')])
    .where('tenant_id', '=', tenantId)
    .where('created_at', '>=', isoMillis(start))
    .groupBy(minute)
    .execute();
  const requests = new Array<number>(24 * 60).fill(0);
  const errors = new Array<number>(24 * 60).fill(0);
  for (const r of rows) {
    const i = Math.floor((Date.parse(`${r.minute}:00Z`) - start) / MINUTE);
    if (i < 0 || i >= requests.length) continue;
    requests[i] = Number(r.n);
    errors[i] = Number(r.errors);
  }
  return { start, requests, errors };
}

export interface BranchOutbox {
  appId: number;
  name: string;
  tin: string | null;
  bhfId: string | null;
  depth: number;
  oldest: { id: number; kind: string; trader: string; createdAt: string; ageSeconds: number; status: string } | null;
}

/** Waiting documents and the oldest one, per eTIMS app (branch) of the tenant. */
export async function outboxByBranch(deps: GatewayDeps, tenantId: string): Promise<BranchOutbox[]> {
  const apps = await deps.db
    .selectFrom('kra_apps')
    .select(['id', 'name', 'tin', 'bhf_id'])
    .where('tenant_id', '=', tenantId)
    .where('type', '=', 'etims')
    .orderBy('id')
    .execute();
  const out: BranchOutbox[] = [];
  for (const app of apps) {
    const pending = () =>
      deps.db
        .selectFrom('etims_documents')
        .where('tenant_id', '=', tenantId)
        .where('app_id', '=', app.id)
        .where('status', 'in', [...PENDING_STATUSES]);
    const count = await pending()
      .select(sql<number | string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const oldest = await pending().selectAll().orderBy('id').limit(1).executeTakeFirst();
    out.push({
      appId: Number(app.id),
      name: app.name,
      tin: app.tin,
      bhfId: app.bhf_id,
      depth: Number(count.n),
      oldest: oldest
        ? {
            id: Number(oldest.id),
            kind: oldest.kind,
            trader: oldest.trd_invc_no,
            createdAt: oldest.created_at,
            status: oldest.status,
            ageSeconds: Math.max(0, Math.round((deps.clock.now() - Date.parse(oldest.created_at)) / 1000)),
          }
        : null,
    });
  }
  return out;
}

export interface Availability {
  environment: string;
  calls: number;
  faults: number;
  lastCallAt: string | null;
  state: 'up' | 'degraded' | 'down' | 'unknown';
}

/** KRA availability per environment, judged from the outcomes of the tenant's KRA calls in the last hour. */
export async function kraAvailability(deps: GatewayDeps, tenantId: string): Promise<Availability[]> {
  const since = isoMillis(deps.clock.now() - 3600_000);
  const rows = await deps.db
    .selectFrom('request_logs as l')
    .innerJoin('kra_apps as a', 'a.id', 'l.app_id')
    .select([
      'a.environment',
      sql<number | string>`count(*)`.as('calls'),
      sql<number | string>`sum(case when l.error in (${sql.join(FAULTS)}) or l.status >= 500 then 1 else 0 end)`.as('faults'),
      sql<string>`max(l.created_at)`.as('last'),
    ])
    .where('l.tenant_id', '=', tenantId)
    .where('a.tenant_id', '=', tenantId)
    .where('l.created_at', '>=', since)
    .groupBy('a.environment')
    .execute();
  const environments = await deps.db.selectFrom('kra_apps').select('environment').distinct().where('tenant_id', '=', tenantId).execute();
  return environments
    .map((e) => e.environment)
    .sort()
    .map((environment) => {
      const r = rows.find((x) => x.environment === environment);
      const calls = Number(r?.calls ?? 0);
      const faults = Number(r?.faults ?? 0);
      const state = calls === 0 ? 'unknown' : faults === 0 ? 'up' : faults < calls ? 'degraded' : 'down';
      return { environment, calls, faults, lastCallAt: r?.last ?? null, state };
    });
}
