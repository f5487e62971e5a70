/**
 * What surrounds a portal call: the request log (`GET /api/logs`, filters, cursor pages, body capture
 * with redaction), `last_used_at`, per-API credential pairs sealed like the app's own, per-app path
 * overrides, and KRA-native wrapped bodies.
 */
import { randomBytes } from 'node:crypto';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../apps/service.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { simControl } from '../test-support/sim-control.js';
import { cacheTags } from '../infra/cache-tags.js';

const env = { USHURU_RATE_LIMIT_PER_MINUTE: '100000' };
const simApp = {
  type: 'portal',
  environment: 'simulator',
  is_active: true,
  consumer_key: SIM_DEFAULT_CONSUMER_KEY,
  consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
  settings: {},
} as const;

describe('request log', () => {
  let gw: TestGateway;
  let t: { tenantId: string; token: string };
  let appId: number;
  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true, env });
    t = await gw.tenant(['*']);
    appId = (await createApp(gw.deps, t.tenantId, { ...simApp, name: 'logged' })).id;
    await gw.request('POST', '/api/kra/checkers/pin', { token: t.token, body: { KRAPIN: 'A744610021G' } });
    await gw.request('POST', '/api/kra/checkers/pin', { token: t.token, body: { KRAPIN: 'A000000000A' } });
    await gw.request('POST', '/api/kra/checkers/tax-obligations', { token: t.token, body: { taxPayerPin: 'P318295670X' } });
  });
  afterAll(() => gw.close());

  const logs = async (query = '', token = t.token) => {
    const res = await gw.request('GET', `/api/logs${query}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { data: Array<Record<string, unknown>>; meta: { next_cursor: string | null } };
  };

  it('records every call with tenant, token, app, route, KRA path, status, KRA code, latency and request id', async () => {
    const { data } = await logs();
    expect(data).toHaveLength(3);
    expect(data[0]).toMatchObject({
      app_id: appId,
      kind: 'portal',
      route: '/api/kra/checkers/tax-obligations',
      kra_path: '/dtd/checker/v1/obligation',
      status: 200,
      kra_code: '20000',
      error: null,
    });
    expect(data[1]).toMatchObject({ route: '/api/kra/checkers/pin', kra_path: '/checker/v1/pinbypin', status: 422, kra_code: '19005', error: 'kra_error' });
    for (const entry of data) {
      expect(entry.request_id).toMatch(/^req_/);
      expect(entry.token_id).toMatch(/^tok_/);
      expect(typeof entry.latency_ms).toBe('number');
      expect(entry).not.toHaveProperty('request_body');
    }
  });

  it('filters by route, status, KRA code, app and time, and pages by cursor', async () => {
    expect((await logs('?route=/api/kra/checkers/pin')).data).toHaveLength(2);
    expect((await logs('?status=422')).data.map((e) => e.kra_code)).toEqual(['19005']);
    expect((await logs('?kra_code=23000')).data).toHaveLength(1);
    expect((await logs(`?app_id=${appId + 1000}`)).data).toHaveLength(0);
    expect((await logs('?from=2000-01-01&to=2000-01-02')).data).toHaveLength(0);
    expect((await logs(`?from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).data).toHaveLength(3);
    const first = await logs('?limit=2');
    expect(first.data).toHaveLength(2);
    expect(first.meta.next_cursor).toBeTruthy();
    const second = await logs(`?limit=2&cursor=${first.meta.next_cursor}`);
    expect(second.data).toHaveLength(1);
    expect(second.meta.next_cursor).toBeNull();
    const ids = [...first.data, ...second.data].map((e) => e.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('names a bad filter, and shows another tenant nothing', async () => {
    const bad = await gw.request('GET', '/api/logs?status=abc', { token: t.token });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toHaveProperty('status');
    const other = await gw.tenant(['*']);
    expect((await logs('', other.token)).data).toEqual([]);
  });

  it("updates the app's last_used_at", async () => {
    await gw.deps.lastUsed.flush();
    const apps = (await gw.request('GET', '/api/kra/apps', { token: t.token })).json().data as Array<{ id: number; last_used_at: string | null }>;
    expect(apps.find((a) => a.id === appId)?.last_used_at).toMatch(/Z$/);
  });
});

