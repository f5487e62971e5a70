/**
 * KRA's five response envelope styles (docs/kra/portal.md §4). Each API answers in its own style;
 * these helpers keep the exact key spellings in one place.
 */
import type { SimResponse } from '../core/types.js';

/** Style 5: gateway / validation error `{RequestId, ErrorCode, ErrorMessage}`, HTTP 200 unless told. */
export function styleFiveError(requestId: string, code: string, message: string, status = 200): SimResponse {
  return { status, body: { RequestId: requestId, ErrorCode: code, ErrorMessage: message } };
}

/** Style 1: flat PascalCase `{ResponseCode, Message, Status, ...data}`. */
export function flatResponse(code: string, message: string, ok: boolean, data: Record<string, unknown> = {}): SimResponse {
  return { body: { ResponseCode: code, Message: message, Status: ok ? 'OK' : 'NOK', ...data } };
}

/** Style 2: `{"RESPONSE":{ResponseCode, Message, Status, ...data}}`. */
export function wrappedResponse(code: string, message: string, ok: boolean, data: Record<string, unknown> = {}): SimResponse {
  return { body: { RESPONSE: { ResponseCode: code, Message: message, Status: ok ? 'OK' : 'NOK', ...data } } };
}

/** The bearer-token failure on a business call. KRA's shape is unknown ([U]); we answer style 5 with HTTP 401. */
export function invalidAccessToken(requestId: string): SimResponse {
  return styleFiveError(requestId, '401', 'Invalid Access Token', 401);
}

/** A body that is not JSON at all: the gateway refuses it before any backend sees it. */
export function malformedJson(requestId: string): SimResponse {
  return styleFiveError(requestId, '400', 'Malformed JSON request body', 400);
}
