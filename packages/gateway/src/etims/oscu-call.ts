/**
 * The one way the gateway's eTIMS code calls OSCU: build the app's client, send, and turn every
 * outcome into either a result (000/001) or an ApiError. Reads are retried by the client on
 * transient failures; writes never are.
 */
import type { OscuClient, OscuOperationName, OscuResult } from '@ushuru/kra';
import type { AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { oscuClientForApp } from '../kra/clients.js';
import { kraFailureToApiError } from '../kra/errors.js';
import { recordKraCall } from '../requestlog/record.js';
import { withLineTaxKey } from './line-tax-key.js';
import { kraAnswer, resultToApiError } from './result-errors.js';

/** The OSCU client of an initialized device; 422 when the app has no cmcKey yet. */
export function deviceClient(deps: GatewayDeps, app: AppWithSecrets): OscuClient {
  if (!app.secrets.cmc_key) {
    throw new ApiError(
      'validation_error',
      `eTIMS app ${app.id} has no cmcKey yet: initialize the device with POST /api/etims/device/initialize, or store an existing key with PATCH /api/kra/apps/${app.id} {"cmc_key": "…"}.`,
      { errors: { cmc_key: ['is not set on this app'] } },
    );
  }
  return oscuClientForApp(deps, app);
}

/**
 * Sends one operation and returns KRA's result, whatever its code; KRA faults become ApiErrors.
 * Every call is recorded in the request log here, for whichever route or job made it.
 */
export async function sendOscu(deps: GatewayDeps, client: OscuClient, app: AppWithSecrets, operation: OscuOperationName, body: unknown): Promise<OscuResult> {
  deps.lastUsed.touch('kra_apps', app.id);
  const started = performance.now();
  const record = (status: number, outcome: { kraCode?: string | null; kraHttpStatus?: number | null; error?: string | null; response?: unknown }) => {
    const ctx = deps.callContext;
    if (!ctx) return;
    recordKraCall(deps, {
      tenantId: ctx.tenantId,
      tokenId: ctx.tokenId,
      appId: app.id,
      kind: 'oscu',
      route: ctx.route,
      kraPath: operation,
      status,
      kraHttpStatus: outcome.kraHttpStatus ?? null,
      kraCode: outcome.kraCode ?? null,
      error: outcome.error ?? null,
      latencyMs: performance.now() - started,
      requestId: ctx.requestId,
      // The init answer carries the cmcKey: never keep it, even redacted.
      requestBody: body,
      responseBody: operation === 'selectInitOsdcInfo' ? undefined : outcome.response,
    });
  };
  try {
    const res = await client.call(operation, withLineTaxKey(app, operation, body), { timeoutMs: deps.config.kraTimeoutMs });
    const failure = res.ok ? undefined : resultToApiError(res, operation);
    record(failure?.status ?? 200, { kraCode: res.resultCd, kraHttpStatus: res.httpStatus, error: failure?.code ?? null, response: kraAnswer(res) });
    return res;
  } catch (err) {
    const failure = kraFailureToApiError(err);
    record(failure.status, { kraHttpStatus: (err as { httpStatus?: number }).httpStatus ?? null, error: failure.code });
    throw failure;
  }
}

/** Like {@link sendOscu} but only 000/001 come back; every other code is thrown as its ApiError. */
export async function callOscu(deps: GatewayDeps, app: AppWithSecrets, operation: OscuOperationName, body: unknown): Promise<OscuResult> {
  const res = await sendOscu(deps, deviceClient(deps, app), app, operation, body);
  if (!res.ok) throw resultToApiError(res, operation);
  return res;
}
