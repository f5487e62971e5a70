/** Liveness and readiness probes for load balancers and orchestrators. */
import { sql } from 'kysely';
import { ApiError } from '../errors.js';
import { defineRoute } from './route.js';

export const healthzRoute = defineRoute({
  method: 'GET',
  url: '/healthz',
  name: 'healthz',
  scope: 'public',
  summary: 'Liveness: the process is up',
  tags: ['Operations'],
  schema: {},
  handler: async () => ({ success: true, data: { status: 'ok' } }),
});

export const readyzRoute = defineRoute({
  method: 'GET',
  url: '/readyz',
  name: 'readyz',
  scope: 'public',
  summary: 'Readiness: the database (and Redis, when configured) answer',
  tags: ['Operations'],
  schema: {},
  handler: async ({ deps }) => {
    const checks: Record<string, 'ok' | 'failed'> = {};
    try {
      await sql`select 1`.execute(deps.db);
      checks.database = 'ok';
    } catch {
      checks.database = 'failed';
    }
    if (deps.redis) {
      try {
        await deps.redis.ping();
        checks.redis = 'ok';
      } catch {
        checks.redis = 'failed';
      }
    }
    if (Object.values(checks).includes('failed')) {
      throw new ApiError('service_unavailable', 'Not ready.', { checks });
    }
    return { success: true, data: { status: 'ready', checks } };
  },
});

export const healthRoutes = [healthzRoute, readyzRoute];
