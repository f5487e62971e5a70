import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';

describe('HTTP server', () => {
  let gw: TestGateway;
  let token: string;
  beforeAll(async () => {
    gw = await createTestGateway({ env: { USHURU_BODY_LIMIT_BYTES: '2048' } });
    token = (await gw.tenant(['*'])).token;
  });
  afterAll(() => gw.close());

  it('puts X-Request-Id on successes, errors and unknown routes', async () => {
    for (const res of [await gw.request('GET', '/healthz'), await gw.request('GET', '/api/kra/apps'), await gw.request('GET', '/nope')]) {
      expect(res.headers['x-request-id']).toMatch(/^req_/);
    }
    const err = await gw.request('GET', '/api/kra/apps');
    expect(err.json().request_id).toBe(err.headers['x-request-id']);
  });

  it("keeps the caller's own X-Request-Id", async () => {
    const res = await gw.request('GET', '/healthz', { headers: { 'x-request-id': 'erp-42' } });
    expect(res.headers['x-request-id']).toBe('erp-42');
  });

  it('answers an unknown route with the error envelope', async () => {
    const res = await gw.request('GET', '/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, error: 'not_found' });
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await gw.request('POST', '/api/tokens', { token, body: { name: 'x'.repeat(4000), scopes: ['admin'] } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ success: false, error: 'payload_too_large' });
  });

  it('refuses invalid JSON with a 422 naming the body', async () => {
    const res = await gw.request('POST', '/api/tokens', { token, body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'validation_error', errors: { body: ['is not valid JSON'] } });
  });

  it('words field errors plainly: required, type, choices', async () => {
    const tokens = await gw.request('POST', '/api/tokens', { token, body: { scopes: 'admin' } });
    expect(tokens.json().errors).toEqual({ name: ['is required'], scopes: ['must be an array'] });
    const apps = await gw.request('POST', '/api/kra/apps', {
      token,
      body: { type: 'etims', name: 'x', environment: 'staging', tin: 'A123456789Z', bhf_id: '00', dvc_srl_no: 'd' },
    });
    expect(apps.json().errors).toEqual({ environment: ['must be one of simulator, sandbox, production'] });
    const kind = await gw.request('POST', '/api/kra/apps', { token, body: { type: 'vscu' } });
    expect(kind.json().errors).toEqual({ type: ['must be one of portal, etims'] });
    const pin = await gw.request('POST', '/api/kra/checkers/pin', { token, body: {} });
    expect(pin.json().errors).toEqual({ KRAPIN: ['is required'] });
    // Behind KRA's wrapper, a present but bad field is named as bad, not as missing.
    const wrapped = await gw.request('POST', '/api/kra/compliance/tcc-application', {
      token,
      body: { REQUEST: { TAXPAYERDETAILS: { TaxpayerPIN: 'bad', ReasonForTCC: 'Tender' } } },
    });
    expect(wrapped.json().errors.TaxpayerPIN[0]).toMatch(/KRA PIN/);
  });

  // Found by the fuzz test (fuzz.test.ts): each of these was a 500, the first outside our envelope.
  it('names unknown fields called like Object.prototype members (hasOwnProperty, constructor, toString)', async () => {
    const res = await gw.request('POST', '/api/tokens', {
      token,
      body: '{"name":"x","scopes":["admin"],"hasOwnProperty":{"a":1},"constructor":1,"toString":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ success: false, error: 'validation_error', request_id: res.headers['x-request-id'] });
    expect(res.json().errors).toEqual({
      hasOwnProperty: ['is not a field of this request'],
      constructor: ['is not a field of this request'],
      toString: ['is not a field of this request'],
    });
  });

  it('answers a body that does not match its Content-Length with 400 in our envelope', async () => {
    for (const length of ['1', '40']) {
      const res = await gw.request('POST', '/api/tokens', {
        token,
        body: '{"name":"x","scopes":["admin"]}',
        headers: { 'content-type': 'application/json', 'content-length': length },
      });
      expect(res.statusCode, length).toBe(400);
      expect(res.json()).toEqual({
        success: false,
        message: 'The request body does not match its Content-Length header.',
        error: 'bad_request',
        request_id: res.headers['x-request-id'],
      });
    }
  });

  it('refuses a NUL character in a query or path parameter with a 422 naming it', async () => {
    const query = await gw.request('GET', '/api/logs?route=a%00b&kra_code=ok', { token });
    expect(query.statusCode).toBe(422);
    expect(query.json().errors).toEqual({ route: ['must not contain a NUL character'] });
    const repeated = await gw.request('GET', '/api/logs?route=a&route=%00', { token });
    expect(repeated.json().errors).toHaveProperty('route');
    const path = await gw.request('DELETE', '/api/tokens/tok%00', { token });
    expect(path.statusCode).toBe(422);
    expect(path.json().errors).toEqual({ id: ['must not contain a NUL character'] });
  });

  it('reports liveness and readiness', async () => {
    expect((await gw.request('GET', '/healthz')).json()).toEqual({ success: true, data: { status: 'ok' } });
    const ready = await gw.request('GET', '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().data.checks.database).toBe('ok');
  });

  it('serves the OpenAPI document with every route', async () => {
    const doc = (await gw.request('GET', '/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/kra/apps', '/api/kra/apps/{id}/test', '/api/tokens']));
    const headerNames = (op: { parameters?: Array<{ in: string; name: string }> }) => (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
    expect(headerNames(doc.paths['/api/kra/checkers/pin'].post)).toEqual(['x-kra-app-id', 'idempotency-key']);
    expect(headerNames(doc.paths['/api/etims/items'].get)).toEqual(['x-kra-app-id']);
    expect(headerNames(doc.paths['/api/tokens'].post)).toEqual(['idempotency-key']);
  });
});

describe('metrics', () => {
  let gw: TestGateway;
  const metricsToken = 'metrics-token-0123456789abcdef';
  beforeAll(async () => {
    gw = await createTestGateway({ env: { USHURU_METRICS_TOKEN: metricsToken } });
  });
  afterAll(() => gw.close());

  it('serves /metrics only with the metrics token, never with an API token', async () => {
    const { token } = await gw.tenant(['*']);
    for (const headers of [{}, { authorization: `Bearer ${token}` }, { authorization: `Bearer ${metricsToken}x` }] as Array<Record<string, string>>) {
      const res = await gw.request('GET', '/metrics', { headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ success: false, error: 'unauthenticated', request_id: expect.any(String) });
      expect(res.body).not.toContain('ushuru_http_requests_total');
    }
    const closed = await createTestGateway();
    try {
      const res = await closed.request('GET', '/metrics', { headers: { authorization: `Bearer ${metricsToken}` } });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not_found' });
    } finally {
      await closed.close();
    }
  });

  it('counts requests per route name and status at /metrics', async () => {
    const { token } = await gw.tenant(['kra:apps']);
    await gw.request('GET', '/api/kra/apps', { token });
    await gw.request('GET', '/api/kra/apps');
    const res = await gw.request('GET', '/metrics', { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/ushuru_http_requests_total\{route="api.kra.apps.index",method="GET",status="200"\} 1/);
    expect(res.body).toMatch(/ushuru_http_requests_total\{route="api.kra.apps.index",method="GET",status="401"\} 1/);
    expect(res.body).toContain('ushuru_http_request_duration_seconds_bucket');
    expect(res.body).not.toContain(token);
  });
});
