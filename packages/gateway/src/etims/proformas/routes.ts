/**
 * Proformas (quotes): `POST /api/etims/proformas` computes a sale's amounts exactly as the sale will
 * have them and keeps them, never sending anything to KRA; its receipt prints as PS, marked "THIS IS
 * NOT AN OFFICIAL RECEIPT". `GET /api/etims/proformas[/{id}[/receipt]]` reads them back.
 */
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { getAppWithSecrets, type AppWithSecrets } from '../../apps/service.js';
import type { AppSettings } from '../../apps/settings.js';
import type { GatewayDeps } from '../../deps.js';
import { notFound, validationError } from '../../errors.js';
import { ok } from '../../http/envelope.js';
import { positiveIdParam, queryInteger, safeText } from '../../http/input-rules.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { dashedDate, kraDate } from '../../kra/time.js';
import { isoDate } from '../../portal/schemas/common.js';
import type { EtimsProformasTable } from '../../store/schema.js';
import { computeSale } from '../documents/accept.js';
import { saleInput } from '../documents/input.js';
import type { KraBody } from '../documents/kra-body.js';
import { sendPage } from '../receipts/print.js';
import { receiptPage } from '../receipts/receipt-page.js';
import { proformaQuery, receiptParties } from '../receipts/routes.js';

const tags = ['eTIMS proformas'];

