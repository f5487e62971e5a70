import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';

class ManualClock implements Clock {
  constructor(public t = Date.parse('2026-11-26T08:00:00Z')) {}
  now = () => this.t;
}

describe('API tokens', () => {
  let gw: TestGateway;
  let admin: { tenantId: string; token: string };
  const clock = new ManualClock();

  beforeAll(async () => {
    gw = await createTestGateway({ clock });
    admin = await gw.tenant(['admin']);
  });
  afterAll(() => gw.close());

  describe('happy', () => {
    it('creates a token once, lists it without the secret, and the new token works', async () => {
      const granting = await gw.token(admin.tenantId, ['admin', 'kra_read_only', 'etims:write']);
      const created = await gw.request('POST', '/api/tokens', { token: granting, body: { name: 'pos', scopes: ['kra_read_only', 'etims:read'] } });
      expect(created.statusCode).toBe(201);
      const body = created.json();
      expect(body.success).toBe(true);
      expect(body.data.token).toMatch(/^ush_[A-Za-z0-9_-]{43}$/);
      expect(body.data.scopes).toEqual(['kra_read_only', 'etims:read']);
      const plaintext: string = body.data.token;

      const list = await gw.request('GET', '/api/tokens', { token: admin.token });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(plaintext);
      const listed = list.json().data.find((t: { id: string }) => t.id === body.data.id);
      expect(listed).toMatchObject({ name: 'pos', prefix: plaintext.slice(0, 8), revoked_at: null });
      expect(listed).not.toHaveProperty('token');

      const apps = await gw.request('GET', '/api/kra/apps', { token: plaintext });
      expect(apps.statusCode).toBe(200);

      // Stored as SHA-256 only; never logged.
      const rows = await gw.rawRows('api_tokens');
      expect(JSON.stringify(rows)).not.toContain(plaintext);
      expect(gw.logs()).not.toContain(plaintext);
      expect(gw.logs()).not.toContain(admin.token);
    });

    it('revokes a token: it stops working at once, although its row was in the cache', async () => {
      const t = await gw.token(admin.tenantId, ['kra:apps']);
      expect((await gw.request('GET', '/api/kra/apps', { token: t })).statusCode).toBe(200);
      expect(gw.deps.rowCache.active()).toBe(gw.deps.store.dialect === 'sqlite');
      const listed = (await gw.request('GET', '/api/tokens', { token: admin.token })).json().data as Array<{ id: string; prefix: string }>;
      const id = listed.find((x) => x.prefix === t.slice(0, 8))!.id;
      const del = await gw.request('DELETE', `/api/tokens/${id}`, { token: admin.token });
      expect(del.statusCode).toBe(200);
      expect(del.json().data.revoked_at).not.toBeNull();
      const after = await gw.request('GET', '/api/kra/apps', { token: t });
      expect(after.statusCode).toBe(401);
      expect(after.json()).toMatchObject({ success: false, error: 'unauthenticated' });
    });

    it('records last_used_at in batches, not on the request path', async () => {
      const t = await gw.token(admin.tenantId, ['kra:apps']);
      await gw.request('GET', '/api/kra/apps', { token: t });
      const before = (await gw.rawRows('api_tokens')).filter((r) => r.last_used_at !== null).length;
      await gw.deps.lastUsed.flush();
      const after = (await gw.rawRows('api_tokens')).filter((r) => r.last_used_at !== null).length;
      expect(after).toBeGreaterThan(before);
    });
  });

  describe('errors', () => {
    it('names an unknown scope in a 422', async () => {
      const res = await gw.request('POST', '/api/tokens', { token: admin.token, body: { name: 'x', scopes: ['kra:apps', 'kra:everything'] } });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ success: false, error: 'validation_error', errors: { scopes: ['Unknown scope "kra:everything".'] } });
    });

    it('names missing and malformed fields', async () => {
      const res = await gw.request('POST', '/api/tokens', { token: admin.token, body: { scopes: [], expires_at: 'soon' } });
      expect(res.statusCode).toBe(422);
      const errors = res.json().errors;
      expect(Object.keys(errors).sort()).toEqual(['expires_at', 'name', 'scopes']);
    });

    it('rejects an expiry in the past', async () => {
      const res = await gw.request('POST', '/api/tokens', { token: admin.token, body: { name: 'x', scopes: ['admin'], expires_at: '2020-01-01T00:00:00Z' } });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toHaveProperty('expires_at');
    });

    it('returns 404 for an unknown token id', async () => {
      const res = await gw.request('DELETE', '/api/tokens/tok_nope', { token: admin.token });
      expect(res.statusCode).toBe(404);
    });
  });

  describe('security', () => {
    it.each([
      ['missing', undefined],
      ['malformed', 'Token abc'],
      ['not ours', 'Bearer abc'],
      ['unknown', 'Bearer ush_' + 'A'.repeat(43)],
    ])('answers 401 for a %s token', async (_label, header) => {
      const res = await gw.request('GET', '/api/tokens', { headers: header ? { authorization: header } : {} });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ success: false, error: 'unauthenticated' });
      expect(res.headers['x-request-id']).toBeTruthy();
    });

    it('answers 401 once a token has expired', async () => {
      const t = await gw.token(admin.tenantId, ['kra:apps'], { expires_at: new Date(clock.t + 60_000).toISOString() });
      expect((await gw.request('GET', '/api/kra/apps', { token: t })).statusCode).toBe(200);
      clock.t += 61_000;
      expect((await gw.request('GET', '/api/kra/apps', { token: t })).statusCode).toBe(401);
    });

    it('answers 403 with the Salami body when a scope is missing', async () => {
      const t = await gw.token(admin.tenantId, ['kra:checkers']);
      const res = await gw.request('GET', '/api/tokens', { token: t });
      expect(res.statusCode).toBe(403);
      const { request_id: requestId, ...rest } = res.json();
      expect(requestId).toBe(res.headers['x-request-id']);
      expect(rest).toEqual({
        success: false,
        message: 'Your API token does not have the required permissions to access this endpoint.',
        error: 'insufficient_scope',
        required_route: 'api.tokens.index',
        your_scopes: ['kra:checkers'],
      });
    });

    it('grants only scopes the requesting token holds, and * only from *', async () => {
      const cases: Array<[string[], string[], string[]]> = [
        // [token's scopes, requested, refused]
        [['admin'], ['*'], ['*']],
        [['admin'], ['kra:apps', 'admin'], ['kra:apps']],
        [['admin', 'kra_read_only'], ['kra_full'], ['kra_full']],
        [['admin', 'etims:read'], ['etims:write'], ['etims:write']],
        [['admin', 'kra_full', 'etims_full'], ['*'], ['*']],
      ];
      for (const [held, requested, refused] of cases) {
        const t = await gw.token(admin.tenantId, held);
        const res = await gw.request('POST', '/api/tokens', { token: t, body: { name: 'wider', scopes: requested } });
        expect(res.statusCode, `${held.join(',')} → ${requested.join(',')}`).toBe(422);
        expect(res.json().errors.scopes).toEqual(refused.map((s) => `"${s}" is not held by the token making this request`));
      }
      // etims:write implies etims:read; a group may be granted when every scope in it is held.
      const writer = await gw.token(admin.tenantId, ['admin', 'etims:write', 'kra:apps', 'kra:checkers']);
      for (const scopes of [['etims:read'], ['kra_read_only'], ['admin']]) {
        expect((await gw.request('POST', '/api/tokens', { token: writer, body: { name: 'ok', scopes } })).statusCode).toBe(201);
      }
      const star = await gw.token(admin.tenantId, ['*']);
      expect((await gw.request('POST', '/api/tokens', { token: star, body: { name: 'all', scopes: ['*'] } })).statusCode).toBe(201);
    });

    it('gives a new token at most the rate limit of the token that makes it', async () => {
      const limited = await gw.token(admin.tenantId, ['admin', 'kra:apps'], { rate_limit_per_minute: 10 });
      const above = await gw.request('POST', '/api/tokens', { token: limited, body: { name: 'x', scopes: ['kra:apps'], rate_limit_per_minute: 11 } });
      expect(above.statusCode).toBe(422);
      expect(above.json().errors).toEqual({ rate_limit_per_minute: ['must be at most 10, the limit of the token making this request'] });
      const inherited = await gw.request('POST', '/api/tokens', { token: limited, body: { name: 'x', scopes: ['kra:apps'] } });
      expect(inherited.statusCode).toBe(201);
      expect(inherited.json().data.rate_limit_per_minute).toBe(10);
      // Without a limit of its own a token runs under the default (200), and may not grant more.
      const plain = await gw.token(admin.tenantId, ['admin', 'kra:apps']);
      expect(
        (await gw.request('POST', '/api/tokens', { token: plain, body: { name: 'x', scopes: ['kra:apps'], rate_limit_per_minute: 201 } })).statusCode,
      ).toBe(422);
      const star = await gw.token(admin.tenantId, ['*'], { rate_limit_per_minute: 10 });
      expect(
        (await gw.request('POST', '/api/tokens', { token: star, body: { name: 'x', scopes: ['kra:apps'], rate_limit_per_minute: 5000 } })).statusCode,
      ).toBe(201);
    });

    it("cannot revoke another tenant's token (404)", async () => {
      const other = await gw.tenant(['admin']);
      const list = (await gw.request('GET', '/api/tokens', { token: other.token })).json().data;
      const res = await gw.request('DELETE', `/api/tokens/${list[0].id}`, { token: admin.token });
      expect(res.statusCode).toBe(404);
      expect((await gw.request('GET', '/api/tokens', { token: other.token })).statusCode).toBe(200);
    });
  });
});

describe('rate limits', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await createTestGateway({ env: { USHURU_RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(() => gw.close());

  it('limits per token with RateLimit headers, then 429 with Retry-After', async () => {
    const { tenantId, token } = await gw.tenant(['kra:apps']);
    const custom = await gw.token(tenantId, ['kra:apps'], { rate_limit_per_minute: 2 });
    for (let i = 0; i < 5; i++) {
      const ok = await gw.request('GET', '/api/kra/apps', { token });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['ratelimit-limit']).toBe('5');
      expect(ok.headers['ratelimit-remaining']).toBe(String(4 - i));
    }
    const limited = await gw.request('GET', '/api/kra/apps', { token });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ success: false, error: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // A per-token limit overrides the default; other tokens keep their own budget.
    expect((await gw.request('GET', '/api/kra/apps', { token: custom })).statusCode).toBe(200);
    expect((await gw.request('GET', '/api/kra/apps', { token: custom })).statusCode).toBe(200);
    expect((await gw.request('GET', '/api/kra/apps', { token: custom })).statusCode).toBe(429);
  });
});
