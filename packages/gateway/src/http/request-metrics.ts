/**
 * The request counter and latency histogram of `/metrics`, counted in plain numbers per route name
 * and method, and turned into Prometheus series only when `/metrics` is read.
 *
 * prom-client's own Counter and Histogram check the label names and hash the label object on every
 * observation; on every request that was about 4 % of the gateway's main-thread CPU per KRA call
 * (measured side by side, BENCHMARKS.md). Here an observation is two map lookups and a few
 * additions. The series are registered in prom-client's registry, which writes the exposition text,
 * under the same names, types and labels as before.
 */
import type { Metric, Registry } from 'prom-client';

/** Upper bounds of the latency buckets, in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

interface Series {
  /** Answers per HTTP status code. */
  statuses: Map<number, number>;
  /** Observations per bucket (not cumulative); the last slot is above the largest bound. */
  buckets: number[];
  sum: number;
  count: number;
}

interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** Counts answered requests; see the module comment. */
export class RequestMetrics {
  /** route name → method → series. Route names and methods are few, fixed strings. */
  private readonly byRoute = new Map<string, Map<string, Series>>();

  constructor(
    private readonly counterName: string,
    private readonly histogramName: string,
  ) {}

  /** Counts one answer. */
  observe(route: string, method: string, status: number, seconds: number): void {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) this.byRoute.set(route, (byMethod = new Map()));
    let series = byMethod.get(method);
    if (!series) byMethod.set(method, (series = { statuses: new Map(), buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), sum: 0, count: 0 }));
    series.statuses.set(status, (series.statuses.get(status) ?? 0) + 1);
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[bucket]!) bucket++;
    series.buckets[bucket]!++;
    series.sum += seconds;
    series.count++;
  }

  /** Adds the counter and the histogram to `registry`. */
  register(registry: Registry): void {
    registry.registerMetric(
      this.metric(this.counterName, 'HTTP requests answered, by route name, method and status code', 'counter', () => this.counterSamples()),
    );
    registry.registerMetric(
      this.metric(this.histogramName, 'Time to answer HTTP requests, by route name and method', 'histogram', () => this.histogramSamples()),
    );
  }

  private *each(): Generator<[string, string, Series]> {
    for (const [route, byMethod] of this.byRoute) for (const [method, series] of byMethod) yield [route, method, series];
  }

  private counterSamples(): Sample[] {
    const samples: Sample[] = [];
    for (const [route, method, series] of this.each()) {
      for (const [status, value] of series.statuses) samples.push({ labels: { route, method, status: String(status) }, value });
    }
    return samples;
  }

  private histogramSamples(): Sample[] {
    const samples: Sample[] = [];
    for (const [route, method, series] of this.each()) {
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((le, i) => {
        cumulative += series.buckets[i]!;
        samples.push({ labels: { le, route, method }, value: cumulative, metricName: `${this.histogramName}_bucket` });
      });
      samples.push({ labels: { le: '+Inf', route, method }, value: series.count, metricName: `${this.histogramName}_bucket` });
      samples.push({ labels: { route, method }, value: series.sum, metricName: `${this.histogramName}_sum` });
      samples.push({ labels: { route, method }, value: series.count, metricName: `${this.histogramName}_count` });
    }
    return samples;
  }

  /**
   * What prom-client's registry reads of a metric: its name, help and type, and `get()` for the
   * samples (the same shape its own metrics return). Typed loosely because prom-client declares
   * `registerMetric` for its own classes only.
   */
  private metric(name: string, help: string, type: 'counter' | 'histogram', samples: () => Sample[]): Metric {
    const get = () => Promise.resolve({ name, help, type, aggregator: 'sum' as const, values: samples() });
    return { name, help, type, aggregator: 'sum', get, reset: () => this.byRoute.clear() } as unknown as Metric;
  }
}
