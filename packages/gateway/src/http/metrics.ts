/**
 * Prometheus metrics at `/metrics`: request counts and latencies per route name (never per URL, so
 * ids in paths cannot blow up cardinality) plus Node's process metrics. No tenant data is exposed.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's metrics, in a registry of its own (one per app, so tests can build many apps). */
export interface GatewayMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ushuru_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'ushuru_http_requests_total',
      help: 'HTTP requests answered, by route name, method and status code',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'ushuru_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route name and method',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}

/** Observes every answered request and serves `/metrics`. */
export function instrument(app: FastifyInstance, metrics: GatewayMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.config?.routeName ?? (req.routeOptions.url ? req.routeOptions.url : 'unmatched');
    metrics.httpRequests.inc({ route, method: req.method, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route, method: req.method }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
