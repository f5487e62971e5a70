/**
 * One test per finding of the hardening review (an attacker's view of one gateway): tenants reaching
 * past their own KRA calls, requests that stall the server, tokens minting more than they hold
 * (auth/tokens.test.ts), unknown fields reaching KRA, protocol headers in settings, slow clients,
 * errors outside our envelope, and the smaller leaks.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openStore } from './store/db.js';
import { createTestGateway, TEST_ENGINE, type TestGateway } from './test-support/gateway.js';
import { exchange, openSocket } from './test-support/raw-http.js';
import { simControl } from './test-support/sim-control.js';
import { testServerFactory } from './test-support/server.js';
import { cacheTags } from './infra/cache-tags.js';

type Json = Record<string, unknown>;

/** Every error leaves in our envelope, with the request id that is also in the header. */
function expectEnvelope(body: Json | undefined, status: number, headers: Record<string, unknown>, code?: string): void {
  expect(body, `status ${status}`).toMatchObject({
    success: false,
    message: expect.any(String),
    error: code ?? expect.any(String),
    request_id: expect.any(String),
  });
  expect(headers['x-request-id']).toBe(body!.request_id);
}

describe('1. a tenant reaches only KRA API paths', () => {
  let gw: TestGateway;
  let token: string;
  let portalApp: number;
  let etimsApp: number;
  const ESCAPES = ['/../__sim/faults', '/checker/v1/../../__sim/faults', '/__sim/devices', '/checker/v1/%2e%2e/%2e%2e/__sim/faults', '/v1/x?y=1', '/v1/x#y'];

  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true });
    token = (await gw.tenant(['*'])).token;
    const created = await gw.request('POST', '/api/kra/apps', {
      token,
      body: { type: 'portal', name: 'p', environment: 'simulator', consumer_key: SIM_DEFAULT_CONSUMER_KEY, consumer_secret: SIM_DEFAULT_CONSUMER_SECRET },
    });
    portalApp = created.json().data.id;
    const etims = await gw.request('POST', '/api/kra/apps', {
      token,
      body: {
        type: 'etims',
        name: 'e',
        environment: 'simulator',
        tin: 'P051234567Q',
        bhf_id: '00',
        dvc_srl_no: 'ushuru-sim-dvc-01',
        cmc_key: 'not-a-real-key',
      },
    });
    etimsApp = etims.json().data.id;
  });
  afterAll(() => gw.close());

  it.each(ESCAPES)('refuses %s in every path setting when it is written', async (path) => {
    const settings: Array<[Json, string]> = [
      [{ paths: { pinByPin: { path } } }, 'settings.paths.pinByPin.path'],
      [{ paths: { pinByPin: { tokenPath: path } } }, 'settings.paths.pinByPin.tokenPath'],
      [{ token_path: path }, 'settings.token_path'],
      [{ oscu_paths: { saveItem: path } }, 'settings.oscu_paths.saveItem'],
    ];
    for (const [value, field] of settings) {
      const res = await gw.request('PATCH', `/api/kra/apps/${portalApp}`, { token, body: { settings: value } });
      expect(res.statusCode, field).toBe(422);
      expect(Object.keys(res.json().errors)).toEqual([field]);
    }
  });

  it('sends nothing when a stored setting escapes KRA’s API (written before these checks), and names it', async () => {
    const sim = simControl(gw.simulatorUrl!);
    const before = await sim.stats();
    await gw.deps.db
      .updateTable('kra_apps')
      .set({ settings: JSON.stringify({ paths: { pinByPin: { path: '/../__sim/faults' } } }) })
      .where('id', '=', portalApp)
      .execute();
    await gw.deps.db
      .updateTable('kra_apps')
      .set({ settings: JSON.stringify({ oscu_paths: { selectCustomer: '/etims-api/../../__sim/reset' } }) })
      .where('id', '=', etimsApp)
      .execute();
    // As a gateway started after these writes would read them (they bypass the service's invalidation).
    const tenantId = (await gw.deps.db.selectFrom('kra_apps').select('tenant_id').where('id', '=', portalApp).executeTakeFirstOrThrow()).tenant_id;
    await gw.deps.rowCache.invalidate([cacheTags.apps(tenantId)]);

    const portal = await gw.request('POST', '/api/kra/checkers/pin', {
      token,
      body: { KRAPIN: 'A744610021G' },
      headers: { 'x-kra-app-id': String(portalApp) },
    });
    expect(portal.statusCode).toBe(422);
    expect(portal.json()).toMatchObject({
      error: 'validation_error',
      errors: { 'settings.paths.pinByPin.path': [expect.stringMatching(/^must be a developer\.go\.ke API path/)] },
    });
    const oscu = await gw.request('GET', '/api/etims/customers/lookup/P051234567Q', { token, headers: { 'x-kra-app-id': String(etimsApp) } });
    expect(oscu.statusCode).toBe(422);
    expect(Object.keys(oscu.json().errors)).toEqual(['settings.oscu_paths.selectCustomer']);

    expect((await sim.stats()).routes).toEqual(before.routes);
    expect(await sim.faults()).toEqual([]);
  });

  it('keeps the built-in simulator’s control API closed to everyone without the control token', async () => {
    const servers = testServerFactory();
    try {
      const open = await servers.start();
      const refused = await fetch(`${open.simulatorUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify({ errorKind: 'http503' }) });
      expect(refused.status).toBe(404);
      await refused.arrayBuffer();
      expect(open.simulatorControl!.listFaults()).toEqual([]);
      await open.stop();

      const locked = await servers.start({ USHURU_SIMULATOR_CONTROL_TOKEN: 'operator-control-token-123' });
      await expect(simControl(locked.simulatorUrl!).stats()).rejects.toThrow(/HTTP 404/);
      await expect(simControl(locked.simulatorUrl!, { controlToken: 'operator-control-token-124' }).stats()).rejects.toThrow(/HTTP 404/);
      expect((await simControl(locked.simulatorUrl!, { controlToken: 'operator-control-token-123' }).stats()).routes).toBeDefined();
    } finally {
      await servers.cleanup();
    }
  });
});

describe('2. one request cannot stall everyone', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await createTestGateway();
    token = (await gw.tenant(['*'])).token;
    await gw.request('POST', '/api/kra/apps', {
      token,
      body: { type: 'etims', name: 'e', environment: 'sandbox', tin: 'P051234567Q', bhf_id: '00', dvc_srl_no: 'd', cmc_key: 'k' },
    });
  });
  afterAll(() => gw.close());

  it('refuses an itemList of 100,000 empty objects at once, with a short answer', async () => {
    const payload = JSON.stringify({ itemList: Array.from({ length: 100_000 }, () => ({})) });
    const res = await gw.request('POST', '/api/etims/oscu/saveTrnsSalesOsdc', { token, body: payload, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'validation_error', errors: { itemList: ['must have at most 1000 entries'] } });
    expect(res.body.length).toBeLessThan(1000);
  });

  it('names at most 100 fields and counts the rest', async () => {
    const res = await gw.request('POST', '/api/etims/oscu/saveTrnsSalesOsdc', { token, body: { itemList: Array.from({ length: 1000 }, () => ({})) } });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(Object.keys(body.errors)).toHaveLength(100);
    expect(body.error_count).toBeGreaterThan(1000);
    expect(res.body.length).toBeLessThan(20_000);
  });

  it.each([
    ['/api/tokens', 'POST'],
    ['/api/kra/apps', 'POST'],
    ['/api/etims/customers', 'POST'],
    ['/api/kra/checkers/pin', 'POST'],
  ] as const)('refuses a body nested 9,000 deep on %s, with or without an Idempotency-Key', async (url, method) => {
    const deep = '['.repeat(9000) + ']'.repeat(9000);
    for (const headers of [{ 'content-type': 'application/json' }, { 'content-type': 'application/json', 'idempotency-key': 'deep-1' }] as Array<
      Record<string, string>
    >) {
      const res = await gw.request(method, url, { token, body: `{"a":${deep}}`, headers });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ errors: { body: ['is nested more than 32 levels deep'] } });
    }
  });

  it('refuses strings longer than any KRA field and objects with too many fields', async () => {
    const long = await gw.request('POST', '/api/kra/checkers/pin', { token, body: { KRAPIN: 'A744610021G', note: 'x'.repeat(10_001) } });
    expect(long.statusCode).toBe(422);
    expect(long.json().errors).toEqual({ note: ['must be at most 10000 characters'] });
    const wide = await gw.request('POST', '/api/kra/checkers/pin', { token, body: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, 1])) });
    expect(wide.statusCode).toBe(422);
    expect(wide.json().errors).toEqual({ body: ['must have at most 200 fields'] });
  });
});

describe('4. our routes take only their own fields; the device fields are the gateway’s', () => {
  let gw: TestGateway;
  let token: string;
  let app: number;

  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true, env: { USHURU_LOG_BODIES: 'true' } });
    token = (await gw.tenant(['*'])).token;
    const created = await gw.request('POST', '/api/kra/apps', {
      token,
      body: { type: 'etims', name: 'e', environment: 'simulator', tin: 'P051234567Q', bhf_id: '00', dvc_srl_no: 'ushuru-sim-dvc-01' },
    });
    app = created.json().data.id;
    expect((await gw.request('POST', '/api/etims/device/initialize', { token })).statusCode).toBe(200);
    expect((await gw.request('POST', '/api/etims/sync/codes', { token })).statusCode).toBe(200);
  });
  afterAll(() => gw.close());

  const item = {
    itemClsCd: '5022170100',
    itemTyCd: '2',
    itemNm: 'Maize Flour 5kg',
    orgnNatCd: 'KE',
    pkgUnitCd: 'NT',
    qtyUnitCd: 'U',
    taxTyCd: 'B',
    dftPrc: 480,
  };

  it('refuses fields an item does not have, naming each', async () => {
    const res = await gw.request('POST', '/api/etims/items', {
      token,
      body: { ...item, tenant_id: 'other', app_id: 99, tin: 'A123456789Z', regBhfId: '01', rraModYn: 'Y' },
    });
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().errors).sort()).toEqual(['app_id', 'regBhfId', 'rraModYn', 'tenant_id', 'tin']);
    expect(res.json().errors.tin).toEqual(['is not a field of this request']);
    const update = await gw.request('PUT', '/api/etims/items/KE2NTU0000001', { token, body: { tin: 'A123456789Z' } });
    expect([404, 422]).toContain(update.statusCode);
  });

  it('refuses unknown customer fields (Salami’s names still work)', async () => {
    const res = await gw.request('POST', '/api/etims/customers', {
      token,
      body: { customer_pin: 'P051234567Q', customer_name: 'X LTD', tin: 'A123456789Z', tenant_id: 't' },
    });
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().errors).sort()).toEqual(['tenant_id', 'tin']);
    const fine = await gw.request('POST', '/api/etims/customers', { token, body: { customer_pin: 'P051234567Q', customer_name: 'X LTD' } });
    expect(fine.statusCode).toBe(201);
  });

  it('on raw OSCU calls, refuses another taxpayer’s tin or branch and never forwards a cmcKey from the body', async () => {
    const other = await gw.request('POST', '/api/etims/oscu/selectCustomer', { token, body: { custmTin: 'P051234567Q', tin: 'A123456789Z', bhfId: '01' } });
    expect(other.statusCode).toBe(422);
    expect(Object.keys(other.json().errors).sort()).toEqual(['bhfId', 'tin']);
    const own = await gw.request('POST', '/api/etims/oscu/selectCustomer', {
      token,
      body: { custmTin: 'P051234567Q', tin: 'P051234567Q', bhfId: '00', cmcKey: 'attacker-chosen-key' },
    });
    expect(own.statusCode).toBe(200);
    await gw.deps.requestLog.flush();
    const logged = JSON.stringify(await gw.rawRows('request_logs'));
    expect(logged).toContain('selectCustomer');
    expect(logged).not.toContain('attacker-chosen-key');
    expect(app).toBeGreaterThan(0);
  });
});

describe('5. settings cannot replace protocol headers', () => {
  let gw: TestGateway;
  let token: string;
  beforeAll(async () => {
    gw = await createTestGateway();
    token = (await gw.tenant(['*'])).token;
  });
  afterAll(() => gw.close());

  const createAppWithHeaders = (extraHeaders: Record<string, string>) =>
    gw.request('POST', '/api/kra/apps', {
      token,
      body: { type: 'etims', name: 'e', environment: 'sandbox', tin: 'P051234567Q', bhf_id: '00', dvc_srl_no: 'd', settings: { extra_headers: extraHeaders } },
    });

  it.each(['Authorization', 'content-length', 'Transfer-Encoding', 'HOST', 'Expect', 'Upgrade', 'Connection', 'tin', 'bhfId', 'cmcKey'])(
    'refuses extra_headers.%s',
    async (name) => {
      const res = await createAppWithHeaders({ [name]: 'x' });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual({ [`settings.extra_headers.${name}`]: ['is a header the gateway sets itself and cannot be overridden'] });
    },
  );

  it('keeps a harmless extra header', async () => {
    const res = await createAppWithHeaders({ apigee_app_id: 'abc' });
    expect(res.statusCode).toBe(201);
  });
});

describe('6 and 7. slow clients, connection caps and errors below the router, on a listening server', () => {
  let gw: TestGateway;
  let port: number;
  let token: string;

  beforeAll(async () => {
    gw = await createTestGateway({
      env: { USHURU_REQUEST_TIMEOUT_MS: '1200', USHURU_HEADERS_TIMEOUT_MS: '800', USHURU_MAX_CONNECTIONS_PER_IP: '4' },
    });
    token = (await gw.tenant(['*'])).token;
    await gw.app.listen({ port: 0, host: '127.0.0.1' });
    port = (gw.app.server.address() as { port: number }).port;
  });
  afterAll(() => gw.close());

  it('answers 408 in our envelope to a body trickled one byte at a time, within the deadline', async () => {
    const head = `POST /api/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`;
    const res = await exchange(port, [head, ...'{"name":"slow","scopes":["admin"]}'.split('')], { gapMs: 150, waitMs: 6000 });
    expect(res.status).toBe(408);
    expectEnvelope(res.json, 408, res.headers, 'request_timeout');
    expect(res.elapsedMs).toBeLessThan(5000);
  });

  it('answers 408 to headers that never finish', async () => {
    const res = await exchange(port, ['GET /healthz HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n', 'X-D: 4\r\n', 'X-E: 5\r\n'], {
      gapMs: 300,
      waitMs: 6000,
    });
    expect(res.status).toBe(408);
    expectEnvelope(res.json, 408, res.headers, 'request_timeout');
  });

  it('caps open connections per address and answers the next one with 429 in our envelope', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, () => openSocket(port)));
    try {
      const refused = await exchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'], { waitMs: 3000 });
      expect(refused.status).toBe(429);
      expectEnvelope(refused.json, 429, refused.headers, 'rate_limited');
    } finally {
      for (const socket of held) socket.destroy();
    }
    await new Promise((r) => setTimeout(r, 100));
    const fine = await exchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(fine.status).toBe(200);
  });

  it.each([
    ['headers over 16 KB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['a control character in a header', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n', 400, 'bad_request'],
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400, 'bad_request'],
    ['%FF%FE in a path parameter', 'GET /api/tokens/%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'bad_request'],
    ['a path parameter over 100 characters', `DELETE /api/tokens/${'a'.repeat(150)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 414, 'uri_too_long'],
  ])('answers %s in our envelope', async (_label, request, status, code) => {
    const res = await exchange(port, [request]);
    expect(res.status).toBe(status);
    expectEnvelope(res.json, status, res.headers, code);
  });
});

