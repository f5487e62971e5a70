/**
 * Host-independent request handling: business headers, body presence, device/cmcKey check, then
 * the operation. Hosts differ only in how they report the first three failures (host A with
 * result codes, host B's gateway with HTTP 400), so those come back as a `rejection`.
 */
import type { SimRequest } from '../core/types.js';
import { fail, type OpResult } from './results.js';
import type { OscuState } from './state.js';
import type { OscuModuleDeps, OscuOperation } from './types.js';
import { isAbsent, isObject } from './validate.js';

/** Why a request never reached the operation. */
export type Rejection = { reason: 'headers'; detail: string } | { reason: 'body-missing'; detail: string } | { reason: 'body-invalid'; detail: string };

/** Outcome of dispatching one request. */
export type DispatchOutcome = { kind: 'result'; result: OpResult } | { kind: 'rejection'; rejection: Rejection };

/** Header lookup; `SimRequest` headers are already lower-case, so `bhfId` and `bhfid` both match. */
export function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** Runs `op` for `req` against `state`. */
export function dispatch(op: OscuOperation, req: SimRequest, state: OscuState, deps: OscuModuleDeps): DispatchOutcome {
  const now = deps.options.now();
  const tin = header(req, 'tin');
  const bhfId = header(req, 'bhfId');
  const cmcKey = header(req, 'cmcKey');

  if (op.needsDevice && (!tin || !bhfId || !cmcKey)) {
    const missing = [!tin && 'tin', !bhfId && 'bhfId', !cmcKey && 'cmcKey'].filter(Boolean).join(', ');
    return { kind: 'rejection', rejection: { reason: 'headers', detail: `missing header ${missing}` } };
  }

  let device = null;
  if (op.needsDevice) {
    for (const d of state.devices.values()) {
      if (d.tin === tin && d.bhfId === bhfId && d.cmcKey !== null && d.cmcKey === cmcKey) {
        device = d;
        break;
      }
    }
    // An unknown branch, an uninitialized device and a wrong key all look the same to KRA: 901.
    if (!device) return { kind: 'result', result: fail('901') };
  }

  if (req.bodyInvalid) return { kind: 'rejection', rejection: { reason: 'body-invalid', detail: 'request body is not valid JSON' } };
  if (req.body === undefined || req.rawBody.trim() === '') {
    return { kind: 'rejection', rejection: { reason: 'body-missing', detail: 'request body is empty' } };
  }
  if (!isObject(req.body)) return { kind: 'rejection', rejection: { reason: 'body-invalid', detail: 'request body must be a JSON object' } };

  const body = req.body;
  // Init carries tin/bhfId in the body (spec samples); fall back to headers for clients that send both ways.
  const ctxTin = tin ?? (isAbsent(body.tin) ? '' : String(body.tin));
  const ctxBhfId = bhfId ?? (isAbsent(body.bhfId) ? '' : String(body.bhfId));
  return { kind: 'result', result: op.run({ state, deps, now, tin: ctxTin, bhfId: ctxBhfId, device }, body) };
}
