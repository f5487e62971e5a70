/**
 * Everything but init and sales goes to KRA as sent (after the field check), through the gateway's one
 * OSCU call path with the app's real cmcKey and transport, and KRA's answer comes back unchanged:
 * result code, message and data. KRA being unreachable is thrown (ApiError) for the endpoint to answer
 * as KRA's gateway would.
 */
import type { OscuOperationName } from '@ushuru/kra';
import type { AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { deviceClient, sendOscu } from '../etims/oscu-call.js';
import type { OscuOutcome } from './envelopes.js';

export async function passThrough(deps: GatewayDeps, app: AppWithSecrets, operation: OscuOperationName, body: Record<string, unknown>): Promise<OscuOutcome> {
  const res = await sendOscu(deps, deviceClient(deps, app), app, operation, body);
  return { resultCd: res.resultCd, resultMsg: res.resultMsg, data: res.data };
}
