import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, startHarness, type SimHarness } from './helpers.js';

describe('portal OAuth token endpoint', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await startHarness({ seed: 7, tokenTtlSeconds: 3599, clients: [{ consumerKey: 'extra-key', consumerSecret: 'extra-secret' }] });
  });
  afterAll(() => h.sim.stop());

  it.each(['/v1/token/generate', '/oauth/v1/generate'])('issues a KRA-shaped token at %s', async (path) => {
    const answer = await h.get(`${path}?grant_type=client_credentials`, { authorization: basicAuth() });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['access_token', 'expires_in']);
    expect(answer.body.expires_in).toBe('3599');
    expect(answer.body.access_token).toMatch(/^[A-Za-z0-9]{28}$/);
  });

  it('accepts clients given in options and registered later', async () => {
    expect((await h.get('/v1/token/generate?grant_type=client_credentials', { authorization: basicAuth('extra-key', 'extra-secret') })).status).toBe(200);
    h.sim.control.registerClient('late-key', 'late-secret');
    expect((await h.get('/v1/token/generate?grant_type=client_credentials', { authorization: basicAuth('late-key', 'late-secret') })).status).toBe(200);
  });

  it.each([
    ['wrong secret', basicAuth('ushuru-sim-key', 'nope')],
    ['unknown key', basicAuth('who', 'ever')],
    ['no colon', `Basic ${Buffer.from('justakey').toString('base64')}`],
    ['bearer instead of basic', 'Bearer abc'],
  ])('refuses %s with the camelCase 401', async (_label, authorization) => {
    const answer = await h.get('/v1/token/generate?grant_type=client_credentials', { authorization });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ requestId: expect.any(String), errorCode: '401', errorMessage: 'Client credentials are invalid' });
  });

  it('refuses a missing Authorization header', async () => {
    const answer = await h.get('/v1/token/generate?grant_type=client_credentials');
    expect(answer.status).toBe(401);
    expect(answer.body.errorCode).toBe('401');
  });

  it('refuses a missing or wrong grant_type with HTTP 400', async () => {
    const missing = await h.get('/v1/token/generate', { authorization: basicAuth() });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ errorCode: '400', errorMessage: 'grant_type is required' });
    const wrong = await h.get('/v1/token/generate?grant_type=password', { authorization: basicAuth() });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errorMessage).toBe('Unsupported grant type');
  });

  it('answers POST on the token path with 405 (KRA uses GET)', async () => {
    const res = await fetch(`${h.sim.url}/v1/token/generate?grant_type=client_credentials`, { method: 'POST', headers: { authorization: basicAuth() } });
    expect(res.status).toBe(405);
    await res.arrayBuffer();
  });

  it('a token works on business APIs until it expires on the simulator clock', async () => {
    const token = await h.token('/oauth/v1/generate');
    const before = await h.post('/checker/v1/pinbypin', { KRAPIN: 'A744610021G' }, { token });
    expect(before.body.ResponseCode).toBe('23000');
    h.sim.control.advanceClock(3598_000);
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: 'A744610021G' }, { token })).status).toBe(200);
    h.sim.control.advanceClock(2_000);
    const after = await h.post('/checker/v1/pinbypin', { KRAPIN: 'A744610021G' }, { token });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ RequestId: expect.any(String), ErrorCode: '401', ErrorMessage: 'Invalid Access Token' });
  });

  it('refuses business calls without a token or with an unknown one', async () => {
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: 'A744610021G' }, { token: null })).status).toBe(401);
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: 'A744610021G' }, { token: 'made-up-token' })).status).toBe(401);
  });

  it('counts issued tokens', () => {
    expect(h.sim.control.stats().tokensIssued).toBeGreaterThanOrEqual(5);
  });
});