describe('request log with body capture (USHURU_LOG_BODIES=true)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true, env: { ...env, USHURU_LOG_BODIES: 'true' } });
  });
  afterAll(() => gw.close());

  it('stores request and KRA response bodies with secret-looking keys redacted', async () => {
    const t = await gw.tenant(['*']);
    await createApp(gw.deps, t.tenantId, { ...simApp, name: 'capture' });
    const res = await gw.request('POST', '/api/kra/checkers/pin', { token: t.token, body: { KRAPIN: 'A744610021G', password: 'hunter2-do-not-store' } });
    expect(res.statusCode).toBe(200);
    const [entry] = (await gw.request('GET', '/api/logs', { token: t.token })).json().data;
    expect(entry.request_body).toEqual({ KRAPIN: 'A744610021G', password: '[redacted]' });
    expect(entry.response_body).toMatchObject({ ResponseCode: '23000', PINDATA: { KRAPIN: 'A744610021G' } });
    expect(JSON.stringify(await gw.rawRows('request_logs'))).not.toContain('hunter2-do-not-store');
  });
});

describe('portal apps: per-API credentials, path overrides, wrapped bodies', () => {
  let gw: TestGateway;
  let t: { tenantId: string; token: string };
  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true, env });
    t = await gw.tenant(['*']);
  });
  afterAll(() => gw.close());

  it('uses a per-API key pair for its API only, seals it and never returns it', async () => {
    const key = `pin-only-${randomBytes(4).toString('hex')}`;
    const secret = `pin-only-secret-${randomBytes(8).toString('hex')}`;
    await simControl(gw.simulatorUrl!).registerClient(key, secret);
    const created = await gw.request('POST', '/api/kra/apps', {
      token: t.token,
      body: {
        type: 'portal',
        name: 'per api',
        environment: 'simulator',
        consumer_key: 'unknown',
        consumer_secret: 'default-secret-that-fails',
        settings: { credentials: { pinByPin: { consumer_key: key, consumer_secret: secret } }, metadata: { note: 'kept' } },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const app = created.json().data;
    expect(app.settings).toEqual({ metadata: { note: 'kept' } });
    expect(app.credentials_set).toEqual(['consumer_key', 'consumer_secret', 'api:pinByPin:consumer_key', 'api:pinByPin:consumer_secret']);
    const headers = { 'x-kra-app-id': String(app.id) };
    expect((await gw.request('POST', '/api/kra/checkers/pin', { token: t.token, headers, body: { KRAPIN: 'A744610021G' } })).statusCode).toBe(200);
    // Other APIs use the app's own pair, which the simulator refuses.
    expect((await gw.request('POST', '/api/kra/checkers/tax-obligations', { token: t.token, headers, body: { taxPayerPin: 'A744610021G' } })).statusCode).toBe(
      503,
    );

    const shown = await gw.request('GET', `/api/kra/apps/${app.id}`, { token: t.token });
    await gw.deps.requestLog.flush();
    for (const text of [created.body, shown.body, gw.logs(), JSON.stringify(await gw.rawRows('kra_apps')), JSON.stringify(await gw.rawRows('request_logs'))]) {
      expect(text).not.toContain(secret);
    }

    // Removing the pair falls back to the app's own credentials.
    const removed = await gw.request('PATCH', `/api/kra/apps/${app.id}`, { token: t.token, body: { settings: { credentials: { pinByPin: null } } } });
    expect(removed.json().data.credentials_set).toEqual(['consumer_key', 'consumer_secret']);
  });

  it('names a bad per-API credential entry', async () => {
    const res = await gw.request('POST', '/api/kra/apps', {
      token: t.token,
      body: { ...simApp, name: 'bad', settings: { credentials: { noSuchApi: { consumer_key: 'k', consumer_secret: 's' }, pinById: { consumer_key: 'k' } } } },
    });
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().errors).sort()).toEqual(['settings.credentials.noSuchApi', 'settings.credentials.pinById.consumer_secret']);
  });

  it('calls an overridden KRA path from the app settings, and names a broken override', async () => {
    const app = await createApp(gw.deps, t.tenantId, {
      ...simApp,
      is_active: false,
      name: 'override',
      settings: { paths: { pinById: { path: '/checker/v1/pinbyid' } } },
    });
    await gw.request('PATCH', `/api/kra/apps/${app.id}`, { token: t.token, body: { is_active: true } });
    const headers = { 'x-kra-app-id': String(app.id) };
    const res = await gw.request('POST', '/api/kra/checkers/pin-by-id', { token: t.token, headers, body: { ID: '12345678' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ TaxpayerPIN: 'A744610021G' });
    const [entry] = (await gw.request('GET', `/api/logs?app_id=${app.id}`, { token: t.token })).json().data;
    expect(entry.kra_path).toBe('/checker/v1/pinbyid');

    // A host in an override is refused when written, naming the setting; the working override stays.
    const refused = await gw.request('PATCH', `/api/kra/apps/${app.id}`, {
      token: t.token,
      body: { settings: { paths: { pinById: { path: 'https://evil.example/x' } } } },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toHaveProperty(['settings.paths.pinById.path']);
    expect((await gw.request('POST', '/api/kra/checkers/pin-by-id', { token: t.token, headers, body: { ID: '12345678' } })).statusCode).toBe(200);

    // Settings stored before they were checked on write still fail safely, naming the setting.
    await gw.deps.db
      .updateTable('kra_apps')
      .set({ settings: JSON.stringify({ paths: { pinById: { path: 'https://evil.example/x' } } }) })
      .where('id', '=', app.id)
      .execute();
    // As a gateway started after this write would read it (it bypasses the service's invalidation).
    await gw.deps.rowCache.invalidate([cacheTags.apps(t.tenantId)]);
    const broken = await gw.request('POST', '/api/kra/checkers/pin-by-id', { token: t.token, headers, body: { ID: '12345678' } });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().errors).toHaveProperty(['settings.paths.pinById.path']);
  });

  it('accepts KRA-native wrapped bodies as well as flat ones', async () => {
    await createApp(gw.deps, t.tenantId, { ...simApp, name: 'only active' });
    // Two active apps now exist: the call must say which one.
    const ambiguous = await gw.request('POST', '/api/kra/checkers/pin', { token: t.token, body: { KRAPIN: 'A744610021G' } });
    expect(ambiguous.statusCode).toBe(422);
    expect(ambiguous.json().errors['X-KRA-App-Id'][0]).toMatch(/send X-KRA-App-Id/);

    const solo = await gw.tenant(['*']);
    await createApp(gw.deps, solo.tenantId, { ...simApp, name: 'solo' });
    const post = (url: string, body: unknown) => gw.request('POST', url, { token: solo.token, body });
    const tot = await post('/api/kra/returns/tot', { TAXPAYERDETAILS: { TaxpayerPIN: 'A553210740V', Month: 6, Year: 2025, GrossTurnover: '50000.00' } });
    expect(tot.statusCode, tot.body).toBe(200);
    expect(tot.json().data).toMatchObject({ ComputedTax: 1500 });
    const tcc = await post('/api/kra/compliance/tcc-application', { REQUEST: { TAXPAYERDETAILS: { TaxpayerPIN: 'P318295670X', ReasonForTCC: 'Tender' } } });
    expect(tcc.statusCode, tcc.body).toBe(200);
    expect(tcc.json().data.TCCNumber).toBeTruthy();
    const station = await post('/api/kra/checkers/tax-service-office', { iTaxUSSDKnowStationRequest: { kraPIN: 'A744610021G' } });
    expect(station.json()).toMatchObject({ data: { STATIONDATA: { stationName: 'Nairobi West' } }, kra: { code: '84000' } });
    // Salami's spellings for PIN registration: DOB as YYYY-MM-DD and Y/N.
    const reg = await post('/api/kra/registration/pin', {
      TaxpayerType: 'KE',
      IdentificationNumber: '39876543',
      DateOfBirth: '1990-02-03',
      MobileNumber: '0712345678',
      EmailAddress: 'a@b.co.ke',
      IsPinWithNoOblig: 'N',
    });
    expect(reg.statusCode, reg.body).toBe(200);
    expect(reg.json().data.PIN).toMatch(/^A\d{9}[A-Z]$/);
  });
});
