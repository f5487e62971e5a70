/**
 * Gateway processes as production runs them (`node dist/cli/main.js start`, compiled), for tests of
 * several processes on one PostgreSQL and one Redis: each on 127.0.0.1 with an ephemeral port, its
 * output kept, stopped with SIGTERM or killed with SIGKILL. Also a private PostgreSQL database and a
 * private Redis server, so a test can stop "its" Redis without touching anyone else's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { ensureBuilt } from '../../../../scripts/ensure-built.mjs';
import { pgConnection } from '../store/db.js';
import { TEST_PG_URL } from './pg-schemas.js';

const root = new URL('../../../../', import.meta.url).pathname;

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  /** The admin token printed on the first start of an empty database, if this start printed one. */
  bootstrapToken: string | undefined;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** Starts `ushuru start` with `env` (and Node/V8 `nodeFlags`) and resolves once it listens (at most `timeoutMs`). */
export async function startGatewayProcess(env: Record<string, string>, timeoutMs = 60_000, nodeFlags: string[] = []): Promise<GatewayProcess> {
  ensureBuilt({ quiet: true });
  const child = spawn(process.execPath, [...nodeFlags, join(root, 'packages/gateway/dist/cli/main.js'), 'start'], {
    env: { ...process.env, NODE_ENV: 'test', USHURU_HOST: '127.0.0.1', USHURU_PORT: '0', USHURU_SIMULATOR_PORT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /Ushuru is listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}) before listening:\n${out}`));
    });
  });
  // The bootstrap lines follow the "listening" line in the same write.
  await new Promise((r) => setTimeout(r, 50));
  return {
    child,
    url,
    output: () => out,
    bootstrapToken: /export USHURU_TOKEN=(ush_\S+)/.exec(out)?.[1],
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

// Answers are read loosely here: the routes' own tests check their shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ProcessAnswer = { data: any; error?: string };

/** One JSON request to a gateway process as `token`, with `X-KRA-App-Id: app` when given. */
export async function callProcess(
  gw: Pick<GatewayProcess, 'url'>,
  token: string,
  method: string,
  path: string,
  opts: { body?: unknown; app?: number } = {},
): Promise<{ status: number; body: ProcessAnswer }> {
  const res = await fetch(gw.url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.app !== undefined ? { 'x-kra-app-id': String(opts.app) } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as ProcessAnswer) : ({} as ProcessAnswer) };
}

/** A fresh PostgreSQL database on the test server, dropped by `drop()`. */
export async function privateDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ushuru_mp_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client(pgConnection(TEST_PG_URL));
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client(pgConnection(TEST_PG_URL));
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A Redis server of this test's own (`redis-server`, nothing on disk), stoppable and restartable on its port. */
export async function privateRedis(): Promise<{ url: string; start(): Promise<void>; stop(): Promise<void> }> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Ready to accept connections/i.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}):\n${out}`));
      });
    });
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
