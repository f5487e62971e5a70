/**
 * Idempotent writes: a state-changing request sent with `Idempotency-Key` runs once; a retry with the
 * same key and the same request gets the first answer again (with `Idempotent-Replayed: true`), and
 * the same key with a different request is a 409. Results are kept 24 hours, sealed with the master
 * key because some hold a secret shown once (a new API token).
 *
 * Server faults (5xx) and rate limits are not kept: those requests may safely be retried. A replayed
 * error names the retry in `request_id` (as its `X-Request-Id` does) and the first run in
 * `Original-Request-Id`.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isoSeconds } from '../clock.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError, validationError } from '../errors.js';
import { BODY_LIMITS } from '../http/body-guard.js';

const KEY_RE = /^[\x21-\x7e]{1,255}$/;
const RETENTION_MS = 24 * 3600 * 1000;
/** A claim older than this was abandoned (its process died mid-request): the key may be claimed again. */
const ABANDONED_CLAIM_MS = 10 * 60 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request claimed an idempotency key and must store its result. */
    idempotencyKey?: string;
  }
}

/** Bodies are refused deeper than this before they get here (http/body-guard.ts); kept as a bound on recursion. */
const MAX_DEPTH = BODY_LIMITS.maxDepth;

/** JSON with object keys sorted, so that key order does not make two equal bodies differ. */
function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw validationError({ body: [`is nested more than ${MAX_DEPTH} levels deep`] });
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests "the same": method, path and body (key order ignored). */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson([method, path, body ?? null]))
    .digest('hex');
}

/**
 * The first answer, told as this request's: an error body names the request it answers in
 * `request_id`, which must be the `X-Request-Id` of this response (as on every error), so it becomes
 * this request's id; the first run's id goes into `Original-Request-Id`. Nothing else changes.
 */
function replayedAnswer(stored: string, requestId: string): { body: string; originalRequestId?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return { body: stored };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { body: stored };
  const original = (parsed as Record<string, unknown>).request_id;
  if (typeof original !== 'string') return { body: stored };
  return { body: JSON.stringify({ ...parsed, request_id: requestId }), originalRequestId: original };
}

function aad(tenantId: string, key: string): string {
  return `${tenantId}:idempotency:${key}`;
}

/** The claim (or replay) before a state-changing route's handler, and the onSend hook that stores its answer. */
export function createIdempotencyHooks(deps: GatewayDeps) {
  const { db } = deps;

  async function claim(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = req.headers['idempotency-key'];
    if (header === undefined || !req.auth) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY_RE.test(key)) {
      throw validationError({ 'Idempotency-Key': ['must be 1–255 printable ASCII characters without spaces'] });
    }
    const tenantId = req.auth.tenantId;
    const path = req.url;
    const hash = requestHash(req.method, path, req.body);
    const now = deps.clock.now();

    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({
          tenant_id: tenantId,
          key,
          method: req.method,
          path,
          request_hash: hash,
          state: 'in_progress',
          status_code: null,
          response: null,
          created_at: isoSeconds(now),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
        req.idempotencyKey = key;
        return;
      }
      const row = await db.selectFrom('idempotency_keys').selectAll().where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst();
      if (!row) continue; // removed between our insert and select: try again
      const age = now - Date.parse(row.created_at);
      if (age > RETENTION_MS || (row.state === 'in_progress' && age > ABANDONED_CLAIM_MS)) {
        await db.deleteFrom('idempotency_keys').where('tenant_id', '=', tenantId).where('key', '=', key).execute();
        continue;
      }
      if (row.request_hash !== hash) {
        throw new ApiError('idempotency_key_reused', 'This Idempotency-Key was already used for a different request. Use a new key for a new request.');
      }
      if (row.state !== 'completed' || row.response === null || row.status_code === null) {
        throw new ApiError('conflict', 'A request with this Idempotency-Key is still being processed. Retry shortly.', {}, undefined, { 'Retry-After': '1' });
      }
      reply.header('Idempotent-Replayed', 'true');
      const answer = replayedAnswer(deps.secretBox.open(row.response, aad(tenantId, key)), req.id);
      if (answer.originalRequestId) reply.header('Original-Request-Id', answer.originalRequestId);
      await reply.code(row.status_code).type('application/json; charset=utf-8').send(answer.body);
      return;
    }
    throw new ApiError('conflict', 'Could not claim the Idempotency-Key. Retry shortly.');
  }

  async function store(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const key = req.idempotencyKey;
    if (!key || !req.auth) return payload;
    req.idempotencyKey = undefined;
    const where = db.deleteFrom('idempotency_keys').where('tenant_id', '=', req.auth.tenantId).where('key', '=', key);
    if (reply.statusCode >= 500 || reply.statusCode === 429 || typeof payload !== 'string') {
      await where.execute();
      return payload;
    }
    await db
      .updateTable('idempotency_keys')
      .set({ state: 'completed', status_code: reply.statusCode, response: deps.secretBox.seal(payload, aad(req.auth.tenantId, key)) })
      .where('tenant_id', '=', req.auth.tenantId)
      .where('key', '=', key)
      .execute();
    return payload;
  }

  return {
    /**
     * Claims the request's key, or replays the first answer (then the reply is sent and the route's
     * handler must not run). Called by the route handler, not as a preHandler hook, and only for a
     * request with the header: a hook on every state-changing route was about 3 % of a KRA call's
     * CPU for the requests (nearly all) that send none.
     */
    claim,
    /** The onSend hook; a request that claimed no key passes at once. */
    store(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void): void {
      if (!req.idempotencyKey) return done(null, payload);
      store(req, reply, payload).then((stored) => done(null, stored), done);
    },
  };
}
