import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { getAppWithSecrets } from './service.js';

const SECRET = 'super-secret-consumer-value-123';
const CMC = 'cmc-key-value-that-must-not-leak';

describe('KRA apps', () => {
  let gw: TestGateway;
  let admin: { tenantId: string; token: string };

  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true });
    admin = await gw.tenant(['*']);
  });
  afterAll(() => gw.close());

  const createPortal = (over: Record<string, unknown> = {}) =>
    gw.request('POST', '/api/kra/apps', {
      token: admin.token,
      body: {
        type: 'portal',
        name: 'Sandbox Portal',
        environment: 'simulator',
        consumer_key: SIM_DEFAULT_CONSUMER_KEY,
        consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
        ...over,
      },
    });

  describe('happy', () => {
    it('creates apps and lists them in exactly Salami’s list shape, credentials never included', async () => {
      const portal = await createPortal({ consumer_secret: SECRET });
      expect(portal.statusCode).toBe(201);
      expect(portal.body).not.toContain(SECRET);
      expect(portal.json().data).toMatchObject({ type: 'portal', is_active: true, credentials_set: ['consumer_key', 'consumer_secret'] });

      const etims = await gw.request('POST', '/api/kra/apps', {
        token: admin.token,
        body: { type: 'etims', name: 'eTIMS Main Branch', environment: 'sandbox', tin: 'P051234567Q', bhf_id: '01', dvc_srl_no: 'dvc-1', cmc_key: CMC },
      });
      expect(etims.statusCode).toBe(201);
      expect(etims.json().data).toMatchObject({ tin: 'P051234567Q', bhf_id: '01', dvc_srl_no: 'dvc-1', credentials_set: ['cmc_key'] });

      const list = await gw.request('GET', '/api/kra/apps', { token: admin.token });
      expect(list.statusCode).toBe(200);
      const body = list.json();
      expect(body.success).toBe(true);
      for (const app of body.data) {
        expect(Object.keys(app).sort()).toEqual(['created_at', 'environment', 'id', 'is_active', 'last_used_at', 'name', 'type']);
        expect(Number.isInteger(app.id)).toBe(true);
        expect(app.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
      expect(list.body).not.toContain(SECRET);
      expect(list.body).not.toContain(CMC);

      // Encrypted at rest, never logged.
      const raw = JSON.stringify(await gw.rawRows('kra_apps'));
      expect(raw).not.toContain(SECRET);
      expect(raw).not.toContain(CMC);
      expect(gw.logs()).not.toContain(SECRET);
      expect(gw.logs()).not.toContain(CMC);
    });

    it('renames, deactivates and replaces credentials', async () => {
      const id = (await createPortal()).json().data.id;
      const res = await gw.request('PATCH', `/api/kra/apps/${id}`, {
        token: admin.token,
        body: { name: 'Renamed', is_active: false, consumer_secret: 'rotated-secret-999' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toMatchObject({ name: 'Renamed', is_active: false });
      expect(res.body).not.toContain('rotated-secret-999');
      const opened = await getAppWithSecrets(gw.deps, admin.tenantId, id);
      expect(opened.secrets.consumer_secret).toBe('rotated-secret-999');
      const shown = await gw.request('GET', `/api/kra/apps/${id}`, { token: admin.token });
      expect(shown.json().data.name).toBe('Renamed');
    });

    it('applies every change to an app at once to the calls that follow, although the app was in the cache', async () => {
      const solo = await gw.tenant(['*']);
      const pin = (headers: Record<string, string> = {}) =>
        gw.request('POST', '/api/kra/checkers/pin', { token: solo.token, body: { KRAPIN: 'A744610021G' }, headers });
      const created = await gw.request('POST', '/api/kra/apps', {
        token: solo.token,
        body: { type: 'portal', name: 'one', environment: 'simulator', consumer_key: SIM_DEFAULT_CONSUMER_KEY, consumer_secret: SIM_DEFAULT_CONSUMER_SECRET },
      });
      const id = created.json().data.id as number;
      expect((await pin()).statusCode).toBe(200);
      expect((await pin({ 'x-kra-app-id': String(id) })).statusCode).toBe(200);

      // Credentials KRA refuses: the next call uses them.
      await gw.request('PATCH', `/api/kra/apps/${id}`, { token: solo.token, body: { consumer_secret: 'wrong-secret-for-the-simulator' } });
      expect((await pin()).json().error).toBe('kra_auth_failed');
      await gw.request('PATCH', `/api/kra/apps/${id}`, { token: solo.token, body: { consumer_secret: SIM_DEFAULT_CONSUMER_SECRET } });
      expect((await pin()).statusCode).toBe(200);

      // Deactivated: neither the default choice nor the header finds it.
      await gw.request('PATCH', `/api/kra/apps/${id}`, { token: solo.token, body: { is_active: false } });
      expect((await pin()).json().errors['X-KRA-App-Id'][0]).toMatch(/no active portal app/);
      expect((await pin({ 'x-kra-app-id': String(id) })).json().errors['X-KRA-App-Id'][0]).toMatch(/inactive/);

      // Active again, then a second active app: the default choice becomes ambiguous at once.
      await gw.request('PATCH', `/api/kra/apps/${id}`, { token: solo.token, body: { is_active: true } });
      expect((await pin()).statusCode).toBe(200);
      await gw.request('POST', '/api/kra/apps', {
        token: solo.token,
        body: { type: 'portal', name: 'two', environment: 'simulator', consumer_key: SIM_DEFAULT_CONSUMER_KEY, consumer_secret: SIM_DEFAULT_CONSUMER_SECRET },
      });
      expect((await pin()).json().errors['X-KRA-App-Id'][0]).toMatch(/send X-KRA-App-Id/);
    });

    it('loses no credential when changes to one app race', async () => {
      const etims = await gw.request('POST', '/api/kra/apps', {
        token: admin.token,
        body: { type: 'etims', name: 'race', environment: 'sandbox', tin: 'P051234567Q', bhf_id: '02', dvc_srl_no: 'race-1' },
      });
      const id = etims.json().data.id as number;
      for (let i = 0; i < 10; i++) {
        const [a, b] = await Promise.all([
          gw.request('PATCH', `/api/kra/apps/${id}`, { token: admin.token, body: { cmc_key: `cmc-race-${i}` } }),
          gw.request('PATCH', `/api/kra/apps/${id}`, { token: admin.token, body: { name: `renamed ${i}` } }),
        ]);
        expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
        expect((await getAppWithSecrets(gw.deps, admin.tenantId, id)).secrets.cmc_key).toBe(`cmc-race-${i}`);
      }
    });

    it('tests a portal app against the simulator: connected, in Salami’s shape', async () => {
      const id = (await createPortal()).json().data.id;
      const res = await gw.request('POST', `/api/kra/apps/${id}/test`, { token: admin.token });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toEqual({
        success: true,
        data: {
          app_id: id,
          app_name: 'Sandbox Portal',
          environment: 'simulator',
          status: 'connected',
          token_generated: true,
          token_expires_in: 3599,
          tested_at: expect.stringMatching(/Z$/),
        },
        message: 'KRA credentials are valid. Token generated successfully.',
      });
      expect(gw.logs()).not.toContain(SIM_DEFAULT_CONSUMER_SECRET);
    });
  });

  describe('errors', () => {
    it('answers a failed credential test with 422 kra_auth_failed in Salami’s shape', async () => {
      const id = (await createPortal({ consumer_secret: SECRET })).json().data.id;
      const res = await gw.request('POST', `/api/kra/apps/${id}/test`, { token: admin.token });
      expect(res.statusCode).toBe(422);
      const body = res.json();
      expect(body).toMatchObject({
        success: false,
        data: { app_id: id, app_name: 'Sandbox Portal', environment: 'simulator', status: 'failed', token_generated: false },
        message: 'Failed to generate access token. Please verify your consumer key and secret.',
        error: 'kra_auth_failed',
      });
      expect(res.body).not.toContain(SECRET);
      expect(gw.logs()).not.toContain(SECRET);
    });

    it.each([
      [{ type: 'etims', name: 'x', environment: 'sandbox', tin: 'A12', bhf_id: '00', dvc_srl_no: 'd' }, 'tin'],
      [{ type: 'etims', name: 'x', environment: 'sandbox', tin: 'A123456789Z', bhf_id: '0', dvc_srl_no: 'd' }, 'bhf_id'],
      [{ type: 'etims', name: 'x', environment: 'sandbox', tin: 'A123456789Z', bhf_id: '00', dvc_srl_no: 'd'.repeat(101) }, 'dvc_srl_no'],
      [{ type: 'etims', name: 'x', environment: 'sandbox', tin: 'A123456789Z', bhf_id: '00' }, 'dvc_srl_no'],
      [{ type: 'portal', name: 'x', environment: 'sandbox', consumer_key: 'k' }, 'consumer_secret'],
      [{ type: 'portal', name: '', environment: 'sandbox', consumer_key: 'k', consumer_secret: 's' }, 'name'],
      [{ type: 'portal', name: 'x', environment: 'staging', consumer_key: 'k', consumer_secret: 's' }, 'environment'],
      [{ type: 'vscu', name: 'x', environment: 'sandbox' }, 'type'],
    ])('names the bad field: %j → %s', async (body, field) => {
      const res = await gw.request('POST', '/api/kra/apps', { token: admin.token, body });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toBe('validation_error');
      expect(Object.keys(res.json().errors)).toContain(field);
    });

    it.each([
      [{ tranport: 'legacy' }, 'settings.tranport'],
      [{ transport: 'gavaconect' }, 'settings.transport'],
      [{ oscu_paths: { selectCodeList: 'https://evil.example/x' } }, 'settings.oscu_paths.selectCodeList'],
      [{ oscu_paths: { selectNothing: '/x' } }, 'settings.oscu_paths.selectNothing'],
      [{ paths: { pinById: { path: 'checker/v1/pinbyid' } } }, 'settings.paths.pinById.path'],
      [{ line_tax_key: 'tax' }, 'settings.line_tax_key'],
      [{ extra_headers: { 'bad header': 'x' } }, 'settings.extra_headers.bad header'],
    ])('refuses bad settings when they are written: %j → %s', async (settings, field) => {
      const res = await gw.request('POST', '/api/kra/apps', {
        token: admin.token,
        body: { type: 'etims', name: 'x', environment: 'sandbox', tin: 'P051234567Q', bhf_id: '00', dvc_srl_no: 'd', settings },
      });
      expect(res.statusCode).toBe(422);
      expect(Object.keys(res.json().errors)).toContain(field);
    });

    it('refuses control characters in credentials', async () => {
      const res = await createPortal({ consumer_secret: 'abc\r\nX-Injected: 1' });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toHaveProperty('consumer_secret');
    });

    it('refuses eTIMS fields on a portal app, and unknown fields', async () => {
      const id = (await createPortal()).json().data.id;
      const res = await gw.request('PATCH', `/api/kra/apps/${id}`, { token: admin.token, body: { tin: 'A123456789Z' } });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toHaveProperty('tin');
      const unknown = await gw.request('PATCH', `/api/kra/apps/${id}`, { token: admin.token, body: { colour: 'red' } });
      expect(unknown.statusCode).toBe(422);
    });

    it('answers 404 for an app that does not exist', async () => {
      expect((await gw.request('GET', '/api/kra/apps/999999', { token: admin.token })).statusCode).toBe(404);
      expect((await gw.request('POST', '/api/kra/apps/999999/test', { token: admin.token })).statusCode).toBe(404);
    });

    // Found by the fuzz test: on PostgreSQL (ids are 4-byte `serial`) these were 500s.
    it('refuses ids beyond any app (2^31 and up) with a 422 on both engines, in the path and in X-KRA-App-Id', async () => {
      for (const [method, url] of [
        ['GET', '/api/kra/apps/2147483648'],
        ['PATCH', '/api/kra/apps/2147483648'],
        ['POST', '/api/kra/apps/9999999999/test'],
      ] as const) {
        const res = await gw.request(method, url, { token: admin.token, ...(method === 'PATCH' ? { body: { name: 'x' } } : {}) });
        expect(res.statusCode, url).toBe(422);
        expect(Object.keys(res.json().errors)).toEqual(['id']);
      }
      expect((await gw.request('GET', '/api/kra/apps/2147483647', { token: admin.token })).statusCode).toBe(404);
      for (const header of ['2147483648', '99999999999999999999', '9'.repeat(400)]) {
        const res = await gw.request('POST', '/api/kra/checkers/pin', {
          token: admin.token,
          body: { KRAPIN: 'A744610021G' },
          headers: { 'x-kra-app-id': header },
        });
        expect(res.statusCode).toBe(422);
        expect(res.json().errors).toEqual({ 'X-KRA-App-Id': ['must be the integer id of one of your KRA apps'] });
      }
      const logs = await gw.request('GET', '/api/logs?app_id=2147483648', { token: admin.token });
      expect(logs.statusCode).toBe(422);
      expect(Object.keys(logs.json().errors)).toEqual(['app_id']);
    });
  });

  describe('security', () => {
    it("keeps each tenant's apps to itself on every app route", async () => {
      const id = (await createPortal({ consumer_secret: SECRET })).json().data.id;
      const other = await gw.tenant(['*']);
      expect((await gw.request('GET', '/api/kra/apps', { token: other.token })).json().data).toEqual([]);
      expect((await gw.request('GET', `/api/kra/apps/${id}`, { token: other.token })).statusCode).toBe(404);
      expect((await gw.request('PATCH', `/api/kra/apps/${id}`, { token: other.token, body: { name: 'stolen' } })).statusCode).toBe(404);
      expect((await gw.request('POST', `/api/kra/apps/${id}/test`, { token: other.token })).statusCode).toBe(404);
      expect((await gw.request('GET', `/api/kra/apps/${id}`, { token: admin.token })).json().data.name).toBe('Sandbox Portal');
    });

    it('requires admin to create or change apps, kra:apps to list and test', async () => {
      const t = await gw.token(admin.tenantId, ['kra_read_only']);
      expect((await gw.request('GET', '/api/kra/apps', { token: t })).statusCode).toBe(200);
      const res = await gw.request('POST', '/api/kra/apps', { token: t, body: {} });
      expect(res.statusCode).toBe(403);
      expect(res.json().required_route).toBe('api.kra.apps.store');
    });
  });
});
