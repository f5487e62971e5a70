/**
 * The two hosts' wire forms around one `OpResult`. Host A answers everything with HTTP 200 and a
 * flat envelope; host B (GavaConnect/Apigee) wraps it in `responseHeader`/`responseBody` and
 * answers its own gateway failures with HTTP 400/401 (docs/kra/etims-oscu.md §1).
 */
import type { SimResponse } from '../core/types.js';
import type { Rejection } from './dispatch.js';
import { fail, type OpResult } from './results.js';
import { formatCompact } from './time.js';

/** Host A: `{resultCd, resultMsg, resultDt, data}` with HTTP 200, even for errors. */
export function hostAResponse(result: OpResult, now: number): SimResponse {
  return { status: 200, body: { resultCd: result.resultCd, resultMsg: result.resultMsg, resultDt: formatCompact(now), data: result.data } };
}

/** Host A's result code for a request that never reached the operation. */
export function hostARejection(rejection: Rejection): OpResult {
  switch (rejection.reason) {
    case 'headers':
      return fail('900', rejection.detail);
    case 'body-missing':
      return fail('911');
    case 'body-invalid':
      return fail('910', rejection.detail);
  }
}

/** Host B success (and business errors, which the gateway passes through with HTTP 200). */
export function hostBResponse(result: OpResult, now: number, refId: string): SimResponse {
  return {
    status: 200,
    body: {
      responseHeader: {
        responseCode: 200,
        responseRefID: refId,
        customerMessage: result.resultCd === '000' || result.resultCd === '001' ? 'Successful' : result.resultMsg,
        debugMessage: '',
      },
      responseBody: { resultCd: result.resultCd, resultMsg: result.resultMsg, resultDt: formatCompact(now), data: result.data },
    },
  };
}

/** Host B gateway validation failure: HTTP 400, `responseBody: null` (s2b's capture). */
export function hostBValidationError(debugMessage: string, refId: string): SimResponse {
  return {
    status: 400,
    body: {
      responseHeader: { responseCode: 400, responseRefID: refId, customerMessage: 'Validation failed', debugMessage },
      responseBody: null,
    },
  };
}

/** Host B bearer-token failure: HTTP 401 in the flatter `header`/`body` form royce recorded. */
export function hostBUnauthorized(refId: string): SimResponse {
  return {
    status: 401,
    body: {
      header: {
        responseCode: 401,
        responseRefID: refId,
        customerMessage: 'Unauthorised-Invalid Access Token',
        debugMessage: 'Invalid Access Token',
      },
      body: null,
    },
  };
}
