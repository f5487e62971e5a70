/**
 * Reports per branch: the X report (the day so far), Z reports (a closed day, numbered, never changed),
 * and Salami's sales, sales-summary and stock reports as JSON or CSV.
 */
import { z } from 'zod';
import type { AppWithSecrets } from '../../apps/service.js';
import type { GatewayDeps } from '../../deps.js';
import { ApiError, notFound, validationError } from '../../errors.js';
import { ok } from '../../http/envelope.js';
import { positiveIdParam } from '../../http/input-rules.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { isoDate } from '../../portal/schemas/common.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { stockLevels } from '../documents/stock.js';
import { pageLayout, sendPage } from '../receipts/print.js';
import { reportPage, type ReportHeading } from './report-page.js';
import { csv, dateRange, today } from './report-inputs.js';
import { dayTotals, type DayTotals } from './totals.js';

const tags = ['eTIMS reports'];
const rangeQuery = z.object({ from: isoDate.optional(), to: isoDate.optional(), format: z.enum(['json', 'csv']).default('json') });

const reportFormat = z.enum(['json', 'html', 'pdf'], { error: 'must be json, html or pdf' }).default('json');

/** The seller's name and the payment methods' names for a printed report. */
async function headingOf(deps: GatewayDeps, app: AppWithSecrets): Promise<Pick<ReportHeading, 'sellerName' | 'methodNames'>> {
  const device = await deps.db.selectFrom('etims_devices').select(['taxpr_nm']).where('app_id', '=', app.id).executeTakeFirst();
  const methods = await deps.db.selectFrom('etims_codes').select(['cd', 'cd_nm']).where('app_id', '=', app.id).where('cd_cls', '=', '07').execute();
  return { sellerName: device?.taxpr_nm ?? app.tin ?? '', methodNames: Object.fromEntries(methods.map((m) => [m.cd, (m.cd_nm ?? m.cd).toUpperCase()])) };
}

const presentZ = (row: { number: number; report_date: string; totals: string; created_at: string }) => ({
  report: 'Z',
  number: row.number,
  date: row.report_date,
  taken_at: row.created_at,
  ...(JSON.parse(row.totals) as object),
});

