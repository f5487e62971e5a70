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
  return new ApiError('internal_error', 'Internal server error.');
}


/** Fastify error handler: logs unexpected errors, sends the error envelope. */
export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const apiError = toApiError(err);
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
