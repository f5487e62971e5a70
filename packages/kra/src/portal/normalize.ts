/**
 * One normalizer for every envelope KRA's portal APIs use (docs/kra/portal.md §4):
 * flat PascalCase, `RESPONSE`(-`RESULT`)-wrapped, camelCase, snake_case, and the
 * `ErrorCode` gateway-error form. Success is judged by the body, never by the HTTP status,
 * because KRA answers many errors with HTTP 200.
 */
import type { PortalApiDefinition, PortalEnvelopeStyle } from './apis.js';

/** The envelope style the normalizer recognised; `error` = `{ErrorCode|errorCode, …}`. */
export type DetectedEnvelope = PortalEnvelopeStyle | 'error';

/** A KRA portal answer in one shape, whatever envelope it came in. */
export interface NormalizedPortalResponse {
  /** True when KRA accepted the request (docs/kra/portal.md §4 success rule). */
  ok: boolean;
  /** KRA's result or error code, trimmed, as a string (`"23000"`, `"40000"`, `"84002"`); null if none. */
  code: string | null;
  /** KRA's human-readable message, trimmed; null if none. */
  message: string | null;
  /**
   * The payload without envelope fields (code, message, status, `RESULT`), strings trimmed,
   * unwrapped from `RESPONSE`. Null when KRA rejected the request or sent no payload.
   */
  data: Record<string, unknown> | null;
  /** KRA's body, untouched. */
  raw: unknown;
  /** Which envelope style the body had. */
  envelope: DetectedEnvelope;
}

/** What decides success besides the generic `…000` rule: the API's own success codes (IT exemption: `200`). */
export type NormalizeOptions = Pick<PortalApiDefinition, 'successCodes'> | { successCodes?: readonly string[] };

const CODE_KEYS = ['ResponseCode', 'responseCode', 'response_code'] as const;
const STATUS_KEYS = ['Status', 'status', 'response_status'] as const;
const MESSAGE_KEYS = ['Message', 'ResponseMsg', 'ResponseDescription', 'responseDesc', 'responseMessage', 'response_message', 'message'] as const;
const ERROR_CODE_KEYS = ['ErrorCode', 'errorCode'] as const;
const ERROR_MESSAGE_KEYS = ['ErrorMessage', 'errorMessage'] as const;
const FAILURE_STATUSES = new Set(['NOK', 'ERROR']);
/** Status values that are envelope; any other `status` (e.g. a customs declaration's `CLEARED`) is payload. */
const ENVELOPE_STATUSES = new Set(['OK', 'NOK', 'ERROR']);
/** Fields that belong to the envelope, not the payload. */
const ENVELOPE_KEYS = new Set<string>([...CODE_KEYS, ...MESSAGE_KEYS, ...ERROR_CODE_KEYS, ...ERROR_MESSAGE_KEYS, 'RequestId', 'requestId', 'RESULT']);

/**
 * Normalizes a portal response body. Error if (docs/kra/portal.md §4): it carries `ErrorCode`/`errorCode`;
 * or `Status`/`status`/`response_status` is `NOK` or `ERROR`; or the result code, trimmed,
 * neither ends in `000` nor is one of the API's own success codes. Codes are looked up at the top
 * level, under `RESPONSE` and under `RESPONSE.RESULT`. A body with none of these is a success.
 */
export function normalizePortalResponse(body: unknown, options: NormalizeOptions = {}): NormalizedPortalResponse {
  if (!isRecord(body)) {
    return { ok: false, code: null, message: null, data: null, raw: body, envelope: 'unknown' };
  }
  const response = isRecord(body.RESPONSE) ? body.RESPONSE : undefined;
  const result = response && isRecord(response.RESULT) ? response.RESULT : undefined;
  const layers = [body, response, result].filter(isRecord);

  const errorCode = firstValue(layers, ERROR_CODE_KEYS);
  if (errorCode !== undefined) {
    return {
      ok: false,
      code: asTrimmedString(errorCode),
      message: asTrimmedString(firstValue(layers, ERROR_MESSAGE_KEYS) ?? firstValue(layers, MESSAGE_KEYS)),
      data: null,
      raw: body,
      envelope: 'error',
    };
  }

  const code = asTrimmedString(firstValue(layers, CODE_KEYS));
  const status = asTrimmedString(firstValue(layers, STATUS_KEYS));
  const message = asTrimmedString(firstValue(layers, MESSAGE_KEYS));
  // TCC check and application report failures as a bare {ErrorMessage} (gc-odoo reads it as one):
  // an answer with an error text and neither a code nor a status is not a success.
  const bareErrorMessage = code === null && status === null ? firstValue(layers, ERROR_MESSAGE_KEYS) : undefined;
  if (bareErrorMessage !== undefined) {
    return { ok: false, code: null, message: asTrimmedString(bareErrorMessage), data: null, raw: body, envelope: 'error' };
  }
  const extraSuccessCodes = options.successCodes ?? [];
  const statusFailed = status !== null && FAILURE_STATUSES.has(status.toUpperCase());
  const codeFailed = code !== null && !code.endsWith('000') && !extraSuccessCodes.includes(code);
  const ok = !statusFailed && !codeFailed;

  return {
    ok,
    code,
    message,
    data: ok ? extractPayload(body, response) : null,
    raw: body,
    envelope: detectEnvelope(body, response),
  };
}

function detectEnvelope(body: Record<string, unknown>, response: Record<string, unknown> | undefined): DetectedEnvelope {
  if (response) return 'response';
  if ('ResponseCode' in body) return 'flat';
  if ('responseCode' in body) return 'camel';
  if ('response_code' in body) return 'snake';
  return 'unknown';
}

/** The payload: `RESPONSE`'s fields (plus any siblings of `RESPONSE`) or the top level, minus envelope keys. */
function extractPayload(body: Record<string, unknown>, response: Record<string, unknown> | undefined): Record<string, unknown> | null {
  const merged: Record<string, unknown> = {};
  const added = copyPayload(body, merged, response !== undefined) + (response ? copyPayload(response, merged, false) : 0);
  return added > 0 ? merged : null;
}

/** Copies the payload fields of `from` into `into` (trimmed), skipping `RESPONSE` when asked; returns how many. */
function copyPayload(from: Record<string, unknown>, into: Record<string, unknown>, skipResponse: boolean): number {
  let added = 0;
  for (const key of Object.keys(from)) {
    if (skipResponse && key === 'RESPONSE') continue;
    const value = from[key];
    if (!isPayloadField(key, value)) continue;
    into[key] = trimDeep(value);
    added++;
  }
  return added;
}

function isPayloadField(key: string, value: unknown): boolean {
  if (ENVELOPE_KEYS.has(key)) return false;
  if ((STATUS_KEYS as readonly string[]).includes(key)) {
    return !(typeof value === 'string' && ENVELOPE_STATUSES.has(value.trim().toUpperCase()));
  }
  return true;
}

/** Trims every string inside a JSON value (KRA pads some values: `" KRAKBU1456050925 "`). */
export function trimDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimDeep);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = trimDeep(value[key]);
    return out;
  }
  return value;
}

function firstValue(layers: Record<string, unknown>[], keys: readonly string[]): unknown {
  for (const layer of layers) {
    for (const key of keys) {
      const value = layer[key];
      if (value !== undefined && value !== null && value !== '') return value;
    }
  }
  return undefined;
}

function asTrimmedString(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const text = String(value).trim();
    return text === '' ? null : text;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
