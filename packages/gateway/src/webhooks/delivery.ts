/**
 * Delivers queued webhook events: at least once, signed, from the database. Each due delivery is
 * claimed with one conditional UPDATE (so two processes never send it at the same moment), posted
 * with a timeout and without following redirects, and retried with exponential backoff and jitter
 * for 24 hours, after which it is marked failed. A target's answer body is never stored.
 */
import { request } from 'undici';
import type { GatewayDeps } from '../deps.js';
import { retryDelayMs } from '../etims/documents/backoff.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';
import { resolvedTargetProblem } from './targets.js';
import { isoMillis } from '../clock.js';

/** How long a claimed delivery is held before another process may try it. */
const CLAIM_MS = 60_000;
/** How long deliveries of one event are retried. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 3600_000;
/** At most this many deliveries per pass. */
const BATCH = 50;

/** The AAD binding a sealed webhook secret to its endpoint (crypto/secret-box.ts). */
export const webhookSecretAad = (tenantId: string, webhookId: number): string => `${tenantId}:webhook:${webhookId}`;

export interface WebhookDeliverer {
  /** Delivers what is due now, in this process; returns at once. */
  kick(): void;
  /** Delivers what is due, and waits for it (tests, resend). */
  deliverDue(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export function createWebhookDeliverer(deps: GatewayDeps): WebhookDeliverer {
  const cfg = deps.config.webhooks;
  const timing = { baseMs: cfg.retryBaseMs, maxMs: cfg.retryMaxMs };
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let sweeper: NodeJS.Timeout | undefined;

  async function deliverOne(id: number): Promise<void> {
    const now = deps.clock.now();
    const row = await deps.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status !== 'pending') return;
    const claimed = await deps.db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: isoMillis(now + CLAIM_MS) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;
    const hook = await deps.db.selectFrom('webhooks').selectAll().where('id', '=', row.webhook_id).executeTakeFirst();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!hook || hook.is_active !== 1) {
      error = 'the endpoint was deleted or deactivated';
    } else {
      error = (await resolvedTargetProblem(hook.url, cfg.allowPrivate)) ?? null;
      if (!error) {
        const secret = deps.secretBox.open(hook.secret, webhookSecretAad(hook.tenant_id, hook.id));
        try {
          const res = await request(hook.url, {
            method: 'POST',
            body: row.payload,
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Ushuru-Webhooks/1',
              [SIGNATURE_HEADER]: signWebhook(secret, Math.floor(deps.clock.now() / 1000), row.payload),
              'ushuru-event-id': row.event_id,
              'ushuru-delivery-id': String(row.id),
            },
            headersTimeout: cfg.timeoutMs,
            bodyTimeout: cfg.timeoutMs,
          });
          statusCode = res.statusCode;
          // Drain without keeping: the target's answer is not ours to store.
          await res.body.dump();
          if (statusCode >= 300 && statusCode < 400) error = `answered ${statusCode}: redirects are not followed`;
          else if (statusCode < 200 || statusCode >= 300) error = `answered ${statusCode}`;
        } catch (err) {
          error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
        }
      }
    }
    const attempts = row.attempts + 1;
    const at = deps.clock.now();
    if (!error) {
      await deps.db
        .updateTable('webhook_deliveries')
        .set({ status: 'delivered', attempts, last_status_code: statusCode, last_error: null, delivered_at: isoMillis(at) })
        .where('id', '=', id)
        .execute();
      return;
    }
    const expired = at - Date.parse(row.created_at) > WEBHOOK_RETRY_WINDOW_MS;
    await deps.db
      .updateTable('webhook_deliveries')
      .set({
        status: expired ? 'failed' : 'pending',
        attempts,
        last_status_code: statusCode,
        last_error: error,
        next_attempt_at: isoMillis(at + retryDelayMs(attempts, timing)),
      })
      .where('id', '=', id)
      .execute();
  }

  async function pass(): Promise<void> {
    const due = await deps.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', isoMillis(deps.clock.now()))
      .orderBy('id')
      .limit(BATCH)
      .execute();
    await Promise.all(
      due.map((d) => deliverOne(d.id).catch((err: unknown) => deps.logger.warn({ delivery_id: d.id, err: String(err) }, 'webhook delivery failed'))),
    );
    if (due.length === BATCH) again = true;
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await pass().catch((err: unknown) => deps.logger.error({ err: String(err) }, 'webhook pass failed'));
      } while (again && !stopped);
    })().finally(() => (running = undefined));
  }

  return {
    kick,
    async deliverDue() {
      kick();
      await running;
    },
    start() {
      if (sweeper || stopped) return;
      sweeper = setInterval(kick, cfg.sweepMs);
      sweeper.unref();
      kick();
    },
    async stop() {
      stopped = true;
      if (sweeper) clearInterval(sweeper);
      await running;
    },
  };
}
