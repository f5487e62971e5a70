/**
 * Three gateway processes on one PostgreSQL database and one Redis behave as one service (issue
 * "several gateway processes"): a token made on one works on all; rate limits are global; one OAuth
 * token request per key across all; sales submitted through all three at once are signed in KRA's
 * strict order, each once; a process killed with SIGKILL loses nothing (its lease expires and another
 * finishes its work); without Redis (down mid-run, or at start) every process keeps serving with
 * per-process limits and a warning, and shares again once Redis is back.
 *
 * The processes are the compiled `ushuru start`, on 127.0.0.1; the database and the Redis server are
 * this test's own. PostgreSQL pass only (SQLite is one process by design).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET, startSimulator, type RunningSimulator } from '@ushuru/simulator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALIDATION_CHANNEL } from './infra/row-cache.js';
import { DELIVERY, SIM_BRANCHES, simBranchApp } from './test-support/etims-branch.js';
import { TEST_ENGINE } from './test-support/gateway.js';
import { callProcess, privateDatabase, privateRedis, startGatewayProcess, type GatewayProcess } from './test-support/processes.js';

const PROCESSES = 3;

describe.runIf(TEST_ENGINE === 'postgres')('three gateway processes on one PostgreSQL and one Redis', () => {
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  let redis: Awaited<ReturnType<typeof privateRedis>>;
  let sim: RunningSimulator;
  let dataDir: string;
  let env: Record<string, string>;
  let gateways: GatewayProcess[] = [];
  let admin: string;
  let etimsAppId: number;

  const call = (gw: GatewayProcess, method: string, path: string, opts: { token?: string; body?: unknown; app?: number } = {}) =>
    callProcess(gw, opts.token ?? admin, method, path, opts);

  const waitFor = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** Every sale of the branch, as the gateway holds them. */
  const allSales = async () => {
    const out: Array<{ id: number; status: string; invoice_number: number | null; trader_invoice_number: string }> = [];
    let cursor: number | null = null;
    do {
      const page = await call(gateways[0]!, 'GET', `/api/etims/sales?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { app: etimsAppId });
      if (page.status !== 200) throw new Error(`listing sales answered ${page.status}: ${JSON.stringify(page.body)}`);
      out.push(...page.body.data);
      cursor = (page.body as { next_cursor?: number | null }).next_cursor ?? null;
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    db = await privateDatabase();
    redis = await privateRedis();
    sim = await startSimulator({ port: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'ushuru-mp-'));
    env = {
      USHURU_DATABASE_URL: db.url,
      USHURU_REDIS_URL: redis.url,
      // One master key for all: each must open what another sealed.
      USHURU_MASTER_KEY: randomBytes(32).toString('base64'),
      USHURU_DATA_DIR: dataDir,
      USHURU_KRA_SIMULATOR_URL: sim.url,
      USHURU_LOG_LEVEL: 'info',
      // The tests poll with the bootstrap token for minutes; the rate-limit tests use tokens with their own limits.
      USHURU_RATE_LIMIT_PER_MINUTE: '100000',
      // A short KRA timeout keeps the outbox lease (2 × timeout + 5 s) short for the SIGKILL test.
      USHURU_KRA_TIMEOUT_MS: '2000',
      USHURU_OUTBOX_RETRY_BASE_MS: '50',
      USHURU_OUTBOX_RETRY_MAX_MS: '500',
      USHURU_OUTBOX_SWEEP_MS: '200',
      USHURU_DOCUMENT_WAIT_MS: '3000',
    };
    // The first migrates and bootstraps; the others join the migrated database.
    const first = await startGatewayProcess(env);
    admin = first.bootstrapToken!;
    expect(admin).toMatch(/^ush_/);
    // The second answers writes at once (202) rather than waiting for KRA: the SIGKILL test needs
    // documents still queued behind the one it is sending when it dies.
    gateways = [first, await startGatewayProcess({ ...env, USHURU_DOCUMENT_WAIT_MS: '0' }), await startGatewayProcess(env)];

    const branch = SIM_BRANCHES[2];
    const app = await call(first, 'POST', '/api/kra/apps', {
      body: simBranchApp(branch, 'multi'),
    });
    expect(app.status).toBe(201);
    etimsAppId = app.body.data.id;
    expect((await call(gateways[1]!, 'POST', '/api/etims/device/initialize', { app: etimsAppId })).status).toBe(200);
    expect((await call(gateways[2]!, 'POST', '/api/etims/items', { app: etimsAppId, body: DELIVERY })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a token made on one process works on all', async () => {
    const made = await call(gateways[0]!, 'POST', '/api/tokens', { body: { name: 'shared', scopes: ['kra:apps'] } });
    expect(made.status).toBe(201);
    for (const gw of gateways) expect((await call(gw, 'GET', '/api/kra/apps', { token: made.body.data.token })).status).toBe(200);
    expect((await call(gateways[2]!, 'DELETE', `/api/tokens/${made.body.data.id}`)).status).toBe(200);
    for (const gw of gateways) expect((await call(gw, 'GET', '/api/kra/apps', { token: made.body.data.token })).status).toBe(401);
  });

  it('caches token and app rows in every process, and a change made through one applies at once on all', async () => {
    // Each process holds a subscription to the invalidations (infra/row-cache.ts), so its cache is on.
    const probe = new Redis(redis.url);
    try {
      const [, subscribers] = (await probe.pubsub('NUMSUB', INVALIDATION_CHANNEL)) as [string, number];
      expect(subscribers).toBe(PROCESSES);
    } finally {
      probe.disconnect();
    }
    const app = await call(gateways[0]!, 'POST', '/api/kra/apps', {
      body: {
        type: 'portal',
        name: 'cached portal',
        environment: 'simulator',
        consumer_key: SIM_DEFAULT_CONSUMER_KEY,
        consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
      },
    });
    const pin = (gw: GatewayProcess) => call(gw, 'POST', '/api/kra/checkers/pin', { app: app.body.data.id, body: { KRAPIN: 'A744610021G' } });
    for (const gw of gateways) expect((await pin(gw)).status).toBe(200);
    expect((await call(gateways[1]!, 'PATCH', `/api/kra/apps/${app.body.data.id}`, { body: { is_active: false } })).status).toBe(200);
    for (const gw of gateways) expect((await pin(gw)).body.error).toBe('validation_error');
    expect((await call(gateways[2]!, 'PATCH', `/api/kra/apps/${app.body.data.id}`, { body: { is_active: true } })).status).toBe(200);
    for (const gw of gateways) expect((await pin(gw)).status).toBe(200);
  });

  it('rate limits are global: one budget per token across the processes', async () => {
    const made = await call(gateways[1]!, 'POST', '/api/tokens', { body: { name: 'limited', scopes: ['kra:apps'], rate_limit_per_minute: 5 } });
    const statuses = [];
    for (let i = 0; i < 9; i++) statuses.push((await call(gateways[i % PROCESSES]!, 'GET', '/api/kra/apps', { token: made.body.data.token })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });

  it('one OAuth token request per KRA key across the processes', async () => {
    const key = `mp-key-${randomBytes(4).toString('hex')}`;
    const secret = `mp-secret-${randomBytes(8).toString('hex')}`;
    sim.control.registerClient(key, secret);
    const app = await call(gateways[0]!, 'POST', '/api/kra/apps', {
      body: { type: 'portal', name: 'mp portal', environment: 'simulator', consumer_key: key, consumer_secret: secret },
    });
    const before = sim.control.stats().tokensIssued;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(gateways[i % PROCESSES]!, 'POST', '/api/kra/checkers/pin', { app: app.body.data.id, body: { KRAPIN: 'A744610021G' } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(sim.control.stats().tokensIssued - before).toBe(1);
    for (const gw of gateways) expect(gw.output()).not.toContain(secret);
  });

  it('sales through all three at once are signed in strict order, each once', async () => {
    const before = sim.control.stats();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        call(gateways[i % PROCESSES]!, 'POST', '/api/etims/sales', {
          app: etimsAppId,
          body: { trader_invoice_number: `MP-${i}`, lines: [{ item_code: 'KE3NTU0000001', quantity: 1, unit_price: 10 + i }] },
        }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 202)).toEqual([]);
    await waitFor('60 signed sales', async () => (await allSales()).filter((s) => s.status === 'signed').length === 60);
    const numbers = (await allSales()).map((s) => s.invoice_number!).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const after = sim.control.stats();
    expect(after.documentsSigned - before.documentsSigned).toBe(60);
    expect(after.sequenceRefused - before.sequenceRefused).toBe(0);
    expect(after.duplicatesRefused - before.duplicatesRefused).toBe(0);
  }, 60_000);

  it('a process killed with SIGKILL mid-send loses nothing: another finishes its branch in order', async () => {
    const victim = gateways[1]!;
    // KRA takes a second per sale: the victim is killed while one is on the wire and six wait behind it.
    const fault = sim.control.addFault({ route: 'oscuA.saveTrnsSalesOsdc', latencyMs: 1000 });
    const sent = () => sim.control.stats().routes['oscuA.saveTrnsSalesOsdc']?.calls ?? 0;
    const callsBefore = sent();
    const accepted: number[] = [];
    try {
      for (let i = 0; i < 7; i++) {
        const res = await call(victim, 'POST', '/api/etims/sales', {
          app: etimsAppId,
          body: { trader_invoice_number: `KILL-${i}`, lines: [{ item_code: 'KE3NTU0000001', quantity: 1, unit_price: 5 }] },
        });
        expect(res.status).toBe(202);
        accepted.push(res.body.data.id);
      }
      await waitFor('the victim sending', () => sent() > callsBefore, 10_000);
      await victim.kill();
    } finally {
      sim.control.removeFault(fault.id);
    }
    gateways = gateways.filter((g) => g !== victim);
    // Its lease (2 × 2 s KRA timeout + 5 s) expires, then another process reconciles and sends the rest.
    await waitFor('every sale signed after the kill', async () => (await allSales()).every((s) => s.status === 'signed'), 60_000);
    const sales = await allSales();
    expect(
      sales
        .filter((s) => s.trader_invoice_number.startsWith('KILL-'))
        .map((s) => s.id)
        .sort((x, y) => x - y),
    ).toEqual(accepted);
    expect(sales.map((s) => s.invoice_number!).sort((a, b) => a - b)).toEqual(Array.from({ length: sales.length }, (_, i) => i + 1));
    expect(sim.control.stats().sequenceRefused).toBe(0);
    expect(sim.control.stats().duplicatesRefused).toBe(0);
  }, 90_000);

  it('Redis down mid-run: every process keeps serving with a warning, and shares again once Redis is back', async () => {
    await redis.stop();
    for (const gw of gateways) expect((await call(gw, 'GET', '/api/kra/apps')).status).toBe(200);
    const pin = await call(gateways[0]!, 'POST', '/api/kra/checkers/pin', {
      app: (await call(gateways[0]!, 'GET', '/api/kra/apps')).body.data.find((a: { type: string }) => a.type === 'portal').id,
      body: { KRAPIN: 'A744610021G' },
    });
    expect(pin.status).toBe(200);
    await waitFor('the warning', () => gateways.every((g) => g.output().includes('Redis is unreachable')), 15_000);
    await redis.start();
    await waitFor('Redis back', () => gateways.every((g) => g.output().includes('Redis is back')), 30_000);
    const made = await call(gateways[0]!, 'POST', '/api/tokens', { body: { name: 'limited again', scopes: ['kra:apps'], rate_limit_per_minute: 3 } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(gateways[i % gateways.length]!, 'GET', '/api/kra/apps', { token: made.body.data.token })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  }, 90_000);

  it('Redis down at start: the process starts, serves and warns', async () => {
    const lonely = await startGatewayProcess({ ...env, USHURU_REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      expect((await call(lonely, 'GET', '/api/kra/apps')).status).toBe(200);
      await waitFor('the warning', () => lonely.output().includes('Redis is unreachable'), 15_000);
      expect(lonely.output()).not.toContain(admin);
    } finally {
      await lonely.stop();
    }
  }, 60_000);
});