async function takeZ(deps: GatewayDeps, app: AppWithSecrets, date: string) {
  const existing = await deps.db.selectFrom('etims_z_reports').selectAll().where('app_id', '=', app.id).where('report_date', '=', date).executeTakeFirst();
  if (existing) {
    throw new ApiError('conflict', `The Z report of ${date} was taken already (number ${existing.number}); a Z report never changes.`, {
      location: `/api/etims/reports/z/${existing.number}`,
    });
  }
  const totals = await dayTotals(deps, app, date);
  if (totals.pending > 0) {
    throw validationError(
      { date: [`${totals.pending} document(s) of ${date} still wait for KRA: take the Z report once they are signed or rejected`] },
      undefined,
      {
        rule: 'documents_pending',
      },
    );
  }
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('etims_z_reports')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('app_id', '=', app.id)
        .executeTakeFirst();
      return trx
        .insertInto('etims_z_reports')
        .values({
          tenant_id: app.tenant_id,
          app_id: app.id,
          number: Number(last?.n ?? 0) + 1,
          report_date: date,
          totals: JSON.stringify(totals),
          created_at: new Date(deps.clock.now()).toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError('conflict', 'Another Z report was taken at the same moment: look at GET /api/etims/reports/z.');
    throw err;
  }
}

export const reportRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/etims/reports/x',
    name: 'api.etims.reports.x',
    scope: 'etims:read',
    appType: 'etims',
    summary: 'X report: the running totals of a day (default today) for the branch, per band and payment method',
    tags,
    schema: { querystring: z.object({ date: isoDate.optional(), format: reportFormat, layout: pageLayout }) },
    handler: async ({ deps, query, kraApp, reply }) => {
      const app = await kraApp();
      const totals = await dayTotals(deps, app, query.date ?? today(deps));
      if (query.format === 'json') return ok({ report: 'X', ...totals });
      const page = reportPage(totals, { report: 'X', ...(await headingOf(deps, app)) });
      return sendPage(reply, page, query.format, query.layout, `x-report-${totals.date}`);
    },
  }) as RouteDef,
  defineRoute({
    method: 'POST',
    url: '/api/etims/reports/z',
    name: 'api.etims.reports.z.store',
    scope: 'etims:write',
    appType: 'etims',
    summary: 'Take the Z report of a day (default today): numbered per branch, immutable, once per day',
    tags,
    schema: { body: z.strictObject({ date: isoDate.optional() }) },
    exampleBody: {},
    successStatus: 201,
    handler: async ({ deps, body, kraApp }) => {
      const app = await kraApp();
      const date = body.date ?? today(deps);
      if (date > today(deps)) throw validationError({ date: ['must not be after today in Nairobi'] });
      return ok(presentZ(await takeZ(deps, app, date)), 'Z report taken.');
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/etims/reports/z',
    name: 'api.etims.reports.z.index',
    scope: 'etims:read',
    appType: 'etims',
    summary: 'The Z reports of the branch, newest first',
    tags,
    schema: {},
    handler: async ({ deps, kraApp }) => {
      const app = await kraApp();
      return ok(
        (await deps.db.selectFrom('etims_z_reports').selectAll().where('app_id', '=', app.id).orderBy('number', 'desc').limit(400).execute()).map(presentZ),
      );
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/etims/reports/z/:number',
    name: 'api.etims.reports.z.show',
    scope: 'etims:read',
    appType: 'etims',
    summary: 'One Z report by its number',
    tags,
    schema: { params: z.object({ number: positiveIdParam }), querystring: z.object({ format: reportFormat, layout: pageLayout }) },
    handler: async ({ deps, params, query, kraApp, reply }) => {
      const app = await kraApp();
      const row = await deps.db.selectFrom('etims_z_reports').selectAll().where('app_id', '=', app.id).where('number', '=', params.number).executeTakeFirst();
      if (!row) throw notFound('Z report');
      if (query.format === 'json') return ok(presentZ(row));
      // Z reports taken before copies were counted hold no copies.
      const stored = JSON.parse(row.totals) as Omit<DayTotals, 'copies'> & { copies?: DayTotals['copies'] };
      const totals: DayTotals = { ...stored, copies: stored.copies ?? { count: 0, total: '0.00' } };
      const page = reportPage(totals, { report: 'Z', number: row.number, takenAt: row.created_at, ...(await headingOf(deps, app)) });
      return sendPage(reply, page, query.format, query.layout, `z-report-${row.number}`);
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/etims/reports/sales',
    name: 'api.etims.reports.sales',
    scope: 'etims:read',
    appType: 'etims',
    summary: 'Sales and credit notes of a date range (from, to; default today), as JSON or CSV (format=csv)',
    tags,
    schema: { querystring: rangeQuery },
    handler: async ({ deps, query, kraApp, reply }) => {
      const app = await kraApp();
      const { from, to } = dateRange(deps, query);
      const rows = await deps.db
        .selectFrom('etims_documents')
        .select(['id', 'kind', 'status', 'trd_invc_no', 'invc_no', 'sales_dt', 'cust_tin', 'tot_amt', 'payload'])
        .where('app_id', '=', app.id)
        .where('family', '=', 'invc')
        .where('sales_dt', '>=', from.replaceAll('-', ''))
        .where('sales_dt', '<=', to.replaceAll('-', ''))
        .orderBy('id')
        .limit(100_000)
        .execute();
      const lines = rows.map((r) => {
        const p = JSON.parse(r.payload) as { totTaxblAmt?: number; totTaxAmt?: number };
        const d = r.sales_dt;
        return {
          id: r.id,
          date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
          kind: r.kind,
          status: r.status,
          trader_invoice_number: r.trd_invc_no,
          invoice_number: r.invc_no,
          customer_pin: r.cust_tin,
          taxable: Number(p.totTaxblAmt ?? 0).toFixed(2),
          tax: Number(p.totTaxAmt ?? 0).toFixed(2),
          total: r.tot_amt,
        };
      });
      if (query.format === 'csv') {
        const header = ['id', 'date', 'kind', 'status', 'trader_invoice_number', 'invoice_number', 'customer_pin', 'taxable', 'tax', 'total'] as const;
        return csv(
          reply,
          `sales-${from}-${to}`,
          [...header],
          lines.map((l) => header.map((h) => l[h])),
        );
      }
      return ok(lines, undefined, { from, to });
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/etims/reports/sales-summary',
    name: 'api.etims.reports.sales-summary',
    scope: 'etims:read',
    appType: 'etims',
    summary: 'Totals per day of a date range (signed sales, credit notes, net), as JSON or CSV',
    tags,
    schema: { querystring: rangeQuery },
    handler: async ({ deps, query, kraApp, reply }) => {
      const app = await kraApp();
      const { from, to } = dateRange(deps, query);
      const days: string[] = [];
      for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
      const totals = [];
      for (const day of days) {
        const d = await dayTotals(deps, app, day);
        if (d.sales.count + d.credit_notes.count + d.pending > 0) totals.push(d);
      }
      const summary = totals.map((d) => ({
        date: d.date,
        sales: d.sales.count,
        sales_total: d.sales.total,
        credit_notes: d.credit_notes.count,
        credit_notes_total: d.credit_notes.total,
        net_taxable: d.net.taxable,
        net_tax: d.net.tax,
        net_total: d.net.total,
        pending: d.pending,
      }));
      if (query.format === 'csv') {
        const header = ['date', 'sales', 'sales_total', 'credit_notes', 'credit_notes_total', 'net_taxable', 'net_tax', 'net_total', 'pending'] as const;
        return csv(
          reply,
          `sales-summary-${from}-${to}`,
          [...header],
          summary.map((s) => header.map((h) => s[h])),
        );
      }
      return ok(summary, undefined, { from, to });
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/etims/reports/stock',
    name: 'api.etims.reports.stock',
    scope: 'etims:read',
    appType: 'etims',
    summary: 'Stock on hand per item at the branch, as JSON or CSV',
    tags,
    schema: { querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }) },
    handler: async ({ deps, query, kraApp, reply }) => {
      const app = await kraApp();
      const lines = await stockLevels(deps.db, app);
      if (query.format === 'csv') {
        const header = ['item_code', 'item_name', 'quantity', 'kra_quantity'] as const;
        return csv(
          reply,
          'stock',
          [...header],
          lines.map((l) => header.map((h) => l[h])),
        );
      }
      return ok(lines);
    },
  }) as RouteDef,
];
