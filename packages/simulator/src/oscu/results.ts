/**
 * eTIMS result codes (docs/kra/etims-oscu.md §4.18) with the messages KRA sends. Client-side codes (891–899) are
 * listed because clients map them, but the simulator itself only answers server-side codes.
 */

/** Result code → KRA's `resultMsg`. */
export const RESULT_MESSAGES = {
  '000': 'It is succeeded',
  '001': 'There is no search result',
  '891': 'An error occurred while Request URL creation.',
  '892': 'An error occurred while Request Header data creation.',
  '893': 'An error occurred while Request Body data creation.',
  '894': 'Server communication error occurred.',
  '895': 'Unallowed Request Method.',
  '896': 'Request Status Error.',
  '899': 'Client Error.',
  '900': 'There is no Header information.',
  '901': 'It is not valid device.',
  '902': 'This device is installed.',
  '903': 'Only OSCU device can be verified.',
  '910': 'Request parameter error',
  '911': 'There is no request full text.',
  '912': 'Request Method error.',
  '921': 'Sales data that has been declared cannot be received.',
  '922': 'Sales invoice data can be received after receiving the sales data.',
  '990': 'Maximum number of views exceeded.',
  '991': 'An error occurred while registering.',
  '992': 'An error occurred while modifying.',
  '993': 'An error occurred while deleting.',
  '994': 'Overlapped data',
  '995': 'There is no downloaded file.',
  '999': 'An unknown error occurred.',
} as const;

/** A result code the simulator knows. */
export type ResultCode = keyof typeof RESULT_MESSAGES;

/** What an operation produces, before a host wraps it in its envelope. */
export interface OpResult {
  resultCd: ResultCode;
  resultMsg: string;
  data: unknown;
}

/** Success with `data` (`null` for saves). */
export function ok(data: unknown = null): OpResult {
  return { resultCd: '000', resultMsg: RESULT_MESSAGES['000'], data };
}

/** Lists with nothing newer than the cursor: `001` is "empty", not an error. */
export function noResult(): OpResult {
  return { resultCd: '001', resultMsg: RESULT_MESSAGES['001'], data: null };
}

/** A failure with the standard message, optionally followed by a detail (e.g. the field at fault). */
export function fail(code: ResultCode, detail?: string): OpResult {
  const base = RESULT_MESSAGES[code];
  return { resultCd: code, resultMsg: detail ? `${base.replace(/\.$/, '')}: ${detail}` : base, data: null };
}

/**
 * A failure whose `resultMsg` is exactly `message`, for refusals KRA words itself (the 2026 sandbox's
 * "Invalid invcNo sequence, expected: N but found: M"): clients parse those, so no prefix is added.
 */
export function failAs(code: ResultCode, message: string): OpResult {
  return { resultCd: code, resultMsg: message, data: null };
}

/** `910` naming the offending field, so integrators can fix the payload. */
export function paramError(detail: string): OpResult {
  return fail('910', detail);
}
