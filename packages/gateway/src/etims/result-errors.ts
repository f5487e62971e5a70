/**
 * OSCU result codes → the gateway's errors, as the spec recommends (§4): 001 is an empty success,
 * 894/896/990/991–993 are transient KRA faults (502), 994 is a duplicate (409), 900–903 are device
 * problems and 910–912 request errors (422, KRA refused the content). KRA's answer is always
 * attached as `kra_response` so callers see exactly what KRA said.
 */
import type { OscuResult } from '@ushuru/kra';
import { ApiError } from '../errors.js';

/** The four fields of KRA's answer that callers may see. */
export function kraAnswer(res: Pick<OscuResult, 'resultCd' | 'resultMsg' | 'resultDt' | 'data'>) {
  return { resultCd: res.resultCd, resultMsg: res.resultMsg, resultDt: res.resultDt, data: res.data };
}

/** Advice per device code, so a 900–903 tells the operator what to do next. */
const DEVICE_ADVICE: Record<string, string> = {
  '900': 'KRA received no tin/bhfId/cmcKey headers: initialize the device (POST /api/etims/device/initialize) or store its cmcKey.',
  '901': 'KRA does not recognise this device: the serial is not approved for this PIN and branch, or the stored cmcKey is wrong.',
  '902': 'The device is already initialized on KRA.',
  '903': 'KRA can only verify OSCU devices on this endpoint; this serial belongs to a VSCU.',
};

/** The ApiError for a KRA answer that is not 000/001. */
export function resultToApiError(res: OscuResult, operation: string): ApiError {
  const kra_response = kraAnswer(res);
  const base = `KRA refused ${operation}: ${res.resultMsg} (resultCd ${res.resultCd}).`;
  switch (res.category) {
    case 'transient':
      return new ApiError('kra_unavailable', `KRA could not process ${operation} right now: ${res.resultMsg} (resultCd ${res.resultCd}). Try again later.`, {
        kra_response,
        retryable: true,
      });
    case 'duplicate':
      return new ApiError('conflict', `${base} KRA already holds this record (duplicate).`, { kra_response });
    case 'device':
      return new ApiError('kra_error', `${base} ${DEVICE_ADVICE[res.resultCd] ?? ''}`.trim(), { kra_response });
    default:
      return new ApiError('kra_error', base, { kra_response });
  }
}
