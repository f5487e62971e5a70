import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { simControl } from '../test-support/sim-control.js';
import { requestHash } from './hooks.js';

describe('Idempotency-Key', () => {
  let gw: TestGateway;
  let admin: { tenantId: string; token: string };
  beforeAll(async () => {
    // Sandbox points at a closed port, so that a KRA call fails with 502.
    gw = await createTestGateway({ env: { USHURU_KRA_SANDBOX_PORTAL_URL: 'http://127.0.0.1:9', USHURU_KRA_TIMEOUT_MS: '2000' } });
    admin = await gw.tenant(['*']);
  });
  afterAll(() => gw.close());

  const createToken = (key: string, body: unknown, token = admin.token) =>
    gw.request('POST', '/api/tokens', { token, body, headers: { 'idempotency-key': key } });

  it('replays the first answer for a retry, and runs the request once', async () => {
    const first = await createToken('key-1', { name: 'pos', scopes: ['kra:apps'] });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Same request, keys in another order: still the same request.
    const retry = await createToken('key-1', { scopes: ['kra:apps'], name: 'pos' });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const tokens = (await gw.request('GET', '/api/tokens', { token: admin.token })).json().data;
    expect(tokens.filter((t: { name: string }) => t.name === 'pos')).toHaveLength(1);
  });

  it('keeps replayed secrets encrypted at rest', async () => {
    const res = await createToken('key-secret', { name: 'secret-holder', scopes: ['admin'] });
    const plaintext = res.json().data.token as string;
    const raw = JSON.stringify(await gw.rawRows('idempotency_keys'));
    expect(raw).not.toContain(plaintext);
    expect(gw.logs()).not.toContain(plaintext);
  });

  // Found by the fuzz test: a replayed error named the first request in request_id, not the X-Request-Id of its answer.
  it('replays an error with this request’s id in request_id and X-Request-Id, and the first one’s in Original-Request-Id', async () => {
    // A 404 of the handler is kept (a 422 of the route's schema comes before the key is claimed).
    const patch = () => gw.request('PATCH', '/api/kra/apps/999999', { token: admin.token, body: { name: 'x' }, headers: { 'idempotency-key': 'key-error' } });
    const first = await patch();
    expect(first.statusCode).toBe(404);
    const retry = await patch();
    expect(retry.statusCode).toBe(404);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().request_id).toBe(retry.headers['x-request-id']);
    expect(retry.json().request_id).not.toBe(first.json().request_id);
    expect(retry.headers['original-request-id']).toBe(first.json().request_id);
    expect({ ...retry.json(), request_id: first.json().request_id }).toEqual(first.json());
  });

  it('refuses the same key for a different request with 409', async () => {
    await createToken('key-2', { name: 'a', scopes: ['kra:apps'] });
    const res = await createToken('key-2', { name: 'b', scopes: ['kra:apps'] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ success: false, error: 'idempotency_key_reused' });
  });

  it('scopes keys to the tenant', async () => {
    const other = await gw.tenant(['*']);
    await createToken('shared-key', { name: 'mine', scopes: ['kra:apps'] });
    const theirs = await createToken('shared-key', { name: 'theirs', scopes: ['kra:apps'] }, other.token);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().data.name).toBe('theirs');
  });

  it('refuses a body nested absurdly deep with a 422, not a crash', async () => {
    const deep = '{"a":'.repeat(5000) + '"x"' + '}'.repeat(5000);
    // A raw OSCU route passes unknown fields through to KRA, so the deep field reaches the hashing.
    const res = await gw.request('POST', '/api/etims/oscu/selectCodeList', {
      token: admin.token,
      body: `{"lastReqDt":"20180101000000","extra":${deep}}`,
      headers: { 'idempotency-key': 'deep-1', 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toHaveProperty('body');
  });

  it('names a malformed key in a 422', async () => {
    const res = await createToken('has space', { name: 'x', scopes: ['admin'] });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toHaveProperty(['Idempotency-Key']);
  });

  it('does not keep server faults: a retry runs again', async () => {
    const app = await gw.request('POST', '/api/kra/apps', {
      token: admin.token,
      body: { type: 'portal', name: 'down', environment: 'sandbox', consumer_key: 'k', consumer_secret: 'nope-secret' },
    });
    const id = app.json().data.id;
    const first = await gw.request('POST', `/api/kra/apps/${id}/test`, { token: admin.token, headers: { 'idempotency-key': 'fault-1' } });
    expect(first.statusCode).toBe(502);
    expect(first.json().error).toBe('kra_unavailable');
    const retry = await gw.request('POST', `/api/kra/apps/${id}/test`, { token: admin.token, headers: { 'idempotency-key': 'fault-1' } });
    expect(retry.statusCode).toBe(502);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(JSON.stringify(await gw.rawRows('idempotency_keys'))).not.toContain('fault-1');
  });
});

describe('Idempotency-Key under concurrency', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true });
  });
  afterAll(() => gw.close());

  it('runs one of two simultaneous requests; the other is told to retry, then gets the replay', async () => {
    const { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } = await import('@ushuru/simulator');
    const { token } = await gw.tenant(['*']);
    const app = await gw.request('POST', '/api/kra/apps', {
      token,
      body: { type: 'portal', name: 'sim', environment: 'simulator', consumer_key: SIM_DEFAULT_CONSUMER_KEY, consumer_secret: SIM_DEFAULT_CONSUMER_SECRET },
    });
    const id = app.json().data.id;
    await simControl(gw.simulatorUrl!).addFault({ route: 'portal.token', latencyMs: 300 });
    const send = () => gw.request('POST', `/api/kra/apps/${id}/test`, { token, headers: { 'idempotency-key': 'same-moment' } });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const busy = [a, b].find((r) => r.statusCode === 409)!;
    expect(busy.json().error).toBe('conflict');
    expect(busy.headers['retry-after']).toBe('1');
    const stats = await simControl(gw.simulatorUrl!).stats();
    expect(stats.tokensIssued).toBe(1);
    const later = await send();
    expect(later.statusCode).toBe(200);
    expect(later.headers['idempotent-replayed']).toBe('true');
  });
});

