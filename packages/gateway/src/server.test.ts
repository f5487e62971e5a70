/**
 * The gateway as `npm start` runs it: real listening server, built-in simulator, bootstrap, and a
 * graceful shutdown that lets in-flight requests finish.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from './server.js';
import { testServerFactory } from './test-support/server.js';

describe('running gateway', () => {
  const servers = testServerFactory();
  const start = () => servers.start({ USHURU_SHUTDOWN_GRACE_MS: '5000' });
  afterAll(() => servers.cleanup());

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
    gw.simulatorControl!.addFault({ route: 'portal.token', latencyMs: 700 });
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

describe('starting with the simulator port taken', () => {
  it('says which setting to change', async () => {
    const { port, blocker } = await occupyPort();
    const servers = testServerFactory();
    try {
      await expect(servers.start({ USHURU_SIMULATOR_PORT: String(port) })).rejects.toThrow(/USHURU_SIMULATOR_PORT/);
    } finally {
      blocker.close();
      await servers.cleanup();
    }
  });
});

describe('starting with the gateway port taken', () => {
  it('names USHURU_PORT and bootstraps nothing, so the admin token is printed by the next start', async () => {
    const { port, blocker } = await occupyPort();
    const servers = testServerFactory();
    try {
      await expect(servers.start({ USHURU_PORT: String(port) })).rejects.toThrow(/USHURU_PORT/);
      blocker.close();
      const gw = await servers.start({ USHURU_PORT: '0' });
      expect(gw.bootstrap?.token).toMatch(/^ush_/);
    } finally {
      blocker.close();
      await servers.cleanup();
    }
  });
});

/** Takes a free loopback port and keeps it busy until `blocker.close()`. */
async function occupyPort(): Promise<{ port: number; blocker: Server }> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return { port: (blocker.address() as { port: number }).port, blocker };
}
