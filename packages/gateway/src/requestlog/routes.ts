/** `GET /api/logs`: the tenant's KRA calls, newest first, filtered and paged by cursor (scope admin). */
import { z } from 'zod';
import { ok } from '../http/envelope.js';
import { defineRoute } from '../http/route.js';
import { listRequestLogs } from './query.js';

const isoInstant = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date or date-time')
  .transform((v) => new Date(v).toISOString());

/** Query string of `GET /api/logs`. */
export const logsQuery = z.object({
  app_id: z.coerce.number().int().positive('must be a positive integer').optional(),
  route: z.string().trim().min(1).max(200).optional(),
  status: z.coerce.number().int().min(100, 'must be an HTTP status').max(599, 'must be an HTTP status').optional(),
  kra_code: z.string().trim().min(1).max(40).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  cursor: z.coerce.number().int().positive('must be the next_cursor of a previous page').optional(),
  limit: z.coerce.number().int().min(1, 'must be 1-200').max(200, 'must be 1-200').default(50),
});

export const listLogsRoute = defineRoute({
  method: 'GET',
  url: '/api/logs',
  name: 'api.logs.index',
  scope: 'admin',
  summary: 'KRA calls made through the gateway: route, KRA path, status, KRA code, latency (filters: app_id, route, status, kra_code, from, to)',
  tags: ['Request log'],
  schema: { querystring: logsQuery },
  handler: async ({ deps, auth, query }) => {
    // Rows are written in batches; write what is queued so a call just made is listed.
    await deps.requestLog.flush();
    const page = await listRequestLogs(deps.db, auth.tenantId, query);
    return ok(page.entries, undefined, { meta: { next_cursor: page.next_cursor, limit: query.limit } });
  },
});

/** Routes of the request log. */
export const requestLogRoutes = [listLogsRoute];
