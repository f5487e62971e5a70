/**
 * The one error handler. Every failure leaves as `{success:false, message, error, request_id, …}`;
 * unexpected errors are logged with their stack and answered with a generic 500 that reveals nothing.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { issuesToValidationError, RequestValidationError } from './field-errors.js';

/** Converts anything thrown into an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof RequestValidationError) return issuesToValidationError(err.issues);
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('validation_error', 'The request body is not valid JSON.', { errors: { body: ['is not valid JSON'] } });
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) {
    return new ApiError('validation_error', 'The request body is not valid JSON.', { errors: { body: ['is not valid JSON'] } });
  }
  // Any other refusal of Fastify's own (a Content-Length that does not match the body, …) is the
  // caller's error, answered in our words: Fastify's message may name internals.
  if (typeof fe.code === 'string' && fe.code.startsWith('FST_') && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return fastifyClientError(fe.code, fe.statusCode);
  }
  return new ApiError('internal_error', 'Internal server error.');
}

/** A 4xx of Fastify's as one of our errors, keeping its status. */
function fastifyClientError(code: string, status: number): ApiError {
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return new ApiError('bad_request', 'The request body does not match its Content-Length header.');
  switch (status) {
    case 404:
      return new ApiError('not_found', 'Not found.');
    case 408:
      return new ApiError('request_timeout', 'The request did not arrive in time.');
    case 413:
      return new ApiError('payload_too_large', 'The request body is too large.');
    case 414:
      return new ApiError('uri_too_long', 'The request URL is too long.');
    case 415:
      return new ApiError('unsupported_media_type', 'Send the body as application/json.');
    case 431:
      return new ApiError('headers_too_large', 'The request headers are too large.');
    default:
      return new ApiError('bad_request', 'The request could not be read.', {}, status);
  }
}

/** Fastify error handler: logs unexpected errors, sends the error envelope. */
export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  let apiError: ApiError;
  try {
    apiError = toApiError(err);
  } catch (conversionError) {
    // Never let Fastify's default handler answer (outside our envelope, with the error's message).
    req.log.error({ err, conversionError }, 'error while describing an error');
    apiError = new ApiError('internal_error', 'Internal server error.');
  }
  if (apiError.code === 'internal_error') req.log.error({ err }, 'unhandled error');
  else req.log.info({ error: apiError.code, status: apiError.status }, apiError.message);
  return sendError(reply, apiError, req.id);
}

/** Sends an ApiError as the error envelope. */
export function sendError(reply: FastifyReply, error: ApiError, requestId: string): FastifyReply {
  for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
  return reply.code(error.status).send({
    success: false,
    message: error.message,
    error: error.code,
    request_id: requestId,
    ...error.details,
  });
}
