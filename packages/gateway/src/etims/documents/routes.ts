/**
 * Sales, credit notes and the outbox: ours (`POST /api/etims/sales`, `/credit-notes`) and Salami's
 * names for the same operations (`/sales/submit`, `/sales/submit-with-items`, `/credit-notes/submit`,
 * `/credit-notes/express`). A submission is stored and queued in one insert; the answer is 201 with
 * the signed document when KRA signs within `USHURU_DOCUMENT_WAIT_MS`, else 202 with a `Location`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getAppWithSecrets, type AppWithSecrets } from '../../apps/service.js';
import type { GatewayDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { ok } from '../../http/envelope.js';
import { parameterProblem, queryInteger } from '../../http/input-rules.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { isoDate, kraPin } from '../../portal/schemas/common.js';
import { acceptCreditNote, acceptSale } from './accept.js';
import { creditNoteInput, expressCreditNoteInput, saleInput } from './input.js';
import { acceptManualPurchase, decideIncomingPurchase, manualPurchaseInput, purchaseDecisionInput } from './purchases.js';
import { acceptStockMovement, stockMovementInput } from './stock-accept.js';
import { stockLevels } from './stock.js';
import { PENDING_STATUSES } from './outbox.js';
import {
  DOCUMENT_STATUSES,
  documentPath,
  findDocument,
  listDocuments,
  presentDocument,
  type DocumentKind,
  type DocumentRow,
  type DocumentStatus,
} from './records.js';

const tags = ['eTIMS sales and credit notes'];

const exampleSale = {
  trader_invoice_number: 'INV-1001',
  customer_pin: 'P051234567Q',
  customer_name: 'Acme Traders',
  payment_type: '01',
  lines: [{ item_code: 'KE2NTU0000001', quantity: 2, unit_price: '480.00', discount_rate: 5 }],
};
const exampleCreditNote = { sale: 'INV-1001', trader_invoice_number: 'CN-1001', reason_code: '06', lines: [{ item_code: 'KE2NTU0000001', quantity: 1 }] };

/** A document reference in a path: our id, the trader's number or KRA's invoice number. */
const refParams = z.object({
  id: z
    .string()
    .min(1)
    .max(50)
    .refine((v) => parameterProblem(v) === undefined, 'must be a document id, trader invoice number or KRA invoice number'),
});

const listQuery = z.object({
  status: z.enum(DOCUMENT_STATUSES as unknown as [DocumentStatus, ...DocumentStatus[]]).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  customer_pin: kraPin.optional(),
  /** A branch id (`bhfId`), when listing without X-KRA-App-Id across the tenant's branches. */
  branch: z
    .string()
    .regex(/^[0-9A-Za-z]{2}$/, 'must be a branch id such as 00')
    .optional(),
  cursor: queryInteger(1, 2_147_483_647, 0).optional(),
  limit: queryInteger(1, 200, 50),
});

/**
 * The document a path names, looked up in the caller's tenant first (another tenant's document is a
 * 404 whatever else the request says), within the app named by `X-KRA-App-Id` when there is one.
 */
async function documentOfRequest(
  ctx: { deps: GatewayDeps; auth: { tenantId: string }; req: FastifyRequest; kraApp: () => Promise<AppWithSecrets> },
  kind: DocumentKind,
  ref: string,
): Promise<{ row: DocumentRow; app: AppWithSecrets }> {
  const row = await findDocument(ctx.deps, ctx.auth.tenantId, kind, ref);
  if (ctx.req.headers['x-kra-app-id'] === undefined) return { row, app: await getAppWithSecrets(ctx.deps, ctx.auth.tenantId, row.app_id) };
  const app = await ctx.kraApp();
  return { row: await findDocument(ctx.deps, ctx.auth.tenantId, kind, ref, app.id), app };
}

/** 201 signed, 202 still queued (with Location), 422 when KRA refused it within the wait. */
async function answerSubmission(deps: GatewayDeps, app: AppWithSecrets, reply: FastifyReply, accepted: DocumentRow) {
  deps.outbox.kick(accepted.app_id);
  const row = await deps.outbox.waitForOutcome(accepted.id, deps.config.outbox.documentWaitMs, accepted);
  const document = presentDocument(row, app.environment);
  if (row.status === 'rejected') {
    throw new ApiError('kra_error', `KRA refused the document: ${row.kra_result_cd ?? ''} ${row.kra_result_msg ?? ''}`.trim(), {
      kra_response: { resultCd: row.kra_result_cd, resultMsg: row.kra_result_msg },
      document,
    });
  }
  reply.header('location', documentPath(row));
  if (row.status === 'signed') {
    reply.code(201);
    return ok(document, 'Signed by KRA.');
  }
  reply.code(202);
  return ok(document, 'Accepted and queued: KRA has not signed it yet. Follow the Location to see its status.');
}

