/**
 * The portal routes when KRA misbehaves, against the real simulator: the shared OAuth token cache
 * (one token request for 100 concurrent calls; short-lived and expired tokens; two gateway processes
 * sharing one token through Redis), token failures (503), outages (502) and timeouts (504).
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@ushuru/simulator';
import { tokenCacheKey } from '@ushuru/kra';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../apps/service.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { simControl } from '../test-support/sim-control.js';
import { redisTestsEnabled, TEST_REDIS_URL } from '../test-support/services.js';

const SEED_AUTH_MESSAGE = 'Failed to generate access token. Please verify your consumer key and secret.';
const PIN = '/api/kra/checkers/pin';
const env = { USHURU_RATE_LIMIT_PER_MINUTE: '100000' };

/** A tenant with one active portal app on fresh credentials (a cold token cache for them). */
async function tenantWithFreshApp(gw: TestGateway, simUrl: string, environment: 'simulator' | 'sandbox' = 'simulator') {
  const key = `key-${randomBytes(4).toString('hex')}`;
  const secret = `secret-${randomBytes(8).toString('hex')}`;
  await simControl(simUrl).registerClient(key, secret);
  const tenant = await gw.tenant(['*']);
  const app = await createApp(gw.deps, tenant.tenantId, {
    type: 'portal',
    name: 'app',
    environment,
    is_active: true,
    consumer_key: key,
    consumer_secret: secret,
    settings: {},
  });
  return { ...tenant, appId: app.id, key, secret };
}

const pinCall = (gw: TestGateway, token: string) => gw.request('POST', PIN, { token, body: { KRAPIN: 'A744610021G' } });

