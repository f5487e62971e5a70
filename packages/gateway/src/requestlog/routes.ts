/** `GET /api/logs`: the tenant's KRA calls, newest first, filtered and paged by cursor (scope admin). */
import { z } from 'zod';
import { ok } from '../http/envelope.js';
import { positiveIdParam, queryInteger } from '../http/input-rules.js';
import { defineRoute } from '../http/route.js';
import { listRequestLogs } from './query.js';

const isoInstant = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date or date-time')
  .transform((v) => new Date(v).toISOString());

/** Query string of `GET /api/logs`. */
export const logsQuery = z.object({
  app_id: positiveIdParam.optional(),
  route: z.string().trim().min(1).max(200).optional(),
  status: z
    .string()
    .regex(/^[1-5]\d\d$/, 'must be an HTTP status')
    .transform(Number)
    .optional(),
  kra_code: z.string().trim().min(1).max(40).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'must be the next_cursor of a previous page')
    .transform(Number)
    .optional(),
  limit: queryInteger(1, 200, 50),
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
