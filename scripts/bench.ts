/**
 * Benchmarks (`npm run bench -- <target> [--requests N] [--concurrency C]`). Each target runs its
 * server in a child process on 127.0.0.1, sends a bounded number of requests over keep-alive
 * connections, and prints throughput, latency percentiles, the server's CPU time per request (read
 * from /proc, so the load generator's own CPU is not counted) and its resident memory.
 *
 *   simulator  KRA PIN checker calls straight to the simulator (target: well under 1 ms CPU/call)
 *   gateway    the same checker through the gateway (auth, validation, token cache, log) to the simulator
 *   sales      sales from simple lines, each computed, stored, queued and signed by the simulator
 *              through the eTIMS outbox before it is answered (201), one branch (KRA's strict order)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { ensureBuilt } from './ensure-built.mjs';

const args = process.argv.slice(2);
const target = args.find((a) => !a.startsWith('--')) ?? 'simulator';
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const n = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const REQUESTS = Math.min(option('requests', 5000), 200_000);
const CONCURRENCY = Math.min(option('concurrency', 16), 256);
const root = new URL('..', import.meta.url).pathname;
const CLK_TCK = 100;

/** CPU seconds (user+system) and RSS bytes of a process, from /proc. */
function procUsage(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpuSeconds: (utime + stime) / CLK_TCK, rssBytes: rssPages * 4096 };
}

/**
 * Starts the compiled `ushuru` command with `args` (built first when stale, as in production: node,
 * no tsx) and resolves once a line of its stdout matches `ready`. One process, so /proc reads the
 * server itself.
 */
function startChild(
  cliArgs: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  ensureBuilt({ quiet: true });
  const child = spawn(
    process.execPath,
    [
      ...(process.env.USHURU_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.USHURU_BENCH_CPU_PROF}`] : []),
      join(root, 'packages/gateway/dist/cli/main.js'),
      ...cliArgs,
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = out.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => out });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

/** Sends REQUESTS requests with CONCURRENCY in flight; returns latencies in ms and failures. */
async function load(
  origin: string,
  makeRequest: (i: number) => { path: string; headers: Record<string, string>; body: string },
  succeeded: (status: number, text: string) => boolean = (status, text) => status === 200 && text.includes('23000'),
) {
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < REQUESTS) {
      const i = next++;
      const req = makeRequest(i);
      const t0 = performance.now();
      const res = await pool.request({ method: 'POST', path: req.path, headers: req.headers, body: req.body });
      const text = await res.body.text();
      latencies.push(performance.now() - t0);
      if (!succeeded(res.statusCode, text)) failures++;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { seconds, failures, p50: pct(50), p95: pct(95), p99: pct(99) };
}

function report(name: string, pid: number, before: { cpuSeconds: number }, result: Awaited<ReturnType<typeof load>>) {
  const after = procUsage(pid);
  const cpuPerCallUs = ((after.cpuSeconds - before.cpuSeconds) / REQUESTS) * 1e6;
  console.log(`\n${name}: ${REQUESTS} requests, ${CONCURRENCY} concurrent, 127.0.0.1`);
  console.log(`  throughput        ${(REQUESTS / result.seconds).toFixed(0)} req/s`);
  console.log(`  latency p50/p95/p99  ${result.p50.toFixed(2)} / ${result.p95.toFixed(2)} / ${result.p99.toFixed(2)} ms`);
  console.log(`  server CPU        ${cpuPerCallUs.toFixed(0)} µs per request (±${((1 / CLK_TCK / REQUESTS) * 1e6).toFixed(1)} µs tick resolution)`);
  console.log(`  server RSS        ${(after.rssBytes / 1048576).toFixed(1)} MiB`);
  console.log(`  failures          ${result.failures}`);
}

async function benchSimulator() {
  const { child, match } = await startChild(['sim', '--port', '0'], {}, /listening on (http:\/\/[^\s]+)/);
  try {
    const url = match[1]!;
    const basic = Buffer.from('ushuru-sim-key:ushuru-sim-secret').toString('base64');
    const tokenRes = await fetch(`${url}/v1/token/generate?grant_type=client_credentials`, { headers: { authorization: `Basic ${basic}` } });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ KRAPIN: 'A744610021G' });
    await load(url, () => ({ path: '/checker/v1/pinbypin', headers, body })); // warm-up
    const before = procUsage(child.pid!);
    report('simulator PIN checker', child.pid!, before, await load(url, () => ({ path: '/checker/v1/pinbypin', headers, body })));
  } finally {
    child.kill('SIGTERM');
  }
}

/** The compiled gateway (`ushuru start`) on a fresh SQLite file, with its first-start admin token. */
async function startGatewayChild() {
  const dir = mkdtempSync(join(tmpdir(), 'ushuru-bench-'));
  const { child, match } = await startChild(
    ['start'],
    {
      USHURU_PORT: '0',
      USHURU_SIMULATOR_PORT: '0',
      USHURU_DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
      USHURU_LOG_LEVEL: 'warn',
      USHURU_RATE_LIMIT_PER_MINUTE: '10000000',
    },
    /listening on (http:\/\/\S+)[\s\S]*export USHURU_TOKEN=(ush_\S+)/,
  );
  const [, url, token] = match as unknown as [string, string, string];
  return { child, url, token, dir };
}

async function benchGateway() {
  const { child, url, token, dir } = await startGatewayChild();
  try {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ KRAPIN: 'A744610021G' });
    await load(url, () => ({ path: '/api/kra/checkers/pin', headers, body }));
    const before = procUsage(child.pid!);
    report('gateway → simulator PIN checker', child.pid!, before, await load(url, () => ({ path: '/api/kra/checkers/pin', headers, body })));
    console.log('  (server CPU includes the built-in simulator, which runs in the gateway process)');
  } finally {
    child.kill('SIGTERM');
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 500);
  }
}

async function benchSales() {
  const { child, url, token, dir } = await startGatewayChild();
  try {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-kra-app-id': '2' };
    const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!(await post('/api/etims/device/initialize', {})).ok) throw new Error('device initialization failed');
    const stock = await post('/api/etims/stock/movements', { type: '06', lines: [{ item_code: 'KE2NTU0000001', quantity: 100_000_000 }] });
    if (stock.status !== 201) throw new Error(`opening stock failed: ${await stock.text()}`);
    const sale = (prefix: string) => (i: number) => ({
      path: '/api/etims/sales',
      headers,
      body: JSON.stringify({
        trader_invoice_number: `${prefix}-${i}`,
        lines: [
          { item_code: 'KE2NTU0000001', quantity: 1 + (i % 5), unit_price: '199.99', discount_rate: 2.5 },
          { item_code: 'KE3OUU0000005', quantity: 1, unit_price: 5000 },
        ],
      }),
    });
    await load(url, sale('warm'), (status) => status === 201);
    const before = procUsage(child.pid!);
    const result = await load(url, sale('bench'), (status) => status === 201);
    report('sales signed through the outbox (one branch)', child.pid!, before, result);
    console.log(
      `  signed per second ${(REQUESTS / result.seconds).toFixed(0)} (each answered 201 with KRA's signature; stock IO and stock master follow in the same queue)`,
    );
    console.log('  (server CPU includes the built-in simulator, which runs in the gateway process)');
  } finally {
    child.kill('SIGTERM');
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 500);
  }
}

const targets: Record<string, () => Promise<void>> = { simulator: benchSimulator, gateway: benchGateway, sales: benchSales };
const run = targets[target];
if (!run) {
  console.error(`unknown target "${target}"; one of: ${Object.keys(targets).join(', ')}`);
  process.exit(2);
}
await run();