describe('Idempotency-Key left behind by a crashed request', () => {
  it('can be claimed again once the claim is 10 minutes old', async () => {
    const clock = {
      t: Date.parse('2026-11-26T08:00:00Z'),
      now() {
        return this.t;
      },
    };
    const gw = await createTestGateway({ clock });
    try {
      const { tenantId, token } = await gw.tenant(['*']);
      // What a process that died mid-request leaves: a claim, no answer.
      await gw.deps.db
        .insertInto('idempotency_keys')
        .values({
          tenant_id: tenantId,
          key: 'orphan',
          method: 'POST',
          path: '/api/tokens',
          request_hash: 'x',
          state: 'in_progress',
          status_code: null,
          response: null,
          created_at: '2026-11-26T08:00:00Z',
        })
        .execute();
      const body = { name: 'n', scopes: ['admin'] };
      await gw.deps.db
        .updateTable('idempotency_keys')
        .set({ request_hash: requestHash('POST', '/api/tokens', body) })
        .where('key', '=', 'orphan')
        .execute();
      const soon = await gw.request('POST', '/api/tokens', { token, body, headers: { 'idempotency-key': 'orphan' } });
      expect(soon.statusCode).toBe(409);
      expect(soon.json().error).toBe('conflict'); // still in progress, as far as anyone can tell
      clock.t += 11 * 60 * 1000;
      const later = await gw.request('POST', '/api/tokens', { token, body, headers: { 'idempotency-key': 'orphan' } });
      expect(later.statusCode).toBe(201);
    } finally {
      await gw.close();
    }
  });
});
