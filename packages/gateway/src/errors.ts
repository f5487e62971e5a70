/**
 * The gateway's one error type. Everything that ends a request with an error throws an ApiError
 * (or is converted into one by the error handler), so every error body has the same envelope:
 * `{success: false, message, error: <code>, request_id, ...details}`.
 */

/** Stable machine-readable error codes of the public API, with their HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  insufficient_scope: 403,
  not_found: 404,
  conflict: 409,
  idempotency_key_reused: 409,
  request_timeout: 408,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  headers_too_large: 431,
  validation_error: 422,
  kra_error: 422,
  kra_auth_failed: 503,
  rate_limited: 429,
  internal_error: 500,
  kra_unavailable: 502,
  kra_timeout: 504,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error with a public message, a code and optional extra body fields (never secrets). */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra top-level fields of the error body, e.g. `errors`, `required_route`, `kra_response`. */
    readonly details: Record<string, unknown> = {},
    status?: number,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status ?? ERROR_STATUS[code];
  }
}

/** Field errors in the `errors: {"field.path": ["…"]}` form of a 422. */
export type FieldErrors = Record<string, string[]>;

/** A 422 naming each bad field; `extra` adds body fields such as `error_count`. */
export function validationError(errors: FieldErrors, message = 'The given data was invalid.', extra: Record<string, unknown> = {}): ApiError {
  return new ApiError('validation_error', message, { errors, ...extra });
}

/** A 404 for anything missing or belonging to another tenant (never 403: that would confirm it exists). */
export function notFound(what: string): ApiError {
  return new ApiError('not_found', `${what} not found.`);
}
