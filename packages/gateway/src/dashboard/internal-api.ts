/**
 * The dashboard's complex actions (test an app, initialize a device, sync, credit notes, retry,
 * reconcile, Z reports, receipts, webhooks) go through the gateway's own API in-process with
 * `app.inject`, so they get exactly the API's validation, outbox handling and request logging.
 * Each call runs under a token made for it alone, with the user's role's scopes and a one-minute
 * expiry, deleted as soon as the call returns: it never leaves the process.
 */
import type { FastifyInstance } from 'fastify';
import { createApiToken, deleteApiToken } from '../auth/token-service.js';
import type { GatewayDeps } from '../deps.js';
import { ROLE_SCOPES } from './roles.js';
import type { Session } from './sessions.js';

export interface ApiAnswer {
  status: number;
  /** The parsed JSON body, or undefined for other content types. */
  json: { success?: boolean; data?: unknown; message?: string; errors?: Record<string, string[]> } | undefined;
  body: string;
  contentType: string;
}

export interface InternalCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  appId?: number;
}

export async function callApi(app: FastifyInstance, deps: GatewayDeps, session: Session, call: InternalCall): Promise<ApiAnswer> {
  const { token, view } = await createApiToken(deps.db, deps.clock, session.tenantId, {
    // The user's address in the name ties the request log's token id to a person while the row lives.
    name: `dashboard: ${session.email}`,
    scopes: [...ROLE_SCOPES[session.role]],
    expires_at: new Date(deps.clock.now() + 60_000).toISOString(),
  });
  try {
    const res = await app.inject({
      method: call.method,
      url: call.url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(call.appId !== undefined ? { 'x-kra-app-id': String(call.appId) } : {}),
        ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(call.body !== undefined ? { payload: JSON.stringify(call.body) } : {}),
    });
    const contentType = String(res.headers['content-type'] ?? '');
    let json: ApiAnswer['json'];
    if (contentType.includes('json')) {
      try {
        json = res.json();
      } catch {
        json = undefined;
      }
    }
    return { status: res.statusCode, json, body: res.body, contentType };
  } finally {
    await deleteApiToken(deps, view.id);
  }
}

/** A one-line account of an API answer for a notice: its message, and each field error. */
export function answerSummary(answer: ApiAnswer): string {
  const parts = [answer.json?.message ?? `HTTP ${answer.status}`];
  for (const [field, problems] of Object.entries(answer.json?.errors ?? {})) parts.push(`${field}: ${problems.join('; ')}`);
  return parts.join(' — ');
}
