/**
 * Bodies KRA's API gateway (Apigee, in front of both the portal APIs and the GavaConnect OSCU host)
 * produces when the call never reaches a backend: unknown path, overload, outage, timeout. They use
 * Apigee's `{"fault":{...}}` shape, unlike every KRA business envelope, which is exactly why clients
 * must not assume a KRA body on 4xx/5xx.
 */
import { formatOscuTimestamp } from './clock.js';
import type { SimResponse } from './types.js';

/** The route id of the OAuth token endpoint, whose credential errors have their own camelCase shape. */
export const TOKEN_ROUTE_ID = 'portal.token';

function apigeeFault(status: number, faultstring: string, errorcode: string, headers?: Record<string, string>): SimResponse {
  return { status, headers, body: { fault: { faultstring, detail: { errorcode } } } };
}

/** No proxy serves this path. */
export function notFoundResponse(method: string, path: string): SimResponse {
  return apigeeFault(404, `Unable to identify proxy for host: sim and url: ${path}`, 'messaging.adaptors.http.flow.ApplicationNotFound', {
    'x-sim-method': method,
  });
}

/** The path exists for other methods only. */
export function methodNotAllowedResponse(allowed: string[]): SimResponse {
  return apigeeFault(405, 'Method Not Allowed', 'messaging.adaptors.http.flow.MethodNotAllowed', { allow: allowed.join(', ') });
}

/** Injected HTTP 500. */
export function internalErrorResponse(): SimResponse {
  return apigeeFault(500, 'Internal Server Error', 'messaging.adaptors.http.flow.InternalServerError');
}

/** Injected HTTP 503 / outage. */
export function unavailableResponse(): SimResponse {
  return apigeeFault(503, 'The Service is temporarily unavailable', 'messaging.adaptors.http.flow.ServiceUnavailable', { 'retry-after': '5' });
}

/** What a hung call finally gets when `hangMs` is set: the gateway gives up on the backend. */
export function gatewayTimeoutResponse(): SimResponse {
  return apigeeFault(504, 'Gateway Timeout', 'messaging.adaptors.http.flow.GatewayTimeout');
}

/** Injected HTTP 429 (spike arrest / quota). */
export function tooManyRequestsResponse(retryAfterSeconds: number): SimResponse {
  return apigeeFault(429, 'Spike arrest violation. Allowed rate : 200pm', 'policies.ratelimit.SpikeArrestViolation', {
    'retry-after': String(retryAfterSeconds),
  });
}

/** OSCU's own "too many requests" answer: HTTP 200 with `resultCd 990`. */
export function oscuRateLimitedResponse(now: number): SimResponse {
  return {
    status: 200,
    body: {
      resultCd: '990',
      resultMsg: 'The number of requests exceeded the allowed limit. Please try again later.',
      resultDt: formatOscuTimestamp(now),
      data: null,
    },
  };
}

/** Injected credential failure: camelCase on the token endpoint, PascalCase style-5 elsewhere. */
export function invalidCredentialsResponse(routeId: string, requestId: string): SimResponse {
  if (routeId === TOKEN_ROUTE_ID) {
    return { status: 401, body: { requestId, errorCode: '401', errorMessage: 'Client credentials are invalid' } };
  }
  return { status: 401, body: { RequestId: requestId, ErrorCode: '401', ErrorMessage: 'Invalid Access Token' } };
}
