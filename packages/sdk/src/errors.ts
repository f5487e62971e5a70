/**
 * One error class per error code of the gateway (its `error` field), all subclasses of UshuruError,
 * so callers can `catch (e) { if (e instanceof ValidationError) … }`. Network failures and the
 * client's own timeout are UshuruConnectionError and UshuruTimeoutError.
 */

/** An error answer of the gateway: `{success: false, error, message, request_id, errors?, …}`. */
export interface ErrorBody {
  success: false;
  error: string;
  message: string;
  request_id?: string;
  /** Field errors of a 422: field path → messages. */
  errors?: Record<string, string[]>;
  /** The rule a 422 or 409 broke (e.g. `credit_note_window`, `insufficient_stock`). */
  rule?: string;
  /** KRA's own answer, when KRA refused or failed. */
  kra_response?: unknown;
  [key: string]: unknown;
}

export class UshuruError extends Error {
  override name = 'UshuruError';
  /** HTTP status (0 when no answer arrived). */
  readonly status: number;
  /** The gateway's error code (`validation_error`, `not_found`, …). */
  readonly code: string;
  /** The request's id (`X-Request-Id`): quote it when asking for help. */
  readonly requestId: string | undefined;
  readonly fieldErrors: Record<string, string[]>;
  readonly rule: string | undefined;
  readonly kraResponse: unknown;
  /** The whole error body, for fields this class does not name. */
  readonly body: ErrorBody | undefined;
  /** Seconds the gateway asked to wait (`Retry-After`), when it did. */
  readonly retryAfter: number | undefined;

  constructor(
    message: string,
    init: { status: number; code: string; requestId?: string | undefined; body?: ErrorBody | undefined; retryAfter?: number | undefined },
  ) {
    super(message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.body = init.body;
    this.fieldErrors = init.body?.errors ?? {};
    this.rule = init.body?.rule;
    this.kraResponse = init.body?.kra_response;
    this.retryAfter = init.retryAfter;
  }
}

export class BadRequestError extends UshuruError {
  override name = 'BadRequestError';
}
export class AuthenticationError extends UshuruError {
  override name = 'AuthenticationError';
}
export class InsufficientScopeError extends UshuruError {
  override name = 'InsufficientScopeError';
}
export class NotFoundError extends UshuruError {
  override name = 'NotFoundError';
}
export class ConflictError extends UshuruError {
  override name = 'ConflictError';
}
export class IdempotencyKeyReusedError extends UshuruError {
  override name = 'IdempotencyKeyReusedError';
}
export class RequestTimeoutError extends UshuruError {
  override name = 'RequestTimeoutError';
}
export class PayloadTooLargeError extends UshuruError {
  override name = 'PayloadTooLargeError';
}
export class UriTooLongError extends UshuruError {
  override name = 'UriTooLongError';
}
export class UnsupportedMediaTypeError extends UshuruError {
  override name = 'UnsupportedMediaTypeError';
}
export class HeadersTooLargeError extends UshuruError {
  override name = 'HeadersTooLargeError';
}
export class ValidationError extends UshuruError {
  override name = 'ValidationError';
}
/** KRA refused the request (its answer is in `kraResponse`). */
export class KraError extends UshuruError {
  override name = 'KraError';
}
export class KraAuthFailedError extends UshuruError {
  override name = 'KraAuthFailedError';
}
export class RateLimitedError extends UshuruError {
  override name = 'RateLimitedError';
}
export class InternalError extends UshuruError {
  override name = 'InternalError';
}
export class KraUnavailableError extends UshuruError {
  override name = 'KraUnavailableError';
}
export class KraTimeoutError extends UshuruError {
  override name = 'KraTimeoutError';
}
export class ServiceUnavailableError extends UshuruError {
  override name = 'ServiceUnavailableError';
}
/** No answer: the gateway could not be reached, or the connection broke. */
export class UshuruConnectionError extends UshuruError {
  override name = 'UshuruConnectionError';
}
/** No answer within the client's `timeoutMs`. */
export class UshuruTimeoutError extends UshuruError {
  override name = 'UshuruTimeoutError';
}

type ErrorClass = new (message: string, init: ConstructorParameters<typeof UshuruError>[1]) => UshuruError;

/** The class of each error code the gateway answers. */
export const ERROR_CLASSES: Readonly<Record<string, ErrorClass>> = {
  bad_request: BadRequestError,
  unauthenticated: AuthenticationError,
  insufficient_scope: InsufficientScopeError,
  not_found: NotFoundError,
  conflict: ConflictError,
  idempotency_key_reused: IdempotencyKeyReusedError,
  request_timeout: RequestTimeoutError,
  payload_too_large: PayloadTooLargeError,
  uri_too_long: UriTooLongError,
  unsupported_media_type: UnsupportedMediaTypeError,
  headers_too_large: HeadersTooLargeError,
  validation_error: ValidationError,
  kra_error: KraError,
  kra_auth_failed: KraAuthFailedError,
  rate_limited: RateLimitedError,
  internal_error: InternalError,
  kra_unavailable: KraUnavailableError,
  kra_timeout: KraTimeoutError,
  service_unavailable: ServiceUnavailableError,
};

/** The error of an answer: its code's class, or UshuruError for a code this version does not know. */
export function errorFromResponse(status: number, body: unknown, requestId: string | undefined, retryAfter: number | undefined): UshuruError {
  const b = body !== null && typeof body === 'object' && 'error' in body ? (body as ErrorBody) : undefined;
  const code = b?.error ?? `http_${status}`;
  const Class = ERROR_CLASSES[code] ?? UshuruError;
  const fields = Object.entries(b?.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join('; ')}`);
  const message = [b?.message ?? `HTTP ${status}`, ...fields].join('\n  ');
  return new Class(message, { status, code, requestId: b?.request_id ?? requestId, body: b, retryAfter });
}
