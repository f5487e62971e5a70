/**
 * `recordKraCall()`: the one way a route records a KRA call — portal APIs here, eTIMS OSCU calls in
 * `etims/`. It queues a request-log row (written in batches, off the request path) and marks the app
 * as used. Nothing secret is recorded: no headers, no credentials, and bodies only when body capture
 * (`USHURU_LOG_BODIES`) is on, then redacted by key.
 */
import type { GatewayDeps } from '../deps.js';
import { isoMillis } from '../clock.js';
import { bodyForLog } from './redact.js';

/** Which KRA side a call went to. */
export type KraCallKind = 'portal' | 'oscu';

/** What happened on one KRA call, as the calling route knows it. */
export interface KraCallRecord {
  tenantId: string;
  /** The API token that made the request. */
  tokenId: string | null;
  /** The KRA app whose credentials were used (null when none could be chosen). */
  appId: number | null;
  kind: KraCallKind;
  /** The gateway route, e.g. `/api/kra/checkers/pin` or `/api/etims/oscu/saveTrnsSalesOsdc`. */
  route: string;
  /** KRA's path that was (or would have been) called. */
  kraPath: string | null;
  /** HTTP status the gateway answered the caller. */
  status: number;
  /** HTTP status of KRA's answer, when one came. */
  kraHttpStatus?: number | null;
  /** KRA's result or error code: portal `ResponseCode`/`ErrorCode`; OSCU `resultCd`. */
  kraCode?: string | null;
  /** The gateway error code when the call failed (`kra_error`, `kra_timeout`, …). */
  error?: string | null;
  latencyMs: number;
  /** The gateway request id (`X-Request-Id`). */
  requestId: string;
  /** The body sent to KRA; stored only with body capture on, redacted. */
  requestBody?: unknown;
  /** KRA's answer; stored only with body capture on, redacted. */
  responseBody?: unknown;
}

/** Queues the call for the request log and touches the app's `last_used_at`. Never throws, never waits. */
export function recordKraCall(deps: Pick<GatewayDeps, 'requestLog' | 'lastUsed' | 'clock' | 'config'>, call: KraCallRecord): void {
  if (call.appId !== null) deps.lastUsed.touch('kra_apps', call.appId);
  const capture = deps.config.logBodies;
  deps.requestLog.record({
    tenant_id: call.tenantId,
    token_id: call.tokenId,
    app_id: call.appId,
    kind: call.kind,
    route: call.route,
    kra_path: call.kraPath,
    status: call.status,
    kra_http_status: call.kraHttpStatus ?? null,
    kra_code: call.kraCode ?? null,
    error: call.error ?? null,
    latency_ms: Math.max(0, Math.round(call.latencyMs)),
    request_id: call.requestId,
    request_body: capture ? bodyForLog(call.requestBody) : null,
    response_body: capture ? bodyForLog(call.responseBody) : null,
    created_at: isoMillis(deps.clock.now()),
  });
}
