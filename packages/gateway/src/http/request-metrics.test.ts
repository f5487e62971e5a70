/**
 * The request counter and histogram, counted in plain numbers, read at /metrics exactly as
 * prom-client's own Counter and Histogram read for the same observations.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS, RequestMetrics } from './request-metrics.js';

const OBSERVATIONS: Array<[string, string, number, number]> = [
  ['api.kra.checkers.pin', 'POST', 200, 0.0031],
  ['api.kra.checkers.pin', 'POST', 200, 0.005],
  ['api.kra.checkers.pin', 'POST', 422, 0.27],
  ['api.kra.apps.index', 'GET', 200, 0.0009],
  ['api.kra.apps.index', 'GET', 401, 12],
  ['api.kra.apps.index', 'POST', 201, 45],
  ['unmatched', 'GET', 404, 0.01],
];

function promClientText(): Promise<string> {
  const registry = new Registry();
  const counter = new Counter({
    name: 'x_requests_total',
    help: 'HTTP requests answered, by route name, method and status code',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const histogram = new Histogram({
    name: 'x_duration_seconds',
    help: 'Time to answer HTTP requests, by route name and method',
    labelNames: ['route', 'method'],
    buckets: [...LATENCY_BUCKETS],
    registers: [registry],
  });
  for (const [route, method, status, seconds] of OBSERVATIONS) {
    counter.inc({ route, method, status: String(status) });
    histogram.observe({ route, method }, seconds);
  }
  return registry.metrics();
}

describe('request metrics', () => {
  it('reads exactly as prom-client’s Counter and Histogram for the same observations', async () => {
    const registry = new Registry();
    const metrics = new RequestMetrics('x_requests_total', 'x_duration_seconds');
    metrics.register(registry);
    for (const [route, method, status, seconds] of OBSERVATIONS) metrics.observe(route, method, status, seconds);
    const ours = await registry.metrics();
    expect(ours).toBe(await promClientText());
    expect(ours).toContain('x_requests_total{route="api.kra.checkers.pin",method="POST",status="200"} 2');
    expect(ours).toContain('x_duration_seconds_bucket{le="0.005",route="api.kra.checkers.pin",method="POST"} 2');
    expect(ours).toContain('x_duration_seconds_bucket{le="+Inf",route="api.kra.apps.index",method="POST"} 1');
  });

  it('starts again from nothing when the registry is reset', async () => {
    const registry = new Registry();
    const metrics = new RequestMetrics('x_requests_total', 'x_duration_seconds');
    metrics.register(registry);
    metrics.observe('r', 'GET', 200, 0.001);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('route="r"');
  });
});
