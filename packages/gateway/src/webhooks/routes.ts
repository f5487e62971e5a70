/**
 * Webhook endpoints (scope `admin`): create (the signing secret is shown once), list, show, delete,
 * the delivery log, resending one delivery, and a test event.
 */
import { z } from 'zod';
import type { GatewayDeps } from '../deps.js';
import { notFound, validationError } from '../errors.js';
import { ok } from '../http/envelope.js';
import { positiveIdParam, queryInteger, safeText } from '../http/input-rules.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { webhookSecretAad } from './delivery.js';
import { queueWebhookEvent, WEBHOOK_EVENTS } from './events.js';
import { newWebhookSecret } from './signature.js';
import { targetProblem } from './targets.js';
import { cacheTags } from '../infra/cache-tags.js';

const tags = ['Webhooks'];

const createBody = z.strictObject({
  url: z.string('must be a string').max(2000, 'must be at most 2000 characters'),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: `must be one of ${WEBHOOK_EVENTS.join(', ')}` }), 'must be a list of event names')
    .min(1, 'must name at least one event')
    .max(WEBHOOK_EVENTS.length),
  description: safeText(z.string().trim().max(200, 'must be at most 200 characters')).optional(),
});
const idParams = z.object({ id: positiveIdParam });
const deliveryParams = z.object({ id: positiveIdParam, delivery: positiveIdParam });

type Row = { id: number; url: string; description: string | null; events: string; is_active: number; created_at: string };
const present = (row: Row) => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: JSON.parse(row.events) as string[],
  is_active: row.is_active === 1,
  created_at: row.created_at,
});

async function ownWebhook(deps: GatewayDeps, tenantId: string, id: number) {
  const row = await deps.db.selectFrom('webhooks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Webhook');
  return row;
}

export const webhookRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/webhooks',
    name: 'api.webhooks.store',
    scope: 'admin',
    summary: 'Create a webhook endpoint; its signing secret (Ushuru-Signature) is shown in this answer only',
    tags,
    schema: { body: createBody },
    exampleBody: { url: 'https://erp.example.com/hooks/ushuru', events: ['document.signed', 'document.rejected'] },
    successStatus: 201,
    handler: async ({ deps, auth, body }) => {
      const problem = targetProblem(body.url, deps.config.webhooks.allowPrivate);
      if (problem) throw validationError({ url: [problem] }, `url: ${problem}`);
      const secret = newWebhookSecret();
      const at = new Date(deps.clock.now()).toISOString();
      const row = await deps.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('webhooks')
          .values({
            tenant_id: auth.tenantId,
            url: body.url,
            description: body.description ?? null,
            events: JSON.stringify(body.events),
            secret: 'pending',
            is_active: 1,
            created_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        // The AAD names the row, so the id must exist before the secret is sealed.
        await trx
          .updateTable('webhooks')
          .set({ secret: deps.secretBox.seal(secret, webhookSecretAad(auth.tenantId, inserted.id)) })
          .where('id', '=', inserted.id)
          .execute();
        return inserted;
      });
      await deps.rowCache.invalidate([cacheTags.webhooks(auth.tenantId)]);
      return ok({ ...present(row), secret }, 'Webhook created. Keep the secret: it is not shown again.');
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/webhooks',
    name: 'api.webhooks.index',
    scope: 'admin',
    summary: 'List webhook endpoints (never their secrets)',
    tags,
    schema: {},
    handler: async ({ deps, auth }) =>
      ok((await deps.db.selectFrom('webhooks').selectAll().where('tenant_id', '=', auth.tenantId).orderBy('id').execute()).map(present)),
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/webhooks/:id',
    name: 'api.webhooks.show',
    scope: 'admin',
    summary: 'One webhook endpoint',
    tags,
    schema: { params: idParams },
    ownedResource: 'webhook',
    handler: async ({ deps, auth, params }) => ok(present(await ownWebhook(deps, auth.tenantId, params.id))),
  }) as RouteDef,
  defineRoute({
    method: 'DELETE',
    url: '/api/webhooks/:id',
    name: 'api.webhooks.destroy',
    scope: 'admin',
    summary: 'Delete a webhook endpoint and its delivery log',
    tags,
    schema: { params: idParams },
    ownedResource: 'webhook',
    handler: async ({ deps, auth, params }) => {
      await ownWebhook(deps, auth.tenantId, params.id);
      await deps.db.deleteFrom('webhooks').where('id', '=', params.id).execute();
      await deps.rowCache.invalidate([cacheTags.webhooks(auth.tenantId)]);
      return ok({ id: params.id, deleted: true });
    },
  }) as RouteDef,
  defineRoute({
    method: 'GET',
    url: '/api/webhooks/:id/deliveries',
    name: 'api.webhooks.deliveries',
    scope: 'admin',
    summary: 'The delivery log of an endpoint, newest first: event, status, attempts, last response code',
    tags,
    schema: { params: idParams, querystring: z.object({ limit: queryInteger(1, 200, 50) }) },
    ownedResource: 'webhook',
    handler: async ({ deps, auth, params, query }) => {
      await ownWebhook(deps, auth.tenantId, params.id);
      const rows = await deps.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', params.id)
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      return ok(
        rows.map((r) => ({
          id: r.id,
          event: r.event,
          event_id: r.event_id,
          status: r.status,
          attempts: r.attempts,
          last_status_code: r.last_status_code,
          last_error: r.last_error,
          next_attempt_at: r.status === 'pending' ? r.next_attempt_at : null,
          created_at: r.created_at,
          delivered_at: r.delivered_at,
        })),
      );
    },
  }) as RouteDef,
  defineRoute({
    method: 'POST',
    url: '/api/webhooks/:id/deliveries/:delivery/resend',
    name: 'api.webhooks.deliveries.resend',
    scope: 'admin',
    summary: 'Send one delivery again now (the same event id and body, signed anew)',
    tags,
    schema: { params: deliveryParams },
    ownedResource: 'webhook',
    handler: async ({ deps, auth, params }) => {
      await ownWebhook(deps, auth.tenantId, params.id);
      const res = await deps.db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', next_attempt_at: new Date(deps.clock.now()).toISOString() })
        .where('id', '=', params.delivery)
        .where('webhook_id', '=', params.id)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw notFound('Delivery');
      await deps.webhooks.deliverDue();
      const row = await deps.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', params.delivery).executeTakeFirstOrThrow();
      return ok({ id: row.id, status: row.status, attempts: row.attempts, last_status_code: row.last_status_code, last_error: row.last_error });
    },
  }) as RouteDef,
  defineRoute({
    method: 'POST',
    url: '/api/webhooks/:id/test',
    name: 'api.webhooks.test',
    scope: 'admin',
    summary: 'Send a webhook.test event to this endpoint now',
    tags,
    schema: { params: idParams },
    ownedResource: 'webhook',
    handler: async ({ deps, auth, params }) => {
      await ownWebhook(deps, auth.tenantId, params.id);
      await queueWebhookEvent(
        deps.db,
        deps.rowCache,
        auth.tenantId,
        'webhook.test',
        { message: 'This is a test event from Ushuru.' },
        deps.clock.now(),
        params.id,
      );
      await deps.webhooks.deliverDue();
      const row = await deps.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', params.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      return ok({ id: row.id, event_id: row.event_id, status: row.status, last_status_code: row.last_status_code, last_error: row.last_error });
    },
  }) as RouteDef,
];
