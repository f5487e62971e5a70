/**
 * Webhook events. An event is queued as one delivery row per subscribed endpoint, in the caller's
 * transaction when it has one, so that what happened and its notification are written together.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { freezeDeep, type RowCache } from '../infra/row-cache.js';
import type { Database } from '../store/schema.js';
import { cacheTags } from '../infra/cache-tags.js';
import { isoMillis } from '../clock.js';

/** The events an endpoint can subscribe to. */
export const WEBHOOK_EVENTS = ['document.signed', 'document.rejected', 'document.delayed', 'sync.failed', 'webhook.test'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The JSON body every delivery carries. */
export interface WebhookPayload {
  id: string;
  type: WebhookEvent;
  created: number;
  data: Record<string, unknown>;
}

const readActive = async (db: Kysely<Database> | Transaction<Database>, tenantId: string) =>
  (await db.selectFrom('webhooks').select(['id', 'events']).where('tenant_id', '=', tenantId).where('is_active', '=', 1).execute()).map((h) => ({
    id: h.id,
    events: JSON.parse(h.events) as string[],
  }));

type ActiveWebhook = { id: number; events: string[] };

/**
 * The tenant's active endpoints and their events, as the row cache holds them. Asked for every
 * signed document, where the answer is mostly "none" (`webhooks/routes.ts` invalidates it on every
 * write).
 */
async function cachedActive(db: Kysely<Database> | Transaction<Database>, rowCache: RowCache, tenantId: string): Promise<readonly ActiveWebhook[]> {
  const cached = await rowCache.read(
    `webhooks:${tenantId}`,
    async () => freezeDeep(await readActive(db, tenantId)),
    () => [cacheTags.webhooks(tenantId)],
  );
  return cached!;
}

/**
 * The endpoints `wanted` picks. When the cached list has one, the list is read again from the
 * database in the caller's transaction, so that a delivery is never queued for an endpoint a stale
 * copy still holds.
 */
async function subscribedWebhooks(
  db: Kysely<Database> | Transaction<Database>,
  rowCache: RowCache,
  tenantId: string,
  wanted: (h: ActiveWebhook) => boolean,
): Promise<ActiveWebhook[]> {
  if (!(await cachedActive(db, rowCache, tenantId)).some(wanted)) return [];
  return (await readActive(db, tenantId)).filter(wanted);
}

/**
 * Whether the tenant has an active endpoint subscribed to `event`, as the row cache knows it: a
 * caller that may skip its transaction when nothing would be queued asks this first, and still
 * queues through {@link queueWebhookEvent} (which reads the list again) when the answer is yes.
 */
export async function hasSubscriber(db: Kysely<Database>, rowCache: RowCache, tenantId: string, event: WebhookEvent): Promise<boolean> {
  return (await cachedActive(db, rowCache, tenantId)).some((h) => h.events.includes(event));
}

/** Queues `event` for each of the tenant's active endpoints subscribed to it (or one endpoint with `onlyWebhookId`). */
export async function queueWebhookEvent(
  db: Kysely<Database> | Transaction<Database>,
  rowCache: RowCache,
  tenantId: string,
  event: WebhookEvent,
  data: Record<string, unknown>,
  atMs: number,
  onlyWebhookId?: number,
): Promise<number> {
  const hooks = await subscribedWebhooks(db, rowCache, tenantId, (h) => (onlyWebhookId !== undefined ? h.id === onlyWebhookId : h.events.includes(event)));
  if (hooks.length === 0) return 0;
  const payload: WebhookPayload = { id: `evt_${randomUUID()}`, type: event, created: Math.floor(atMs / 1000), data };
  const at = isoMillis(atMs);
  await db
    .insertInto('webhook_deliveries')
    .values(
      hooks.map((h) => ({
        webhook_id: h.id,
        tenant_id: tenantId,
        event,
        event_id: payload.id,
        payload: JSON.stringify(payload),
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: at,
        last_status_code: null,
        last_error: null,
        created_at: at,
        delivered_at: null,
      })),
    )
    .execute();
  return hooks.length;
}
