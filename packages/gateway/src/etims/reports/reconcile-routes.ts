/**
 * `GET /api/etims/reports/reconciliation`: the branch's signed sales and credit notes of a date range
 * compared with what KRA holds (see reconcile.ts), one page of documents per call, as JSON or CSV.
 */
import { z } from 'zod';
import { ok } from '../../http/envelope.js';
import { queryInteger } from '../../http/input-rules.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { isoDate } from '../../portal/schemas/common.js';
import { csv, today } from './report-inputs.js';
import { DEFAULT_RECONCILE_LIMIT, MAX_GAP_NUMBERS, MAX_RECONCILE_LIMIT, reconcileRange, type ReconcileItem } from './reconcile.js';

const tags = ['eTIMS reports'];

const CSV_HEADER = ['invoice_number', 'document_id', 'category', 'kind', 'trader_invoice_number', 'sales_date', 'field', 'ours', 'kra', 'reason'] as const;

/** One CSV row per differing field of a variance, one row for every other item. */
function csvRows(items: ReconcileItem[]): Array<Array<string | number | null>> {
  return items.flatMap((item) => {
    const d = item.details;
    const head = [item.invoice_number, item.document_id, item.category, d.kind ?? null, d.trader_invoice_number ?? null, d.sales_date ?? null];
    if (d.differences?.length) return d.differences.map((diff) => [...head, diff.field, diff.ours, diff.kra, null]);
    const ours = d.ours?.total ?? null;
    const kra = d.kra?.total ?? null;
    return [[...head, ours === null && kra === null ? null : 'totAmt', ours, kra, d.reason ?? null]];
  });
}

const reconciliationQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'must be the next_cursor of a previous page')
    .optional(),
  limit: queryInteger(1, MAX_RECONCILE_LIMIT, DEFAULT_RECONCILE_LIMIT),
  format: z.enum(['json', 'csv']).default('json'),
});

export const reconciliationRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/etims/reports/reconciliation',
    name: 'api.etims.reports.reconciliation',
    scope: 'etims:read',
    appType: 'etims',
    summary:
      'Reconciliation of the signed sales and credit notes of a date range (default today) with KRA: matched, amount variances, missing at KRA, signed on KRA without a document here; paged by cursor, JSON or CSV',
    tags,
    schema: { querystring: reconciliationQuery },
    handler: async ({ deps, query, kraApp, reply }) => {
      const app = await kraApp();
      const to = query.to ?? today(deps);
      const from = query.from ?? to;
      const report = await reconcileRange(deps, app, { from, to, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
      if (query.format === 'csv') {
        // The page's position travels in headers: the CSV body holds only the items.
        if (report.next_cursor) reply.header('x-next-cursor', report.next_cursor);
        if (report.gaps.truncated) reply.header('x-gaps-truncated', String(MAX_GAP_NUMBERS));
        return csv(reply, `reconciliation-${from}-${to}`, CSV_HEADER, csvRows(report.items));
      }
      const message = report.gaps.truncated
        ? `Only the first ${MAX_GAP_NUMBERS} numbers missing from our records were asked about on KRA; narrow the range or lower the limit to check the rest.`
        : undefined;
      return ok(report, message);
    },
  }) as RouteDef,
];
