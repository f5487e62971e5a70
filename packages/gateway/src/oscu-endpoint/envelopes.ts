/**
 * KRA's wire forms, as the endpoint answers them (the simulator in packages/simulator/src/oscu and
 * core/gateway-errors.ts is the reference): host A answers everything with HTTP 200 and a flat
 * `{resultCd, resultMsg, resultDt, data}`; host B wraps the same in `responseHeader`/`responseBody`
 * and answers its gateway's own refusals with HTTP 400/401; what never reaches an operation (unknown
 * path, KRA unreachable) gets the Apigee `{fault}` body KRA's gateway sends.
 */
import { randomBytes } from 'node:crypto';
import { kraTimestamp } from '../kra/time.js';
import type { OscuHost } from './paths.js';

/** KRA's `resultMsg` of each code the endpoint answers itself (docs/kra/etims-oscu.md §4). */
export const KRA_MESSAGES = {
  '000': 'It is succeeded',
  '001': 'There is no search result',
  '900': 'There is no Header information.',
  '901': 'It is not valid device.',
  '902': 'This device is installed.',
  '910': 'Request parameter error',
  '911': 'There is no request full text.',
  '991': 'An error occurred while registering.',
  '994': 'Overlapped data',
  '999': 'An unknown error occurred.',
} as const;

export type KraCode = keyof typeof KRA_MESSAGES;

/** An operation's result before a host wraps it. */
export interface OscuOutcome {
  resultCd: string;
  resultMsg: string;
  data: unknown;
  /** KRA's `resultDt`; the time of the answer unless given (answers from synced copies give the sync's cursor). */
  resultDt?: string;
}

/** What goes on the wire. */
export interface WireAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Success with `data`. */
export function succeeded(data: unknown = null): OscuOutcome {
  return { resultCd: '000', resultMsg: KRA_MESSAGES['000'], data };
}

/** A failure with KRA's message, optionally followed by a detail, as KRA words its 910s. */
export function failed(code: KraCode, detail?: string): OscuOutcome {
  const base = KRA_MESSAGES[code];
  return { resultCd: code, resultMsg: detail ? `${base.replace(/\.$/, '')}: ${detail}` : base, data: null };
}

/** A failure whose message is exactly `message` (KRA's "Invalid invcNo sequence, expected: N but found: M"). */
export function failedAs(code: KraCode, message: string): OscuOutcome {
  return { resultCd: code, resultMsg: message, data: null };
}

/** Why a request never reached its operation; each host reports these its own way. */
export interface Rejection {
  reason: 'headers' | 'body-missing' | 'body-invalid';
  detail: string;
}

/** One of KRA's two OSCU wire protocols. */
export interface OscuProtocol {
  host: OscuHost;
  answer(outcome: OscuOutcome, now: number): WireAnswer;
  reject(rejection: Rejection, now: number): WireAnswer;
}

const refId = (): string => randomBytes(12).toString('hex');

export const HOST_A_PROTOCOL: OscuProtocol = {
  host: 'A',
  answer: (o, now) => ({ status: 200, body: { resultCd: o.resultCd, resultMsg: o.resultMsg, resultDt: o.resultDt ?? kraTimestamp(now), data: o.data } }),
  reject(r, now) {
    const outcome = r.reason === 'headers' ? failed('900', r.detail) : r.reason === 'body-missing' ? failed('911') : failed('910', r.detail);
    return HOST_A_PROTOCOL.answer(outcome, now);
  },
};

export const HOST_B_PROTOCOL: OscuProtocol = {
  host: 'B',
  answer: (o, now) => ({
    status: 200,
    body: {
      responseHeader: {
        responseCode: 200,
        responseRefID: refId(),
        customerMessage: o.resultCd === '000' || o.resultCd === '001' ? 'Successful' : o.resultMsg,
        debugMessage: '',
      },
      responseBody: { resultCd: o.resultCd, resultMsg: o.resultMsg, resultDt: o.resultDt ?? kraTimestamp(now), data: o.data },
    },
  }),
  reject: (r) => ({
    status: 400,
    body: {
      responseHeader: { responseCode: 400, responseRefID: refId(), customerMessage: 'Validation failed', debugMessage: r.detail },
      responseBody: null,
    },
  }),
};

/** Host B's refusal of a missing, wrong or expired bearer token. */
export function hostBUnauthorized(): WireAnswer {
  return {
    status: 401,
    body: {
      header: { responseCode: 401, responseRefID: refId(), customerMessage: 'Unauthorised-Invalid Access Token', debugMessage: 'Invalid Access Token' },
      body: null,
    },
  };
}

function apigeeFault(status: number, faultstring: string, errorcode: string, headers?: Record<string, string>): WireAnswer {
  return { status, body: { fault: { faultstring, detail: { errorcode } } }, ...(headers ? { headers } : {}) };
}

/** No endpoint under this URL (unknown opaque id, unknown operation). */
export function notFoundFault(path: string): WireAnswer {
  return apigeeFault(404, `Unable to identify proxy for url: ${path}`, 'messaging.adaptors.http.flow.ApplicationNotFound');
}

/** KRA could not be reached for a call passed through: what KRA's gateway answers when its backend is down. */
export function kraUnreachableFault(httpStatus: number): WireAnswer {
  if (httpStatus === 504) return apigeeFault(504, 'Gateway Timeout', 'messaging.adaptors.http.flow.GatewayTimeout');
  return apigeeFault(503, 'The Service is temporarily unavailable', 'messaging.adaptors.http.flow.ServiceUnavailable', { 'retry-after': '5' });
}

/** The token URL's answers, in KRA's camelCase error shape. */
export const tokenAnswers = {
  issued: (accessToken: string, expiresInSeconds: number): WireAnswer => ({
    status: 200,
    // `expires_in` is a string, as KRA's token endpoint sends it.
    body: { access_token: accessToken, token_type: 'Bearer', expires_in: String(expiresInSeconds) },
  }),
  badGrant: (given: unknown): WireAnswer => ({
    status: 400,
    body: { requestId: refId(), errorCode: '400', errorMessage: given === undefined ? 'grant_type is required' : 'Unsupported grant type' },
  }),
  invalidClient: (): WireAnswer => ({ status: 401, body: { requestId: refId(), errorCode: '401', errorMessage: 'Client credentials are invalid' } }),
};