function submitRoute(url: string, name: string, summary: string, registerItems: boolean): RouteDef {
  return defineRoute({
    method: 'POST',
    url,
    name,
    scope: 'etims:write',
    appType: 'etims',
    summary,
    tags,
    schema: { body: saleInput },
    exampleBody: exampleSale,
    handler: async ({ deps, body, kraApp, reply }) => {
      const app = await kraApp();
      return answerSubmission(deps, app, reply, await acceptSale(deps, app, body, { registerItems }));
    },
  }) as RouteDef;
}

function documentRoutes(kind: DocumentKind, segment: string, label: string, nameSegment = segment): RouteDef[] {
  return [
    defineRoute({
      method: 'GET',
      url: `/api/etims/${segment}`,
      name: `api.etims.${nameSegment}.index`,
      scope: 'etims:read',
      appType: 'etims',
      summary: `List ${label}s, newest first: of the app named by X-KRA-App-Id, else of every branch (filters: status, from, to, customer_pin, branch; cursor pages)`,
      tags,
      schema: { querystring: listQuery },
      handler: async ({ deps, auth, query, kraApp, req }) => {
        const app = req.headers['x-kra-app-id'] === undefined ? undefined : await kraApp();
        const environments = new Map(
          (await deps.db.selectFrom('kra_apps').select(['id', 'environment']).where('tenant_id', '=', auth.tenantId).execute()).map((a) => [
            a.id,
            a.environment,
          ]),
        );
        const page = await listDocuments(deps, auth.tenantId, {
          kind,
          ...(app ? { appId: app.id } : {}),
          ...(query.branch ? { bhfId: query.branch } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
          ...(query.customer_pin ? { customerPin: query.customer_pin } : {}),
          ...(query.cursor ? { before: query.cursor } : {}),
          limit: query.limit,
        });
        return ok(
          page.rows.map((row) => presentDocument(row, environments.get(row.app_id) ?? 'sandbox')),
          undefined,
          { next_cursor: page.next },
        );
      },
    }) as RouteDef,
    defineRoute({
      method: 'GET',
      url: `/api/etims/${segment}/:id`,
      name: `api.etims.${nameSegment}.show`,
      scope: 'etims:read',
      appType: 'etims',
      summary: `One ${label} by its id, trader invoice number or KRA invoice number: status, KRA's last answer, receipt fields`,
      tags,
      schema: { params: refParams },
      ownedResource: 'etims_document',
      handler: async (ctx) => {
        const { row, app } = await documentOfRequest(ctx, kind, ctx.params.id);
        return ok(presentDocument(row, app.environment));
      },
    }) as RouteDef,
    defineRoute({
      method: 'POST',
      url: `/api/etims/${segment}/:id/retry`,
      name: `api.etims.${nameSegment}.retry`,
      scope: 'etims:write',
      appType: 'etims',
      summary: `Send a waiting ${label} now instead of after its backoff (its branch's queue is processed in order)`,
      tags,
      schema: { params: refParams },
      ownedResource: 'etims_document',
      handler: async (ctx) => pushNow(ctx.deps, await documentOfRequest(ctx, kind, ctx.params.id)),
    }) as RouteDef,
    defineRoute({
      method: 'POST',
      url: `/api/etims/${segment}/:id/reconcile`,
      name: `api.etims.${nameSegment}.reconcile`,
      scope: 'etims:write',
      appType: 'etims',
      summary: `Ask KRA now (selectInvoiceDetails) whether a ${label} in doubt was signed`,
      tags,
      schema: { params: refParams },
      ownedResource: 'etims_document',
      handler: async (ctx) => pushNow(ctx.deps, await documentOfRequest(ctx, kind, ctx.params.id)),
    }) as RouteDef,
  ];
}

/**
 * Retry and reconcile both make the document due now and run its branch's queue: the outbox always
 * reconciles a document in doubt before sending anything, so the same pass does what was asked.
 */
async function pushNow(deps: GatewayDeps, { row, app }: { row: DocumentRow; app: AppWithSecrets }) {
  if (!(PENDING_STATUSES as readonly string[]).includes(row.status)) {
    throw new ApiError('conflict', `The document is ${row.status}: only a queued or unknown document can be pushed.`, { status: row.status });
  }
  // The branch's queue goes in order: this document and those before it become due now.
  await deps.db
    .updateTable('etims_documents')
    .set({ next_attempt_at: new Date(deps.clock.now()).toISOString() })
    .where('app_id', '=', row.app_id)
    .where('id', '<=', row.id)
    .where('status', 'in', [...PENDING_STATUSES])
    .execute();
  await deps.outbox.drain(row.app_id);
  const after = await deps.outbox.waitForOutcome(row.id, 0);
  return ok(presentDocument(after, app.environment));
}

const outboxRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/outbox',
  name: 'api.etims.outbox.index',
  scope: 'etims:read',
  appType: 'etims',
  summary: "The branch's outbox: documents waiting per status, the oldest waiting one, KRA's counter",
  tags,
  schema: {},
  handler: async ({ deps, kraApp }) => {
    const app = await kraApp();
    const counts = await deps.db
      .selectFrom('etims_documents')
      .select((eb) => ['status', eb.fn.count<number>('id').as('n')])
      .where('app_id', '=', app.id)
      .groupBy('status')
      .execute();
    const oldest = await deps.db
      .selectFrom('etims_documents')
      .selectAll()
      .where('app_id', '=', app.id)
      .where('status', 'in', [...PENDING_STATUSES])
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    const queue = await deps.db.selectFrom('etims_branch_queues').select(['last_invc_no', 'lease_until']).where('app_id', '=', app.id).executeTakeFirst();
    const byStatus = Object.fromEntries(DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<DocumentStatus, number>;
    for (const c of counts) byStatus[c.status] = Number(c.n);
    return ok({
      app_id: app.id,
      depth: byStatus.queued + byStatus.sending + byStatus.unknown,
      by_status: byStatus,
      last_invoice_number: queue ? Number(queue.last_invc_no) : 0,
      sending_now: queue?.lease_until ? Date.parse(queue.lease_until) > deps.clock.now() : false,
      oldest_waiting: oldest
        ? {
            id: oldest.id,
            kind: oldest.kind,
            status: oldest.status,
            trader_invoice_number: oldest.trd_invc_no,
            created_at: oldest.created_at,
            age_seconds: Math.max(0, Math.round((deps.clock.now() - Date.parse(oldest.created_at)) / 1000)),
            attempts: oldest.attempts,
            next_attempt_at: oldest.next_attempt_at,
            kra: { result_code: oldest.kra_result_cd, result_message: oldest.kra_result_msg },
            links: { self: documentPath(oldest) },
          }
        : null,
    });
  },
});

const cancelRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/sales/:id/cancel',
  name: 'api.etims.sales.cancel',
  scope: 'etims:write',
  appType: 'etims',
  summary: 'Refused: OSCU has no cancellation; a signed sale is undone with a credit note',
  tags,
  schema: { params: refParams },
  ownedResource: 'etims_document',
  handler: async (ctx) => {
    const { row: sale } = await documentOfRequest(ctx, 'sale', ctx.params.id);
    throw new ApiError(
      'validation_error',
      'KRA\u2019s OSCU has no cancellation operation: undo a signed sale with a credit note (POST /api/etims/credit-notes/express for the whole sale).',
      { errors: { id: ['cannot be cancelled; issue a credit note'] }, rule: 'no_cancellation', document_id: sale.id },
    );
  },
});

function creditRoute(url: string, name: string, summary: string, express: boolean): RouteDef {
  return defineRoute({
    method: 'POST',
    url,
    name,
    scope: 'etims:write',
    appType: 'etims',
    summary,
    tags,
    schema: { body: express ? expressCreditNoteInput : creditNoteInput },
    exampleBody: express ? { sale: 'INV-1001', trader_invoice_number: 'CN-1001', reason_code: '06' } : exampleCreditNote,
    handler: async ({ deps, body, kraApp, reply }) => {
      const app = await kraApp();
      return answerSubmission(deps, app, reply, await acceptCreditNote(deps, app, body));
    },
  }) as RouteDef;
}

function stockMovementRoute(url: string, name: string, summary: string): RouteDef {
  return defineRoute({
    method: 'POST',
    url,
    name,
    scope: 'etims:write',
    appType: 'etims',
    summary,
    tags,
    schema: { body: stockMovementInput },
    exampleBody: { type: '06', reference: 'ADJ-1', lines: [{ item_code: 'KE2NTU0000001', quantity: 100, unit_price: 480 }] },
    handler: async ({ deps, body, kraApp, reply }) => {
      const app = await kraApp();
      return answerSubmission(deps, app, reply, await acceptStockMovement(deps, app, body));
    },
  }) as RouteDef;
}

const stockCurrentRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/stock/current',
  name: 'api.etims.stock.current',
  scope: 'etims:read',
  appType: 'etims',
  summary: 'Stock on hand per item at the branch: what may still be sold, and what KRA has recorded',
  tags,
  schema: {},
  handler: async ({ deps, kraApp }) => ok(await stockLevels(deps.db, await kraApp())),
});

const purchaseKeyParams = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be the key of an incoming purchase (GET /api/etims/purchases/incoming)'),
});

function purchaseDecisionRoute(decision: 'confirm' | 'reject'): RouteDef {
  return defineRoute({
    method: 'POST',
    url: `/api/etims/purchases/incoming/:key/${decision}`,
    name: `api.etims.purchases.incoming.${decision}`,
    scope: 'etims:write',
    appType: 'etims',
    summary:
      decision === 'confirm'
        ? 'Confirm a supplier\u2019s sale KRA holds for you (insertTrnsPurchase, regTyCd A, approved)'
        : 'Turn down a supplier\u2019s sale KRA holds for you (insertTrnsPurchase, regTyCd A, pchsSttsCd 04)',
    tags,
    schema: { params: purchaseKeyParams, body: purchaseDecisionInput },
    exampleBody: {},
    handler: async ({ deps, params, body, kraApp, reply }) => {
      const app = await kraApp();
      return answerSubmission(deps, app, reply, await decideIncomingPurchase(deps, app, params.key, decision, body));
    },
  }) as RouteDef;
}

const manualPurchaseRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/purchases',
  name: 'api.etims.purchases.store',
  scope: 'etims:write',
  appType: 'etims',
  summary: 'Record a purchase KRA does not hold (regTyCd M), amounts computed from simple lines',
  tags,
  schema: { body: manualPurchaseInput },
  exampleBody: { reference: 'PO-1001', supplier_name: 'Local Miller', lines: [{ item_code: 'KE2NTU0000001', quantity: 10, unit_price: '150.00' }] },
  handler: async ({ deps, body, kraApp, reply }) => {
    const app = await kraApp();
    return answerSubmission(deps, app, reply, await acceptManualPurchase(deps, app, body));
  },
});

export const documentRoutesTable: RouteDef[] = [
  submitRoute(
    '/api/etims/sales',
    'api.etims.sales.store',
    'Submit a sale from simple lines: Ushuru computes the tax, numbers it in KRA\u2019s order and has KRA sign it',
    false,
  ),
  submitRoute('/api/etims/sales/submit', 'api.etims.sales.submit', 'Submit a sale (Salami\u2019s name for POST /api/etims/sales)', false),
  submitRoute(
    '/api/etims/sales/submit-with-items',
    'api.etims.sales.submit-with-items',
    'Submit a sale, registering on KRA the lines\u2019 items it does not know yet (each such line carries `item`)',
    true,
  ),
  ...documentRoutes('sale', 'sales', 'sale'),
  cancelRoute as RouteDef,
  creditRoute('/api/etims/credit-notes', 'api.etims.credit-notes.store', 'Credit part or all of a signed sale (quantities per item)', false),
  creditRoute('/api/etims/credit-notes/submit', 'api.etims.credit-notes.submit', 'Credit part or all of a signed sale (Salami\u2019s name)', false),
  creditRoute('/api/etims/credit-notes/express', 'api.etims.credit-notes.express', 'Credit whatever remains of a signed sale in one call', true),
  ...documentRoutes('credit_note', 'credit-notes', 'credit note'),
  manualPurchaseRoute as RouteDef,
  purchaseDecisionRoute('confirm'),
  purchaseDecisionRoute('reject'),
  ...documentRoutes('purchase', 'purchases', 'purchase'),
  stockMovementRoute(
    '/api/etims/stock/movements',
    'api.etims.stock.movements.store',
    'Record a stock movement (code list 12: 01–06 in, 11–16 out); sent to KRA as insertStockIO, then saveStockMaster',
  ),
  stockMovementRoute(
    '/api/etims/stock/movement',
    'api.etims.stock.movement',
    'Record a stock movement (Salami\u2019s name for POST /api/etims/stock/movements)',
  ),
  ...documentRoutes('stock_io', 'stock/movements', 'stock movement', 'stock.movements'),
  stockCurrentRoute as RouteDef,
  outboxRoute as RouteDef,
];
