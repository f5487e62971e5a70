/**
 * Turns a portal call's result into the gateway's answer — the one place that decides it, for all
 * 22 routes. Success: `{success: true, data, message, kra: {code, message}}`, where `data` is KRA's
 * payload with KRA's own field names, unwrapped from `RESPONSE` (and `RESULT`) and without the
 * envelope fields (code, message, status), which move to `kra`. A definite rejection: 422
 * `kra_error` with `kra_response: {errorCode, errorMessage}`.
 */
import type { PortalCallResult } from '@ushuru/kra';
import { ApiError } from '../errors.js';
import { ok, type Envelope } from '../http/envelope.js';

/** KRA's code and message, as shown next to the data. */
export interface KraOutcome {
  code: string | null;
  message: string | null;
}

/** The success envelope of a portal route. */
export function portalSuccess(result: PortalCallResult): Envelope<Record<string, unknown>> {
  const kra: KraOutcome = { code: result.code, message: result.message };
  return ok(result.data ?? {}, result.message ?? undefined, { kra });
}

/** The 422 for an answer KRA's body marks as a rejection (docs/kra/portal.md §4 success rule). */
export function portalRejection(result: PortalCallResult): ApiError {
  const errorMessage = result.message ?? `KRA rejected the request (code ${result.code ?? 'unknown'})`;
  return new ApiError('kra_error', `KRA API error: ${errorMessage}`, {
    kra_response: { errorCode: result.code, errorMessage },
  });
}