/** A sale's body without what only a real sale has (its trader number, date, item registration). */
export const proformaInput = saleInput.omit({ trader_invoice_number: true, sale_date: true, register_items: true }).extend({
  /** The caller's own quote number, printed on the proforma. */
  reference: safeText(z.string('must be a string').trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters')).optional(),
  /** The last day the quoted prices hold, `YYYY-MM-DD`. */
  valid_until: isoDate.optional(),
});

type ProformaRow = Selectable<EtimsProformasTable>;

function presentProforma(row: ProformaRow) {
  const p = JSON.parse(row.payload) as KraBody;
  return {
    id: row.id,
    app_id: row.app_id,
    tin: row.tin,
    bhf_id: row.bhf_id,
    reference: row.reference,
    valid_until: row.valid_until,
    customer_pin: (p.custTin as string | null) ?? null,
    customer_name: (p.custNm as string | null) ?? null,
    total: Number(p.totAmt ?? 0).toFixed(2),
    taxable: Number(p.totTaxblAmt ?? 0).toFixed(2),
    tax: Number(p.totTaxAmt ?? 0).toFixed(2),
    lines: ((p.itemList as KraBody[] | undefined) ?? []).map((l) => ({
      item_code: l.itemCd,
      name: l.itemNm,
      quantity: l.qty,
      unit_price: Number(l.prc ?? 0).toFixed(2),
      discount: Number(l.dcAmt ?? 0).toFixed(2),
      tax_type: l.taxTyCd,
      total: Number(l.totAmt ?? 0).toFixed(2),
    })),
    print_count: Number(row.print_count),
    created_at: row.created_at,
    receipt_url: `/api/etims/proformas/${row.id}/receipt`,
  };
}

async function findProforma(deps: GatewayDeps, tenantId: string, id: number, app?: AppWithSecrets): Promise<ProformaRow> {
  let q = deps.db.selectFrom('etims_proformas').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (app) q = q.where('app_id', '=', app.id);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Proforma');
  return row;
}

export const proformaRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/etims/proformas',
    name: 'api.etims.proformas.store',
    scope: 'etims:write',
    appType: 'etims',
    summary: 'Make a proforma (quote): the amounts the sale will have, printed as PS; never sent to KRA',
    tags,
    schema: { body: proformaInput },
    exampleBody: { reference: 'Q-2026-001', lines: [{ item_code: 'KE2NTU0000001', quantity: 2, unit_price: '480.00' }] },
    successStatus: 201,
    handler: async ({ deps, body, kraApp, reply }) => {
      const app = await kraApp();
      const today = dashedDate(kraDate(deps.clock.now()));
      if (body.valid_until !== undefined && body.valid_until < today)
        throw validationError({ valid_until: [`must not be before today in Nairobi (${today})`] });
      const { payload } = await computeSale(
        deps,
        app,
        { ...body, trader_invoice_number: body.reference ?? 'PROFORMA', register_items: false },
        { registerItems: false },
      );
      const row = await deps.db
        .insertInto('etims_proformas')
        .values({
          tenant_id: app.tenant_id,
          app_id: app.id,
          tin: app.tin ?? '',
          bhf_id: app.bhf_id ?? '',
          reference: body.reference ?? null,
          payload: JSON.stringify(payload),
          valid_until: body.valid_until ?? null,
          created_at: new Date(deps.clock.now()).toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      reply.code(201).header('location', `/api/etims/proformas/${row.id}`);
      return ok(presentProforma(row), 'Proforma made; it is not sent to KRA.');
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/etims/proformas',
    name: 'api.etims.proformas.index',
    scope: 'etims:read',
    appType: 'etims',
    summary: 'The proformas of the app, newest first (cursor pages)',
    tags,
    schema: { querystring: z.object({ cursor: queryInteger(1, 2_147_483_647, 0).optional(), limit: queryInteger(1, 200, 50) }) },
    handler: async ({ deps, query, kraApp }) => {
      const app = await kraApp();
      let q = deps.db.selectFrom('etims_proformas').selectAll().where('app_id', '=', app.id);
      if (query.cursor) q = q.where('id', '<', query.cursor);
      const rows = await q
        .orderBy('id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = rows.slice(0, query.limit);
      return ok(page.map(presentProforma), undefined, { next_cursor: rows.length > query.limit ? page[page.length - 1]!.id : null });
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/etims/proformas/:id',
    name: 'api.etims.proformas.show',
    scope: 'etims:read',
    appType: 'etims',
    summary: 'One proforma',
    tags,
    schema: { params: z.object({ id: positiveIdParam }) },
    ownedResource: 'etims_proforma',
    handler: async ({ deps, auth, params, req, kraApp }) => {
      const app = req.headers['x-kra-app-id'] === undefined ? undefined : await kraApp();
      return ok(presentProforma(await findProforma(deps, auth.tenantId, params.id, app)));
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/etims/proformas/:id/receipt',
    name: 'api.etims.proformas.receipt',
    scope: 'etims:read',
    appType: 'etims',
    summary: 'The PS receipt of a proforma, as HTML or PDF for 80 mm or A4',
    tags,
    schema: { params: z.object({ id: positiveIdParam }), querystring: proformaQuery },
    ownedResource: 'etims_proforma',
    handler: async ({ deps, auth, params, query, req, reply, kraApp }) => {
      const scoped = req.headers['x-kra-app-id'] === undefined ? undefined : await kraApp();
      const row = await findProforma(deps, auth.tenantId, params.id, scoped);
      const app = scoped ?? (await getAppWithSecrets(deps, auth.tenantId, row.app_id));
      await deps.db
        .updateTable('etims_proformas')
        .set({ print_count: sql<number>`print_count + 1` })
        .where('id', '=', row.id)
        .execute();
      const payload = JSON.parse(row.payload) as KraBody;
      const parties = await receiptParties(deps, app, payload);
      const settings = app.settings as AppSettings;
      const page = receiptPage({
        kind: 'sale',
        print: 'proforma',
        ...parties,
        sellerPin: row.tin,
        bhfId: row.bhf_id,
        invoiceNumber: null,
        payload,
        receipt: null,
        verificationUrl: null,
        ...(row.reference || row.valid_until
          ? {
              header: [settings.receipt_header, row.reference ? `QUOTE: ${row.reference}` : '', row.valid_until ? `VALID UNTIL: ${row.valid_until}` : '']
                .filter(Boolean)
                .join('\n'),
            }
          : {}),
      });
      return sendPage(reply, page, query.format, query.layout, `proforma-${row.id}`);
    },
  }) as RouteDef,
];
