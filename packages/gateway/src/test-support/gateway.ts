/**
 * A real gateway for tests: real store (SQLite file or a PostgreSQL schema of its own, chosen by
 * USHURU_TEST_DB), real app, optionally the real simulator over loopback, and captured logs so tests
 * can assert that no secret was ever written.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { StartSimulatorOptions } from '@ushuru/simulator';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiToken } from '../auth/token-service.js';
import type { Clock } from '../clock.js';
import { loadConfig } from '../config.js';
import type { GatewayDeps } from '../deps.js';
import { buildApp } from '../http/app.js';
import type { RouteDef } from '../http/route.js';
import { ROUTES } from '../routes.js';
import { createRuntime } from '../runtime.js';
import { createTenant } from '../tenants/service.js';
import { dropSchemaUnlessRunCleansUp, TEST_PG_URL, testSchemaName } from './pg-schemas.js';

export type TestEngine = 'sqlite' | 'postgres';

/** The engine this test run uses (`USHURU_TEST_DB`, default sqlite). */
export const TEST_ENGINE: TestEngine = process.env.USHURU_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export { TEST_PG_URL };

export interface TestGatewayOptions {
  /** Start the KRA simulator and point environment `simulator` at it. */
  simulator?: boolean | Omit<StartSimulatorOptions, 'port'>;
  env?: Record<string, string>;
  clock?: Clock;
  routes?: ReadonlyArray<RouteDef>;
}

export interface TestGateway {
  app: FastifyInstance;
  deps: GatewayDeps;
  simulatorUrl: string | undefined;
  /** Every log line written so far, as one string. */
  logs(): string;
  /** Creates a tenant and a token with `scopes`. */
  tenant(scopes?: string[], name?: string): Promise<{ tenantId: string; token: string }>;
  /** Another token for an existing tenant. */
  token(tenantId: string, scopes: string[], extra?: { rate_limit_per_minute?: number; expires_at?: string }): Promise<string>;
  request(
    method: InjectOptions['method'],
    url: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** All rows of a table as stored, for "no secret at rest" assertions. */
  rawRows(table: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/** Starts a gateway on a fresh database of the configured engine. */
export async function createTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'ushuru-test-'));
  const schema = TEST_ENGINE === 'postgres' ? testSchemaName('t') : undefined;
  const simOpts = typeof options.simulator === 'object' ? options.simulator : {};
  // Imported lazily: most gateway tests never talk to KRA.
  const simulator = options.simulator ? await (await import('@ushuru/simulator')).startSimulator({ port: 0, ...simOpts }) : undefined;

  const config = loadConfig({
    NODE_ENV: 'test',
    USHURU_DATABASE_URL: TEST_ENGINE === 'postgres' ? TEST_PG_URL : `sqlite:${join(dir, 'test.db')}`,
    USHURU_MASTER_KEY: randomBytes(32).toString('base64'),
    USHURU_DATA_DIR: dir,
    USHURU_LOG_LEVEL: 'info',
    USHURU_SIMULATOR_PORT: 'off',
    ...(simulator ? { USHURU_KRA_SIMULATOR_URL: simulator.url } : {}),
    ...options.env,
  });
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const runtime = await createRuntime(config, {
    logDestination: sink,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(schema ? { store: { pgSchema: schema, pgPoolSize: 4 } } : {}),
  });
  const app = await buildApp(runtime.deps, { routes: options.routes ?? ROUTES });
  await app.ready();
  const deps = runtime.deps;

  const gateway: TestGateway = {
    app,
    deps,
    simulatorUrl: simulator?.url,
    logs: () => lines.join(''),
    async tenant(scopes = ['*'], name = 'tenant-' + randomBytes(3).toString('hex')) {
      const t = await createTenant(deps.db, deps.clock, name);
      const { token } = await createApiToken(deps.db, deps.clock, t.id, { name: 'test', scopes });
      return { tenantId: t.id, token };
    },
    async token(tenantId, scopes, extra = {}) {
      return (await createApiToken(deps.db, deps.clock, tenantId, { name: 'test', scopes, ...extra })).token;
    },
    request(method, url, opts = {}) {
      return app.inject({
        method,
        url,
        headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
        ...(opts.body !== undefined ? { payload: opts.body as InjectOptions['payload'] } : {}),
      });
    },
    async rawRows(table) {
      const { sql } = await import('kysely');
      const res = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(deps.db);
      return res.rows;
    },
    async close() {
      await app.close();
      await runtime.close();
      await simulator?.stop();
      if (schema) await dropSchemaUnlessRunCleansUp(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return gateway;
}
