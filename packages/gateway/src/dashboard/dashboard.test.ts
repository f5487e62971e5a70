/**
 * The dashboard through HTTP on both engines: login, session cookie, CSRF, roles, tenant isolation,
 * login rate limit, no secret in any page, app settings and webhook endpoints.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { GENERIC_LOGIN_ERROR, sessionCookie } from './auth-pages.js';
import { LOGIN_LIMIT_PER_EMAIL } from './login-limit.js';
import { addUser, loggedIn, login, PASSWORD, type LoggedIn } from '../test-support/dashboard.js';

describe('dashboard', () => {
  let gw: TestGateway;
  let tenantA: string;
  let tenantB: string;
  let admin: LoggedIn;
  let otherAdmin: LoggedIn;
  let appOfB: number;
  let tokenA: string;
  let tokenB: string;
  /** A webhook receiver on 127.0.0.1 (private targets are allowed for this gateway). */
  let receiver: Server;
  let receiverUrl: string;
  const received: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
    gw = await createTestGateway({ env: { USHURU_WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    const a = await gw.tenant(['*']);
    tenantA = a.tenantId;
    tokenA = a.token;
    const b = await gw.tenant();
    tenantB = b.tenantId;
    tokenB = b.token;
    await addUser(gw, tenantA, 'admin@a.example', 'admin');
    await addUser(gw, tenantA, 'member@a.example', 'member');
    await addUser(gw, tenantA, 'viewer@a.example', 'viewer');
    await addUser(gw, tenantB, 'admin@b.example', 'admin');
    admin = await loggedIn(gw, 'admin@a.example');
    otherAdmin = await loggedIn(gw, 'admin@b.example');
    const created = await gw.request('POST', '/api/kra/apps', {
      token: b.token,
      body: { type: 'portal', name: 'B portal', environment: 'sandbox', consumer_key: 'b-key-1234567', consumer_secret: 'b-secret-SHOULD-NOT-LEAK' },
    });
    appOfB = created.json().data.id;
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it('redirects to the login page without a session, and serves the login page', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/dashboard/apps' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/dashboard/login');
    const page = await gw.app.inject({ method: 'GET', url: '/dashboard/login' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<label>Email address');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('logs in with a session cookie that is HttpOnly, SameSite=Lax, and Secure only over TLS', async () => {
    const res = await login(gw, 'viewer@a.example');
    expect(res.statusCode).toBe(303);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^ushuru_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/dashboard');
    expect(cookie).not.toContain('Secure');
    // The session id is stored hashed: the cookie's value is nowhere in the table.
    const value = cookie.split(';')[0]!.split('=')[1]!;
    expect(JSON.stringify(await gw.rawRows('dashboard_sessions'))).not.toContain(value);
  });

  it('marks the cookie Secure when the request came over TLS', () => {
    expect(sessionCookie({ protocol: 'https' }, 'v', 60)).toContain('; Secure');
    expect(sessionCookie({ protocol: 'http' }, 'v', 60)).not.toContain('Secure');
  });

  it('answers a bad password and an unknown address with the same generic error', async () => {
    const wrong = await login(gw, 'admin@a.example', 'not the password at all');
    const unknown = await login(gw, 'nobody@a.example', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain(GENERIC_LOGIN_ERROR);
    expect(unknown.body).toContain(GENERIC_LOGIN_ERROR);
  });

  it('limits login attempts per email address', async () => {
    await addUser(gw, tenantA, 'target@a.example', 'viewer');
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMIT_PER_EMAIL + 1; i++) {
      statuses.push((await login(gw, 'target@a.example', 'wrong password ' + i)).statusCode);
    }
    expect(statuses.slice(0, LOGIN_LIMIT_PER_EMAIL).every((s) => s === 401)).toBe(true);
    const last = await login(gw, 'target@a.example');
    expect(last.statusCode).toBe(429);
    expect(last.body).toContain('Too many login attempts');
  });

  it('refuses a POST without the CSRF token, or with another session’s', async () => {
    const without = await admin.post('/dashboard/tokens', { name: 'x', scopes: 'etims:read' }, { csrf: null });
    expect(without.statusCode).toBe(403);
    const foreign = await admin.post('/dashboard/tokens', { name: 'x', scopes: 'etims:read' }, { csrf: otherAdmin.csrf });
    expect(foreign.statusCode).toBe(403);
    const withHeader = await gw.app.inject({
      method: 'POST',
      url: '/dashboard/tokens',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': admin.csrf },
      payload: 'name=via-htmx&scopes=etims%3Aread',
    });
    expect(withHeader.statusCode).toBe(200);
    expect(withHeader.body).toContain('via-htmx');
  });

  it('creates a token shown once, then lists it without the token and revokes it', async () => {
    const res = await admin.post('/dashboard/tokens', { name: 'POS till 1', scopes: ['kra:checkers', 'etims:write'] });
    expect(res.statusCode).toBe(200);
    const token = /id="new-token-value" class="secret-once">(ush_[^<]+)</.exec(res.body)?.[1];
    expect(token).toBeDefined();
    expect(res.headers['cache-control']).toBe('no-store');
    const list = await admin.get('/dashboard/tokens');
    expect(list.body).toContain('POS till 1');
    expect(list.body).not.toContain(token!);
    const works = await gw.request('GET', '/api/etims/sales', { token: token! });
    expect(works.statusCode).not.toBe(401);
    const row = list.body.split('<tr>').find((r) => r.includes('POS till 1'))!;
    const id = /action="\/dashboard\/tokens\/(tok_[^/]+)\/revoke"/.exec(row)?.[1];
    const revoked = await admin.post(`/dashboard/tokens/${id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await gw.request('GET', '/api/etims/sales', { token: token! })).statusCode).toBe(401);
  });

  it('adds a portal app whose secrets never appear in any page', async () => {
    const res = await admin.post('/dashboard/apps/new?type=portal', {
      name: 'Dash portal',
      environment: 'sandbox',
      consumer_key: 'ck-VISIBLE-NEVER-123',
      consumer_secret: 'cs-VISIBLE-NEVER-456',
    });
    expect(res.statusCode, res.body).toBe(303);
    const detail = await admin.get(String(res.headers.location));
    expect(detail.body).toContain('Dash portal');
    expect(detail.body).toContain('consumer_key, consumer_secret');
    const replaced = await admin.post(String(res.headers.location).replace(/\?.*/, '') + '/credentials', { consumer_secret: 'cs-REPLACED-NEVER-789' });
    expect(replaced.statusCode).toBe(303);
    for (const url of ['/dashboard', '/dashboard/apps', String(res.headers.location), '/dashboard/tokens', '/dashboard/users']) {
      const page = await admin.get(url);
      expect(page.statusCode, url).toBe(200);
      for (const secret of ['ck-VISIBLE-NEVER-123', 'cs-VISIBLE-NEVER-456', 'cs-REPLACED-NEVER-789', PASSWORD]) expect(page.body, url).not.toContain(secret);
    }
    expect(gw.logs()).not.toContain('cs-VISIBLE-NEVER-456');
  });

  it('refuses a bad app with the field named', async () => {
    const res = await admin.post('/dashboard/apps/new?type=etims', { name: 'bad', environment: 'simulator', tin: 'nope', bhf_id: '0', dvc_srl_no: 'x' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('tin:');
  });

  it('maps roles onto what a user may do', async () => {
    const member = await loggedIn(gw, 'member@a.example');
    const viewer = await loggedIn(gw, 'viewer@a.example');
    for (const user of [member, viewer]) {
      expect((await user.get('/dashboard/apps')).statusCode).toBe(200);
      expect((await user.get('/dashboard/apps')).body).not.toContain('Add New');
      expect((await user.post('/dashboard/tokens', { name: 'nope', scopes: '*' })).statusCode).toBe(403);
      expect(
        (await user.post('/dashboard/apps/new?type=portal', { name: 'x', environment: 'sandbox', consumer_key: 'k', consumer_secret: 's' })).statusCode,
      ).toBe(403);
      expect((await user.post('/dashboard/users', { email: 'x@a.example', password: PASSWORD, role: 'admin' })).statusCode).toBe(403);
    }
    const added = await admin.post('/dashboard/users', { email: 'new@a.example', password: PASSWORD, role: 'viewer' });
    expect(added.statusCode).toBe(303);
    expect((await admin.get('/dashboard/users')).body).toContain('new@a.example');
  });

  it('shows only the tenant’s own data: another tenant’s ids are 404', async () => {
    const apps = await admin.get('/dashboard/apps');
    expect(apps.body).not.toContain('B portal');
    expect((await admin.get(`/dashboard/apps/${appOfB}`)).statusCode).toBe(404);
    expect((await admin.post(`/dashboard/apps/${appOfB}/active`, { active: '0' })).statusCode).toBe(404);
    expect((await admin.post(`/dashboard/apps/${appOfB}/credentials`, { consumer_key: 'stolen-key' })).statusCode).toBe(404);
    expect((await otherAdmin.get(`/dashboard/apps/${appOfB}`)).statusCode).toBe(200);
    const bUsers = await gw.rawRows('dashboard_users');
    const bAdmin = bUsers.find((u) => u.email === 'admin@b.example')!;
    expect((await admin.post(`/dashboard/users/${String(bAdmin.id)}/delete`, {})).statusCode).toBe(404);
    expect((await otherAdmin.get('/dashboard')).statusCode).toBe(200);
  });

  it('logs out, and logs out everywhere', async () => {
    const one = await loggedIn(gw, 'member@a.example');
    const two = await loggedIn(gw, 'member@a.example');
    const out = await one.post('/dashboard/logout', {});
    expect(out.statusCode).toBe(303);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await one.get('/dashboard')).statusCode).toBe(303);
    expect((await two.get('/dashboard')).statusCode).toBe(200);
    const three = await loggedIn(gw, 'member@a.example');
    await three.post('/dashboard/logout-everywhere', {});
    expect((await two.get('/dashboard')).statusCode).toBe(303);
    expect((await three.get('/dashboard')).statusCode).toBe(303);
  });

  it('serves htmx from node_modules with a long cache, and the overview chart', async () => {
    const home = await admin.get('/dashboard');
    const src = /src="(\/dashboard\/assets\/htmx-[^"]+)"/.exec(home.body)?.[1];
    const js = await gw.app.inject({ method: 'GET', url: src! });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.body).toContain('htmx');
    expect(home.body).toContain('<svg class="chart"');
    expect(home.body).toContain('hx-headers=');
  });

  describe('app settings', () => {
    let appId: number;
    const settingsOf = async (id: number, token = tokenA) => (await gw.request('GET', `/api/kra/apps/${id}`, { token })).json().data.settings;

    beforeAll(async () => {
      const created = await gw.request('POST', '/api/kra/apps', {
        token: tokenA,
        body: {
          type: 'etims',
          name: 'Settings till',
          environment: 'simulator',
          tin: 'P051234567Q',
          bhf_id: '00',
          dvc_srl_no: 'dvc-settings-1',
          // Settings the form does not show: kept by every save.
          settings: { rounding: 'half_even', metadata: { ticket: 'OPS-12' }, receipt_footer: 'Old footer' },
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      appId = created.json().data.id;
    });

    it('shows the current settings in the form, to admins only', async () => {
      const page = await admin.get(`/dashboard/apps/${appId}`);
      expect(page.body).toContain('Receipt and document settings');
      expect(page.body).toMatch(/<textarea id="setting-receipt_footer" name="receipt_footer"[^>]*>Old footer<\/textarea>/);
      expect(page.body).toContain('<label for="setting-transport">');
      await addUser(gw, tenantA, 'settings-member@a.example', 'member');
      const member = await loggedIn(gw, 'settings-member@a.example');
      expect((await member.get(`/dashboard/apps/${appId}`)).body).not.toContain('Save settings');
      expect((await member.post(`/dashboard/apps/${appId}/settings`, { receipt_header: 'x' })).statusCode).toBe(403);
      expect((await settingsOf(appId)).receipt_header).toBeUndefined();
    });

    it('saves through the API, merged with the settings the form does not show', async () => {
      const res = await admin.post(`/dashboard/apps/${appId}/settings`, {
        receipt_header: 'Duka La Mama\nMoi Avenue, Nairobi',
        receipt_footer: '',
        training_mode: 'on',
        verification_page_base_url: 'https://pos.example.co.ke',
        line_amounts: 'vat_exclusive',
        stock_check: 'kra',
        credit_note_window_months: '12',
        transport: 'legacy',
      });
      expect(res.statusCode, res.body).toBe(303);
      expect(res.headers.location).toBe(`/dashboard/apps/${appId}?notice=settings`);
      expect(await settingsOf(appId)).toEqual({
        rounding: 'half_even',
        metadata: { ticket: 'OPS-12' },
        receipt_header: 'Duka La Mama\nMoi Avenue, Nairobi',
        training_mode: true,
        verification_page_base_url: 'https://pos.example.co.ke',
        line_amounts: 'vat_exclusive',
        stock_check: 'kra',
        credit_note_window_months: 12,
        transport: 'legacy',
      });
      const page = await admin.get(String(res.headers.location));
      expect(page.body).toContain('Settings saved.');
      expect(page.body).toMatch(/name="training_mode"\s+checked/);
      // Empty fields and an unticked box fall back to the defaults; "no time limit" is null.
      const cleared = await admin.post(`/dashboard/apps/${appId}/settings`, { receipt_header: 'Duka', no_window: 'on' });
      expect(cleared.statusCode, cleared.body).toBe(303);
      expect(await settingsOf(appId)).toEqual({
        rounding: 'half_even',
        metadata: { ticket: 'OPS-12' },
        receipt_header: 'Duka',
        credit_note_window_months: null,
      });
    });

    it('shows the API’s field errors next to the fields and keeps what was typed', async () => {
      const before = await settingsOf(appId);
      const res = await admin.post(`/dashboard/apps/${appId}/settings`, {
        receipt_header: 'Typed <b>header</b>',
        verification_page_base_url: 'ftp://pos.example.co.ke',
        credit_note_window_months: '500',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toMatch(/name="verification_page_base_url"[^>]*aria-invalid="true" aria-describedby="[^"]*error-verification_page_base_url"/);
      expect(res.body).toContain('<span class="field-error" id="error-verification_page_base_url">verification_page_base_url: must be an http(s) URL</span>');
      expect(res.body).toContain('id="error-credit_note_window_months"');
      expect(res.body).toContain('Typed &lt;b&gt;header&lt;/b&gt;</textarea>');
      expect(res.body).toContain('value="500"');
      expect(await settingsOf(appId)).toEqual(before);
    });

    it('offers the meaningful settings of a portal app, and keeps another tenant’s app a 404', async () => {
      const page = await admin.get('/dashboard/apps');
      const portalId = /href="\/dashboard\/apps\/(\d+)">Dash portal</.exec(page.body)?.[1];
      const detail = await admin.get(`/dashboard/apps/${portalId}`);
      expect(detail.body).toContain('Portal settings');
      expect(detail.body).toContain('name="token_path"');
      expect(detail.body).not.toContain('name="receipt_header"');
      const saved = await admin.post(`/dashboard/apps/${portalId}/settings`, { token_path: '/v1/token/generate' });
      expect(saved.statusCode, saved.body).toBe(303);
      expect((await settingsOf(Number(portalId))).token_path).toBe('/v1/token/generate');
      expect((await admin.post(`/dashboard/apps/${appOfB}/settings`, { token_path: '/stolen' })).statusCode).toBe(404);
      expect((await settingsOf(appOfB, tokenB)).token_path).toBeUndefined();
    });
  });

  describe('webhooks', () => {
    let hookId: number;
    let secret: string;

    it('adds an endpoint whose signing secret is shown once, with a copy button', async () => {
      const res = await admin.post('/dashboard/webhooks', { url: receiverUrl, description: 'ERP', events: ['document.signed', 'webhook.test'] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      secret = /id="new-webhook-secret" class="secret-once">(whsec_[^<]+)</.exec(res.body)?.[1] ?? '';
      expect(secret).toMatch(/^whsec_/);
      expect(res.body).toContain('data-copy="new-webhook-secret"');
      const list = await admin.get('/dashboard/webhooks');
      expect(list.body).toContain(receiverUrl);
      expect(list.body).not.toContain(secret);
      hookId = Number(/action="\/dashboard\/webhooks\/(\d+)\/test"/.exec(list.body)?.[1]);
      expect(hookId).toBeGreaterThan(0);
      expect(JSON.stringify(await gw.rawRows('webhooks'))).not.toContain(secret);
    });

    it('refuses a bad endpoint with the fields named next to them', async () => {
      const noEvents = await admin.post('/dashboard/webhooks', { url: receiverUrl, description: 'No events' });
      expect(noEvents.statusCode).toBe(422);
      expect(noEvents.body).toContain('<span class="field-error" id="error-events">events:');
      expect(noEvents.body).toContain('value="No events"');
      const res = await admin.post('/dashboard/webhooks', { url: 'ftp://example.com/x', description: 'Bad one', events: 'webhook.test' });
      expect(res.statusCode).toBe(422);
      expect(res.body).toMatch(/name="url"[^>]*aria-invalid="true" aria-describedby="error-url"/);
      expect(res.body).toContain('<span class="field-error" id="error-url">url: must be an http(s) URL</span>');
      expect(res.body).toContain('value="ftp://example.com/x"');
      expect(res.body).toMatch(/value="webhook.test"\s+checked/);
      expect((await admin.get('/dashboard/webhooks')).body).not.toContain('Bad one');
    });

    it('sends a test event to the endpoint', async () => {
      const before = received.length;
      const res = await admin.post(`/dashboard/webhooks/${hookId}/test`, {});
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toContain(`Test event to endpoint ${hookId}: delivered, the endpoint answered HTTP 200`);
      expect(received.length).toBe(before + 1);
      expect(received.at(-1)).toContain('webhook.test');
      expect(res.body).not.toContain(secret);
    });

    it('lets only admins of the tenant test or delete, then deletes', async () => {
      // Users of their own: the login limit per address is spent by the tests above.
      await addUser(gw, tenantA, 'hooks-member@a.example', 'member');
      await addUser(gw, tenantA, 'hooks-viewer@a.example', 'viewer');
      const member = await loggedIn(gw, 'hooks-member@a.example');
      const viewer = await loggedIn(gw, 'hooks-viewer@a.example');
      for (const user of [member, viewer]) {
        expect((await user.get('/dashboard/webhooks')).body).not.toContain('Add an endpoint');
        expect((await user.post('/dashboard/webhooks', { url: receiverUrl, events: 'webhook.test' })).statusCode).toBe(403);
        expect((await user.post(`/dashboard/webhooks/${hookId}/test`, {})).statusCode).toBe(403);
        expect((await user.post(`/dashboard/webhooks/${hookId}/delete`, {})).statusCode).toBe(403);
      }
      expect((await otherAdmin.post(`/dashboard/webhooks/${hookId}/test`, {})).statusCode).toBe(404);
      expect((await otherAdmin.post(`/dashboard/webhooks/${hookId}/delete`, {})).statusCode).toBe(404);
      expect((await otherAdmin.get('/dashboard/webhooks')).body).not.toContain(receiverUrl);
      expect((await admin.post(`/dashboard/webhooks/${hookId}/delete`, {}, { csrf: null })).statusCode).toBe(403);
      const deleted = await admin.post(`/dashboard/webhooks/${hookId}/delete`, {});
      expect(deleted.statusCode).toBe(303);
      const list = await admin.get(String(deleted.headers.location));
      expect(list.body).toContain('Endpoint deleted');
      expect(list.body).not.toContain(receiverUrl);
      expect((await admin.post(`/dashboard/webhooks/${hookId}/delete`, {})).statusCode).toBe(404);
    });
  });
});
