/**
 * The gateway's HTTP server with deadlines on what clients send and a cap on connections per
 * address, so that slow or greedy clients cannot hold the server: a body trickled one byte every
 * ten seconds is cut at the request deadline, and one address cannot open thousands of sockets.
 *
 * The deadlines cover receiving a request (headers, then the whole body), never the time we take
 * to answer it: a KRA call may take up to USHURU_KRA_TIMEOUT_MS after the request has arrived.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorEnvelopeResponse } from './raw-errors.js';

/** The limits, from configuration. */
export interface ConnectionLimits {
  /** Whole request (headers and body) must arrive within this (ms). */
  requestTimeoutMs: number;
  /** Headers must arrive within this (ms); at most `requestTimeoutMs`. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** Open connections per remote address; 0 = no cap (e.g. behind a proxy that is the only client). */
  maxConnectionsPerIp: number;
}

/**
 * A Fastify `serverFactory`: a node:http server with the limits above. Node checks the deadlines
 * every `connectionsCheckingInterval`; at its default of 30 s a 1 s deadline would fire up to 31 s
 * late, so the interval follows the shortest deadline.
 */
export function limitedServerFactory(limits: ConnectionLimits) {
  return (handler: RequestListener<typeof IncomingMessage, typeof ServerResponse>): Server => {
    const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
    const server = createServer(
      {
        requestTimeout: limits.requestTimeoutMs,
        headersTimeout,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
      },
      handler,
    );
    if (limits.maxConnectionsPerIp > 0) capConnectionsPerAddress(server, limits.maxConnectionsPerIp);
    return server;
  };
}

function capConnectionsPerAddress(server: Server, cap: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > cap) {
      // Answered before the request is read: the client learns why instead of seeing a reset.
      socket.end(errorEnvelopeResponse(429, 'rate_limited', `Too many open connections from your address (at most ${cap}).`), () => socket.destroy());
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
