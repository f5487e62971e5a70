/**
 * Errors that happen below Fastify's request handling — a malformed request line or header, headers
 * over the size limit, a request that does not arrive in time, too many connections — answered with
 * the same envelope and request id as every other error, written straight to the socket because
 * there is no request object to answer through.
 */
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorCode } from '../errors.js';
import { sendError } from './error-handler.js';

/** A complete HTTP/1.1 error response carrying our envelope, ready to write to a socket. */
export function errorEnvelopeResponse(status: number, code: ErrorCode, message: string): string {
  const requestId = 'req_' + randomBytes(12).toString('base64url');
  const body = JSON.stringify({ success: false, message, error: code, request_id: requestId });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

/** What a client error from Node's HTTP parser means for the caller. */
function describeClientError(err: NodeJS.ErrnoException): { status: number; code: ErrorCode; message: string } {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', message: 'The request did not arrive in time.' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'headers_too_large', message: 'The request headers are too large.' };
    case 'HPE_URI_TOO_LONG':
      return { status: 414, code: 'uri_too_long', message: 'The request URL is too long.' };
    default:
      return { status: 400, code: 'bad_request', message: 'The request is not valid HTTP (a malformed request line or header).' };
  }
}

/** Fastify `clientErrorHandler`: our envelope instead of Fastify's default body. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = describeClientError(err);
  if (socket.writable) socket.write(errorEnvelopeResponse(status, code, message));
  socket.destroy(err);
}

/** Fastify `frameworkErrors`: a bad URL or an over-long path parameter, through the one error sender. */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  reply.header('X-Request-Id', req.id);
  const apiError =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError('uri_too_long', 'A path parameter of the URL is too long.')
      : err.code === 'FST_ERR_BAD_URL'
        ? new ApiError('bad_request', 'The URL is not valid (a malformed percent-encoding).')
        : new ApiError('internal_error', 'Internal server error.');
  sendError(reply, apiError, req.id);
}
