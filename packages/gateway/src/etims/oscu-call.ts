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
import { resultToApiError } from './result-errors.js';

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

/** Sends one operation and returns KRA's result, whatever its code; KRA faults become ApiErrors. */
export async function sendOscu(
  deps: GatewayDeps,
  client: OscuClient,
  app: AppWithSecrets,
  operation: OscuOperationName,
  body: unknown,
): Promise<OscuResult> {
  deps.lastUsed.touch('kra_apps', app.id);
  try {
    return await client.call(operation, body, { timeoutMs: deps.config.kraTimeoutMs });
  } catch (err) {
    throw kraFailureToApiError(err);
  }
}

/** Like {@link sendOscu} but only 000/001 come back; every other code is thrown as its ApiError. */
export async function callOscu(deps: GatewayDeps, app: AppWithSecrets, operation: OscuOperationName, body: unknown): Promise<OscuResult> {
  const res = await sendOscu(deps, deviceClient(deps, app), app, operation, body);
  if (!res.ok) throw resultToApiError(res, operation);
  return res;
}
