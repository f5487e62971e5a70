/**
 * The gateway as `npm start` runs it: real listening server, built-in simulator, bootstrap, and a
 * graceful shutdown that lets in-flight requests finish.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startGateway, type RunningGateway } from './server.js';
import { pgConnection } from './store/db.js';
import { TEST_ENGINE, TEST_PG_URL } from './test-support/gateway.js';

describe('running gateway', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ushuru-server-'));
  const schema = `srv_${randomBytes(5).toString('hex')}`;
  const started: RunningGateway[] = [];

  async function start(): Promise<RunningGateway> {
    const config = loadConfig({
      NODE_ENV: 'test',
      USHURU_PORT: '0',
      USHURU_DATABASE_URL: TEST_ENGINE === 'postgres' ? TEST_PG_URL : `sqlite:${join(dir, 'ushuru.db')}`,
      USHURU_DATA_DIR: dir,
      USHURU_LOG_LEVEL: 'silent',
      USHURU_SHUTDOWN_GRACE_MS: '5000',
    });
    const gw = await startGateway(config, TEST_ENGINE === 'postgres' ? { store: { pgSchema: schema, pgPoolSize: 4 } } : {});
    started.push(gw);
    return gw;
  }

  afterAll(async () => {
    for (const gw of started) await gw.stop();
    if (TEST_ENGINE === 'postgres') {
      const c = new pg.Client(pgConnection(TEST_PG_URL));
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('bootstraps once: a restart keeps the data and prints no new token', async () => {
    const first = await start();
    expect(first.bootstrap?.token).toMatch(/^ush_/);
    const token = first.bootstrap!.token;
    await first.stop();

    const second = await start();
    expect(second.bootstrap).toBeNull();
    const res = await fetch(`${second.url}/api/kra/apps`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(2);
    await second.stop();
  });

  it('drains in-flight requests on shutdown, then refuses new connections', async () => {
    const gw = await start();
    const adminToken = gw.bootstrap?.token ?? (await tokenFor(gw));
    // Make KRA slow so that the app test is still in flight when shutdown starts.
    await fetch(`${gw.simulatorUrl}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'portal.token', latencyMs: 700 }),
    });
    const inFlight = fetch(`${gw.url}/api/kra/apps/1/test`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
    await new Promise((r) => setTimeout(r, 200));
    const stopping = gw.stop();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { status: string } }).data.status).toBe('connected');
    await stopping;
    await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
  });
});

/** A fresh admin token for a gateway that was bootstrapped by an earlier start. */
async function tokenFor(gw: RunningGateway): Promise<string> {
  const { createApiToken } = await import('./auth/token-service.js');
  const { listTenants } = await import('./tenants/service.js');
  const [tenant] = await listTenants(gw.runtime.deps.db);
  return (await createApiToken(gw.runtime.deps.db, gw.runtime.deps.clock, tenant!.id, { name: 't', scopes: ['*'] })).token;
}
