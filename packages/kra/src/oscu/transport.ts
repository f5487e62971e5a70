/**
 * The interface both OSCU transports implement, and the envelope parsing they share. The client
 * and the gateway see one shape whichever host answered.
 */
import { KraCallError } from '../errors.js';
import type { OscuOperationName } from './operations.js';

/** Business headers of every OSCU call. `cmcKey` is absent on `selectInitOsdcInfo` (not issued yet). */
export interface OscuBusinessHeaders {
  tin: string;
  bhfId: string;
  cmcKey?: string;
}

/** Options of one transport call. */
export interface OscuSendOptions {
  timeoutMs?: number;
}

/** KRA's answer to one OSCU call, unwrapped from any host-specific envelope. */
export interface OscuTransportResponse {
  /** `000` success, `001` empty, others see `classifyResult`. Trimmed string. */
  resultCd: string;
  resultMsg: string;
  /** `yyyyMMddHHmmss` (Kenyan time); the cursor to store after a sync. */
  resultDt: string;
  data: unknown;
  httpStatus: number;
  /** Path that was called (after overrides). */
  path: string;
  latencyMs: number;
  /** KRA's body, untouched (for the request log). */
  raw: unknown;
}

/** Sends one OSCU operation to one host. */
export interface OscuTransport {
  /** `legacy` = host A (spec v2.0 `etims-api`); `gavaconnect` = host B (`etims-oscu/api/v1`, OAuth). */
  readonly kind: 'legacy' | 'gavaconnect';
  /**
   * Sends `body` as `operation`. Resolves with KRA's result whatever its `resultCd`; throws
   * `KraCallError` when there is no result (unreachable, timeout, auth, gateway refusal, garbage).
   * Never retries, except host B's single retry with a fresh token after HTTP 401.
   */
  send(operation: OscuOperationName, body: unknown, headers: OscuBusinessHeaders, options?: OscuSendOptions): Promise<OscuTransportResponse>;
}

/** Business headers as sent on the wire; cmcKey only when present and the operation is not init. */
export function businessHeaders(operation: OscuOperationName, headers: OscuBusinessHeaders): Record<string, string> {
  const out: Record<string, string> = { tin: headers.tin, bhfId: headers.bhfId };
  if (headers.cmcKey && operation !== 'selectInitOsdcInfo') out.cmcKey = headers.cmcKey;
  return out;
}

/** The `{resultCd, resultMsg, resultDt, data}` envelope, if `body` is one. */
export function readResultEnvelope(body: unknown): Pick<OscuTransportResponse, 'resultCd' | 'resultMsg' | 'resultDt' | 'data'> | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (b.resultCd === undefined || b.resultCd === null) return undefined;
  return {
    resultCd: String(b.resultCd).trim(),
    resultMsg: typeof b.resultMsg === 'string' ? b.resultMsg.trim() : String(b.resultMsg ?? ''),
    resultDt: typeof b.resultDt === 'string' ? b.resultDt.trim() : String(b.resultDt ?? ''),
    data: b.data ?? null,
  };
}

/**
 * The envelope with what the call itself told: HTTP status, path, time and KRA's body. Written field
 * by field: `{ ...envelope, httpStatus, … }` made a new hidden class on every call on Node 20
 * (docs/architecture.md, "Hidden classes").
 */
export function withCallFacts(
  envelope: Pick<OscuTransportResponse, 'resultCd' | 'resultMsg' | 'resultDt' | 'data'>,
  response: { status: number; body: unknown },
  path: string,
  latencyMs: number,
): OscuTransportResponse {
  return {
    resultCd: envelope.resultCd,
    resultMsg: envelope.resultMsg,
    resultDt: envelope.resultDt,
    data: envelope.data,
    httpStatus: response.status,
    path,
    latencyMs,
    raw: response.body,
  };
}

/** The error for an answer without a result envelope. */
export function missingEnvelopeError(path: string, httpStatus: number, raw: unknown): KraCallError {
  return new KraCallError('protocol', `KRA answered ${path} with HTTP ${httpStatus} but no OSCU result envelope`, {
    httpStatus,
    raw,
  });
}