describe('8. smaller leaks', () => {
  let gw: TestGateway;
  let token: string;
  beforeAll(async () => {
    // A KRA host that refuses connections: the error must name the KRA path, not the host.
    gw = await createTestGateway({ env: { USHURU_KRA_SANDBOX_PORTAL_URL: 'http://127.0.0.1:9/internal-proxy' } });
    token = (await gw.tenant(['*'])).token;
    await gw.request('POST', '/api/kra/apps', { token, body: { type: 'portal', name: 'p', environment: 'sandbox', consumer_key: 'k', consumer_secret: 's' } });
  });
  afterAll(() => gw.close());

  it('shows the KRA path in an error, never the internal KRA URL', async () => {
    const res = await gw.request('POST', '/api/kra/checkers/pin', { token, body: { KRAPIN: 'A744610021G' } });
    expect(res.statusCode).toBe(502);
    expect(res.json().message).toContain('/internal-proxy/v1/token/generate');
    expect(res.body).not.toContain('127.0.0.1');
  });

  it('refuses control, zero-width and direction-override characters in names', async () => {
    for (const name of ['ACME\u202Edtl', 'ze\u200Bro', 'nul\u0000l', 'bell\u0007', 'line\nbreak', 'b\uFEFFom']) {
      const tokenRes = await gw.request('POST', '/api/tokens', { token, body: { name, scopes: ['admin'] } });
      expect(tokenRes.statusCode, JSON.stringify(name)).toBe(422);
      expect(Object.keys(tokenRes.json().errors)).toEqual(['name']);
      const appRes = await gw.request('POST', '/api/kra/apps', {
        token,
        body: { type: 'portal', name, environment: 'sandbox', consumer_key: 'k', consumer_secret: 's' },
      });
      expect(appRes.statusCode).toBe(422);
      expect(Object.keys(appRes.json().errors)).toEqual(['name']);
    }
    const item = await gw.request('POST', '/api/etims/oscu/saveBhfCustomer', {
      token,
      body: { custNo: '1', custTin: 'P051234567Q', custNm: 'X\u202ELTD', useYn: 'Y', regrId: 'a', regrNm: 'a', modrId: 'a', modrNm: 'a' },
    });
    expect(item.statusCode).toBe(422);
    expect(item.json().errors).toEqual({ custNm: ['must not contain control, zero-width or bidirectional-override characters'] });
  });

  it('refuses numbers beyond 2^53 and amounts with more decimals than KRA takes, instead of rounding them', async () => {
    const sale = '{"invcNo": 9007199254740993, "orgInvcNo": 0}';
    const big = await gw.request('POST', '/api/etims/oscu/selectInvoiceDetails', {
      token,
      body: sale.replace(', "orgInvcNo": 0', ''),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.statusCode).toBe(422);
    expect(big.json().errors.invcNo).toEqual([`must be at most ${Number.MAX_SAFE_INTEGER} in size`]);
    const item = {
      itemCd: 'KE2NTU0000001',
      itemClsCd: '5022170100',
      itemTyCd: '2',
      itemNm: 'x',
      orgnNatCd: 'KE',
      pkgUnitCd: 'NT',
      qtyUnitCd: 'U',
      taxTyCd: 'B',
      isrcAplcbYn: 'N',
      useYn: 'Y',
      regrId: 'a',
      regrNm: 'a',
      modrId: 'a',
      modrNm: 'a',
    };
    for (const [dftPrc, message] of [
      [1.005, 'must have at most 2 decimals'],
      [1e20, 'must be at most 90071992547409 in size (larger values cannot be carried exactly)'],
      ['1.005', 'must have at most 2 decimals'],
    ] as const) {
      const res = await gw.request('POST', '/api/etims/oscu/saveItem', { token, body: { ...item, dftPrc } });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.dftPrc).toEqual([message]);
    }
  });

  it.each(['%201', '1%20', '01', '1e0', '0x1', '-1', '1.0', '+1'])('does not take %s as an id', async (id) => {
    const res = await gw.request('GET', `/api/kra/apps/${id}`, { token });
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().errors)).toEqual(['id']);
  });

  it('refuses query numbers that are not plain digits', async () => {
    for (const q of ['limit=%201', 'limit=1e1', 'limit=0x10', 'app_id=01', 'status=2e2']) {
      const res = await gw.request('GET', `/api/logs?${q}`, { token });
      expect(res.statusCode, q).toBe(422);
    }
  });

  it('creates SQLite files 0600 in a 0700 folder, and tightens an older 0644 file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ushuru-perm-'));
    try {
      const file = join(dir, 'nested', 'data', 'u.db');
      const store = await openStore(`sqlite:${file}`);
      await store.db
        .selectFrom('sqlite_master' as never)
        .selectAll()
        .execute();
      expect(statSync(join(dir, 'nested', 'data')).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await store.close();

      const old = join(dir, 'old.db');
      writeFileSync(old, '', { mode: 0o644 });
      const reopened = await openStore(`sqlite:${old}`);
      expect(statSync(old).mode & 0o777).toBe(0o600);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 404 for a code class that is not synced', async () => {
    await gw.request('POST', '/api/kra/apps', {
      token,
      body: { type: 'etims', name: 'e', environment: 'sandbox', tin: 'P051234567Q', bhf_id: '00', dvc_srl_no: 'd' },
    });
    const res = await gw.request('GET', '/api/etims/codes/99', { token });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });
});

// The SQLite permission test is engine-independent; the rest runs on both engines.
void TEST_ENGINE;