describe('OAuth token cache through the gateway', () => {
  let gw: TestGateway;
  let sim: ReturnType<typeof simControl>;
  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true, env });
    sim = simControl(gw.simulatorUrl!);
  });
  afterAll(() => gw.close());

  it('makes exactly one token request for 100 concurrent calls on a cold cache', async () => {
    const t = await tenantWithFreshApp(gw, gw.simulatorUrl!);
    const before = (await sim.stats()).tokensIssued;
    const results = await Promise.all(Array.from({ length: 100 }, () => pinCall(gw, t.token)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(100).fill(200));
    expect((await sim.stats()).tokensIssued - before).toBe(1);
    expect(gw.logs()).not.toContain(t.secret);
  });

  it('recovers with one fresh token when KRA expires the cached one mid-run (simulator clock +2 h)', async () => {
    const t = await tenantWithFreshApp(gw, gw.simulatorUrl!);
    expect((await pinCall(gw, t.token)).statusCode).toBe(200);
    const before = (await sim.stats()).tokensIssued;
    await sim.advanceClock(2 * 3600 * 1000);
    const results = await Promise.all(Array.from({ length: 20 }, () => pinCall(gw, t.token)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect((await sim.stats()).tokensIssued - before).toBe(1);
  });

  it('answers 503 kra_auth_failed with Salami’s message when the token endpoint refuses', async () => {
    const t = await tenantWithFreshApp(gw, gw.simulatorUrl!);
    const fault = await sim.addFault({ route: 'portal.token', errorKind: 'invalidCredentials' });
    try {
      const res = await pinCall(gw, t.token);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ success: false, error: 'kra_auth_failed', message: SEED_AUTH_MESSAGE });
      expect(res.body).not.toContain(t.secret);
    } finally {
      await sim.clearFaults();
      void fault;
    }
  });

  it('answers 503 with Salami’s message when the token endpoint fails (HTTP 503, HTTP 500)', async () => {
    for (const rule of [{ outage: { kind: 'http503' as const } }, { errorKind: 'http500' as const }]) {
      const t = await tenantWithFreshApp(gw, gw.simulatorUrl!);
      await sim.addFault({ route: 'portal.token', ...rule });
      try {
        const res = await pinCall(gw, t.token);
        expect(res.statusCode, JSON.stringify(rule)).toBe(503);
        expect(res.json()).toMatchObject({ error: 'kra_auth_failed', message: SEED_AUTH_MESSAGE });
      } finally {
        await sim.clearFaults();
      }
      // Recovered: the next call gets a token and succeeds.
      expect((await pinCall(gw, t.token)).statusCode).toBe(200);
    }
  });

  it('answers 503 for wrong credentials, and never shows or logs the secret', async () => {
    const tenant = await gw.tenant(['*']);
    const secret = `wrong-secret-${randomBytes(6).toString('hex')}`;
    await createApp(gw.deps, tenant.tenantId, {
      type: 'portal',
      name: 'bad',
      environment: 'simulator',
      is_active: true,
      consumer_key: 'nobody',
      consumer_secret: secret,
      settings: {},
    });
    const res = await pinCall(gw, tenant.token);
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toBe(SEED_AUTH_MESSAGE);
    await gw.deps.requestLog.flush();
    for (const text of [res.body, gw.logs(), JSON.stringify(await gw.rawRows('request_logs')), JSON.stringify(await gw.rawRows('kra_apps'))]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers 502 when the token endpoint cannot be reached at all (connection reset)', async () => {
    const t = await tenantWithFreshApp(gw, gw.simulatorUrl!);
    await sim.addFault({ route: 'portal.token', errorKind: 'reset' });
    try {
      const res = await pinCall(gw, t.token);
      expect(res.statusCode).toBe(502);
      expect(res.json().error).toBe('kra_unavailable');
    } finally {
      await sim.clearFaults();
    }
  });

  it('answers 502 kra_unavailable during an outage and when KRA resets the connection', async () => {
    const t = await tenantWithFreshApp(gw, gw.simulatorUrl!);
    expect((await pinCall(gw, t.token)).statusCode).toBe(200);
    await sim.addFault({ route: 'portal.pinbypin', outage: { kind: 'http503' } });
    try {
      const res = await pinCall(gw, t.token);
      expect(res.statusCode).toBe(502);
      expect(res.json().error).toBe('kra_unavailable');
    } finally {
      await sim.clearFaults();
    }
    await sim.addFault({ route: 'portal.pinbypin', errorKind: 'reset' });
    try {
      expect((await pinCall(gw, t.token)).statusCode).toBe(502);
    } finally {
      await sim.clearFaults();
    }
    expect((await pinCall(gw, t.token)).statusCode).toBe(200);
  });
});

describe('short-lived KRA tokens (simulator TTL 3 s)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await createTestGateway({ simulator: { tokenTtlSeconds: 3 }, env });
  });
  afterAll(() => gw.close());

  it('fails no call over a 7 s run of concurrent calls', async () => {
    const t = await tenantWithFreshApp(gw, gw.simulatorUrl!);
    const sim = simControl(gw.simulatorUrl!);
    const before = (await sim.stats()).tokensIssued;
    const statuses: number[] = [];
    const until = Date.now() + 7_000;
    while (Date.now() < until) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => pinCall(gw, t.token)));
      statuses.push(...batch.map((r) => r.statusCode));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses.length).toBeGreaterThan(100);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const issued = (await sim.stats()).tokensIssued - before;
    // Tokens are reused while fresh: a handful per 7 s, not one per call.
    expect(issued).toBeGreaterThanOrEqual(2);
    expect(issued).toBeLessThanOrEqual(10);
  }, 20_000);
});

