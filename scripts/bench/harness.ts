/**
 * What every benchmark shares: servers as child processes on 127.0.0.1 (compiled, started with node,
 * as production runs them), their CPU and memory read from /proc (so the load generator's own work
 * is not counted), a closed-loop load (N connections, each sending as soon as the last answer came)
 * and an open-loop load (requests at a fixed rate whatever the answers do; each latency counted from
 * when its request was due, so a stall shows in the percentiles instead of slowing the generator).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';
import { ensureBuilt } from '../ensure-built.mjs';

export const root = new URL('../..', import.meta.url).pathname;
const CLK_TCK = 100;

/** CPU seconds (user+system) and RSS bytes of a process, from /proc. */
export function procUsage(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLK_TCK, rssBytes: Number(fields[21]) * 4096 };
}

export interface Child {
  child: ChildProcess;
  match: RegExpMatchArray;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Extra flags for every server started: `USHURU_BENCH_CPU_PROF=dir` profiles each one (`--cpu-prof`),
 * `USHURU_BENCH_NODE_FLAGS` adds any Node or V8 flags (`--trace-gc`, `--log-maps --logfile=…`).
 */
function nodeFlags(): string[] {
  const profile = process.env.USHURU_BENCH_CPU_PROF;
  const extra = (process.env.USHURU_BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  return [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), ...extra];
}

/** Starts `node <script> ...args` and resolves once its stdout matches `ready`. */
export function startProcess(script: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<Child> {
  ensureBuilt({ quiet: true });
  const child = spawn(process.execPath, [...nodeFlags(), script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = out.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          match,
          output: () => out,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${out}`)));
  });
}

export const cliScript = () => join(root, 'packages/gateway/dist/cli/main.js');

export interface Request {
  method?: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  failures: number;
  /** Sorted latencies, ms. */
  latencies: number[];
}

export const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Closed loop: `requests` requests over `concurrency` keep-alive connections. */
export async function closedLoop(
  origin: string | string[],
  requests: number,
  concurrency: number,
  make: (i: number) => Request,
  ok: (status: number, text: string) => boolean,
): Promise<LoadResult> {
  const origins = Array.isArray(origin) ? origin : [origin];
  const pools = origins.map((o) => new Pool(o, { connections: Math.ceil(concurrency / origins.length), pipelining: 1 }));
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  async function worker(w: number) {
    const pool = pools[w % pools.length]!;
    while (next < requests) {
      const i = next++;
      const req = make(i);
      const t0 = performance.now();
      try {
        const res = await pool.request({
          method: (req.method ?? 'POST') as 'POST',
          path: req.path,
          headers: req.headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        const text = await res.body.text();
        if (!ok(res.statusCode, text)) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(pools.map((p) => p.close()));
  return { requests, seconds, failures, latencies: latencies.sort((a, b) => a - b) };
}

/** Open loop: `rate` requests a second for `seconds`, each latency counted from when it was due. */
export async function openLoop(
  origin: string,
  rate: number,
  seconds: number,
  make: (i: number) => Request,
  ok: (status: number, text: string) => boolean,
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: 256, pipelining: 1 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failures = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const req = make(i);
    // From when it was due, or from when it left if the generator ran early: never a negative latency.
    const start = Math.min(due, performance.now());
    inFlight.push(
      pool
        .request({ method: (req.method ?? 'POST') as 'POST', path: req.path, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) })
        .then(async (res) => {
          const text = await res.body.text();
          if (!ok(res.statusCode, text)) failures++;
        })
        .catch(() => {
          failures++;
        })
        .finally(() => latencies.push(performance.now() - start)),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  return { requests: total, seconds: elapsed, failures, latencies: latencies.sort((a, b) => a - b) };
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;
export const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** One line of a result. */
export function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(34)} ${value}`);
}

/** Every verdict printed so far, by target, in order (for the summary of repeated runs). */
const verdicts = new Map<string, Array<{ met: boolean; detail: string }>>();

/** A target's verdict against its goal, printed so BENCHMARKS.md can quote it. */
export function target(label: string, met: boolean, detail: string): void {
  console.log(`  TARGET ${met ? 'met    ' : 'NOT met'} ${label}: ${detail}`);
  verdicts.set(label, [...(verdicts.get(label) ?? []), { met, detail }]);
}

/**
 * After repeated runs (`--runs N`): each target with how many runs met it and every run's number.
 * On a shared machine one run can be off by a third either way; the spread is part of the result.
 */
export function printVerdictSummary(runs: number): void {
  console.log(`
summary of ${runs} runs`);
  for (const [label, results] of verdicts) {
    const met = results.filter((r) => r.met).length;
    console.log(`  ${label}: met in ${met} of ${results.length} (${results.map((r) => r.detail).join('; ')})`);
  }
}
