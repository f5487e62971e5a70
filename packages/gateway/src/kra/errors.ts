/**
 * Maps failures of KRA calls onto the gateway's one error type, so every route answers KRA faults
 * alike: 502 unreachable/5xx, 504 timeout, 503 token failure, 422 definite rejection or a setting
 * that would send the call outside KRA's API.
 */
import { isKraCallError } from '@ushuru/kra';
import { ApiError, validationError } from '../errors.js';

/** Converts a thrown KraCallError into an ApiError; anything else is rethrown untouched. */
export function kraFailureToApiError(err: unknown): ApiError {
  if (!isKraCallError(err)) throw err;
  switch (err.kind) {
    case 'timeout':
      return new ApiError('kra_timeout', `KRA did not answer in time: ${err.message}`);
    case 'auth_failed':
      return new ApiError('kra_auth_failed', 'Failed to generate access token. Please verify your consumer key and secret.', {
        ...(err.kraResponse ? { kra_response: err.kraResponse } : {}),
      });
    case 'rejected':
      return new ApiError('kra_error', `KRA API error: ${err.kraResponse?.errorMessage ?? err.message}`, {
        kra_response: err.kraResponse ?? { errorCode: String(err.httpStatus ?? ''), errorMessage: err.message },
      });
    case 'unavailable':
    case 'protocol':
      return new ApiError('kra_unavailable', `KRA is unavailable: ${err.message}`);
    case 'config': {
      // Nothing was sent: the app's settings would not make a KRA API call. Name the setting to fix.
      const setting = err.setting ?? 'paths';
      const problem = err.message.startsWith(`${setting}: `) ? err.message.slice(setting.length + 2) : err.message;
      return validationError({ [`settings.${setting}`]: [problem] }, `settings.${setting}: ${problem} (fix it with PATCH /api/kra/apps/{id})`);
    }
  }
}
