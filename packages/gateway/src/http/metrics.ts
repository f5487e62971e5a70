/**
 * Prometheus metrics at `/metrics`: request counts and latencies per route name (never per URL, so
 * ids in paths cannot blow up cardinality) plus Node's process metrics. No tenant data is exposed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { RequestMetrics } from './request-metrics.js';

/** The gateway's metrics, in a registry of its own (one per app, so tests can build many apps). */
export interface GatewayMetrics {
  registry: Registry;
  /** `ushuru_http_requests_total` and `ushuru_http_request_duration_seconds`. */
  requests: RequestMetrics;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ushuru_' });
  const requests = new RequestMetrics('ushuru_http_requests_total', 'ushuru_http_request_duration_seconds');
  requests.register(registry);
  return { registry, requests };
}

/**
 * Observes every answered request and serves `/metrics` to holders of the metrics token only: the
 * counts span every tenant, so no tenant's API token opens them, and without a configured token
 * the endpoint is closed.
 */
export function instrument(app: FastifyInstance, metrics: GatewayMetrics, metricsToken: string | undefined): void {
  // Callback form: an async hook costs a promise and a microtask turn on every request.
  app.addHook('onResponse', (req, reply, done) => {
    const options = req.routeOptions;
    const route = options.config?.routeName ?? (options.url ? options.url : 'unmatched');
    metrics.requests.observe(route, req.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!metricsToken) throw new ApiError('not_found', 'Metrics are off: set USHURU_METRICS_TOKEN to serve them.');
    if (!bearerMatches(req.headers.authorization, metricsToken)) {
      throw new ApiError('unauthenticated', 'Send the metrics token (USHURU_METRICS_TOKEN) as Authorization: Bearer ….');
    }
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

/** Constant-time comparison of a bearer header with the expected token (hashed, so lengths never leak). */
function bearerMatches(header: string | undefined, expected: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!presented) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
