/**
 * The one error handler. Every failure leaves as `{success:false, message, error, request_id, …}`;
 * unexpected errors are logged with their stack and answered with a generic 500 that reveals nothing.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, type FieldErrors } from '../errors.js';

/** Converts anything thrown into an ApiError. `input` is what was validated (body, query, …). */
export function toApiError(err: unknown, input?: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors: FieldErrors = {};
    for (const issue of err.validation) {
      const segments = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean);
      const path = segments.join('.') || fieldFromParams(issue.params);
      const detail = { code: issue.keyword, ...(issue.params as Record<string, unknown>) };
      (errors[path] ??= []).push(readableMessage(detail, issue.message, segments.length > 0 && valueAt(input, segments) === undefined));
    }
    const first = Object.entries(errors)[0];
    const message = first ? `${first[0]}: ${first[1][0]}` : 'The given data was invalid.';
    return new ApiError('validation_error', message, { errors });
  }
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

/** The value at `segments` inside `input`, or undefined. */
function valueAt(input: unknown, segments: string[]): unknown {
  let v = input;
  for (const key of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * One wording for every field error: a missing field "is required" (whatever the schema's own
 * message), and zod's generic texts ("Invalid input: expected string, received number") become
 * "must be a string"; messages written for a field are kept.
 */
function readableMessage(issue: { code?: string; expected?: unknown; values?: unknown }, message: string | undefined, missing: boolean): string {
  if (missing) return 'is required';
  if (!message || !message.startsWith('Invalid')) return message ?? 'is invalid';
  if (issue.code === 'invalid_type' && typeof issue.expected === 'string') return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
  if (issue.code === 'invalid_value' && Array.isArray(issue.values)) return `must be one of ${issue.values.map(String).join(', ')}`;
  const discriminator = /^Invalid discriminator value\. Expected (.+)$/.exec(message);
  if (discriminator) return `must be one of ${discriminator[1]!.replace(/'/g, '').split(/\s*\|\s*/).join(', ')}`;
  return message;
}

function fieldFromParams(params: unknown): string {
  const p = params as { issue?: { path?: unknown[] } } | undefined;
  const path = p?.issue?.path;
  return Array.isArray(path) && path.length > 0 ? path.join('.') : 'body';
}

/** Fastify error handler: logs unexpected errors, sends the error envelope. */
export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const context = (err as { validationContext?: string }).validationContext;
  const input = context ? (req as unknown as Record<string, unknown>)[context === 'querystring' ? 'query' : context] : undefined;
  const apiError = toApiError(err, input);
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