describe('timeouts and unreachable hosts (USHURU_KRA_TIMEOUT_MS=400)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens there, so connections are refused at once.
    gw = await createTestGateway({ simulator: true, env: { ...env, USHURU_KRA_TIMEOUT_MS: '400', USHURU_KRA_SANDBOX_PORTAL_URL: 'http://127.0.0.1:9' } });
  });
  afterAll(() => gw.close());

  it('answers 504 kra_timeout within the configured time when KRA hangs', async () => {
    const t = await tenantWithFreshApp(gw, gw.simulatorUrl!);
    expect((await pinCall(gw, t.token)).statusCode).toBe(200);
    const sim = simControl(gw.simulatorUrl!);
    await sim.addFault({ route: 'portal.pinbypin', errorKind: 'hang' });
    try {
      const started = performance.now();
      const res = await pinCall(gw, t.token);
      const elapsed = performance.now() - started;
      expect(res.statusCode).toBe(504);
      expect(res.json().error).toBe('kra_timeout');
      expect(elapsed).toBeGreaterThanOrEqual(390);
      expect(elapsed).toBeLessThan(1_400);
    } finally {
      await sim.clearFaults();
    }
  });

  it('answers 504 when the token endpoint hangs on a cold cache', async () => {
    const t = await tenantWithFreshApp(gw, gw.simulatorUrl!);
    const sim = simControl(gw.simulatorUrl!);
    await sim.addFault({ route: 'portal.token', errorKind: 'hang' });
    try {
      const started = performance.now();
      const res = await pinCall(gw, t.token);
      expect(res.statusCode).toBe(504);
      expect(performance.now() - started).toBeLessThan(1_400);
    } finally {
      await sim.clearFaults();
    }
  });

  it('answers 502 when the KRA host is unreachable', async () => {
    const tenant = await gw.tenant(['*']);
    await createApp(gw.deps, tenant.tenantId, {
      type: 'portal',
      name: 'sbx',
      environment: 'sandbox',
      is_active: true,
      consumer_key: 'k',
      consumer_secret: 's',
      settings: {},
    });
    const res = await pinCall(gw, tenant.token);
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toBe('kra_unavailable');
  });
});

describe.runIf(await redisTestsEnabled())('two gateway processes sharing one token through Redis', () => {
  const REDIS_URL = TEST_REDIS_URL;
  let sim: RunningSimulator;
  let a: TestGateway;
  let b: TestGateway;
  let redis: Redis;
  let cacheKey = '';

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    const shared = { ...env, USHURU_REDIS_URL: REDIS_URL, USHURU_KRA_SIMULATOR_URL: sim.url };
    a = await createTestGateway({ env: shared });
    b = await createTestGateway({ env: shared });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    // Only our own keys: the value and its lock.
    if (cacheKey) await redis.del(`ushuru:kra-token:v:${cacheKey}`, `ushuru:kra-token:lock:${cacheKey}:lock`);
    redis.disconnect();
    await a.close();
    await b.close();
    await sim.stop();
  });

  it('makes one token request for concurrent calls arriving at both', async () => {
    const key = `redis-key-${randomBytes(4).toString('hex')}`;
    const secret = `redis-secret-${randomBytes(8).toString('hex')}`;
    sim.control.registerClient(key, secret);
    cacheKey = tokenCacheKey({ environment: 'simulator', baseUrl: sim.url, tokenPath: '/v1/token/generate', consumerKey: key, consumerSecret: secret });
    const tenants = await Promise.all(
      [a, b].map(async (gw) => {
        const t = await gw.tenant(['*']);
        await createApp(gw.deps, t.tenantId, {
          type: 'portal',
          name: 'shared',
          environment: 'simulator',
          is_active: true,
          consumer_key: key,
          consumer_secret: secret,
          settings: {},
        });
        return t;
      }),
    );
    const before = sim.control.stats().tokensIssued;
    const results = await Promise.all([
      ...Array.from({ length: 50 }, () => pinCall(a, tenants[0]!.token)),
      ...Array.from({ length: 50 }, () => pinCall(b, tenants[1]!.token)),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual(Array(100).fill(200));
    expect(sim.control.stats().tokensIssued - before).toBe(1);
    // The token is in Redis, the secret is not.
    const stored = await redis.get(`ushuru:kra-token:v:${cacheKey}`);
    expect(stored).toBeTruthy();
    expect(stored).not.toContain(secret);
  });
});
