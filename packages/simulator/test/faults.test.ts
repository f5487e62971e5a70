import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SimModule } from '../src/index.js';
import { basicAuth, startHarness, type SimHarness } from './helpers.js';

/** A stand-in OSCU route, so OSCU-only fault modes are tested whatever the OSCU module serves. */
const oscuProbe: SimModule = {
  register(router) {
    router.add('POST', '/__test/oscu-probe', 'oscuA.probe', () => ({
      body: { resultCd: '000', resultMsg: 'It is succeeded', resultDt: '20250101000000', data: null },
    }));
  },
  reset() {},
};

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness({ seed: 11, modules: [oscuProbe] });
});
afterEach(() => {
  h.sim.control.clearFaults();
});
afterAll(() => h.sim.stop());

const PIN_BODY = { KRAPIN: 'A744610021G' };

describe('fault injection', () => {
  it('adds latency', async () => {
    h.sim.control.addFault({ route: 'portal.pinbypin', latencyMs: 150 });
    const started = performance.now();
    const answer = await h.post('/checker/v1/pinbypin', PIN_BODY);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(answer.body.ResponseCode).toBe('23000');
  });

  it.each([
    ['http500', 500],
    ['http503', 503],
  ] as const)('answers %s', async (errorKind, status) => {
    const before = h.sim.control.stats().routes['portal.pinbypin']?.errors ?? 0;
    h.sim.control.addFault({ route: 'portal.pinbypin', errorRate: 1, errorKind });
    const answer = await h.post('/checker/v1/pinbypin', PIN_BODY);
    expect(answer.status).toBe(status);
    expect(answer.body.fault.faultstring).toEqual(expect.any(String));
    expect(h.sim.control.stats().routes['portal.pinbypin']?.errors).toBe(before + 1);
  });

  it('resets the connection', async () => {
    h.sim.control.addFault({ route: 'portal.pinbypin', errorKind: 'reset' });
    await expect(h.post('/checker/v1/pinbypin', PIN_BODY)).rejects.toThrow();
  });

  it('hangs until the client gives up', async () => {
    h.sim.control.addFault({ route: 'portal.pinbypin', errorKind: 'hang' });
    await expect(h.post('/checker/v1/pinbypin', PIN_BODY, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });

  it('hangs for hangMs, then answers 504 like the gateway', async () => {
    h.sim.control.addFault({ route: 'portal.pinbypin', errorKind: 'hang', hangMs: 100 });
    const answer = await h.post('/checker/v1/pinbypin', PIN_BODY);
    expect(answer.status).toBe(504);
  });

  it('has outage windows on the simulator clock', async () => {
    const now = h.sim.control.now();
    h.sim.control.addFault({ route: 'portal.', outage: { from: now - 1000, to: now + 60_000 } });
    expect((await h.post('/checker/v1/pinbypin', PIN_BODY)).status).toBe(503);
    expect((await h.post('/dtd/checker/v1/obligation', { taxPayerPin: 'A744610021G' })).status).toBe(503);
    h.sim.control.advanceClock(61_000);
    h.forgetToken();
    expect((await h.post('/checker/v1/pinbypin', PIN_BODY)).status).toBe(200);
  });

  it('has open-ended outages until the rule is removed', async () => {
    const rule = h.sim.control.addFault({ route: 'portal.pinbypin', outage: { enabled: true } });
    expect((await h.post('/checker/v1/pinbypin', PIN_BODY)).status).toBe(503);
    expect(h.sim.control.removeFault(rule.id)).toBe(true);
    expect((await h.post('/checker/v1/pinbypin', PIN_BODY)).status).toBe(200);
  });

  it('applies then times out: the write lands but no answer comes', async () => {
    h.sim.control.addFault({ route: 'portal.pinRegistration', applyThenTimeout: true });
    const details = {
      TaxpayerType: 'KE',
      IdentificationNumber: '30000001',
      DateOfBirth: '01/01/1991',
      MobileNumber: '0722000000',
      EmailAddress: 'a@b.co',
      IsPinWithNoOblig: 'No',
    };
    await expect(h.post('/v1/generate/pin', { TAXPAYERDETAILS: details }, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    h.sim.control.clearFaults();
    const found = await h.post('/checker/v1/pin', { TaxpayerType: 'KE', TaxpayerID: '30000001' });
    expect(found.body.ResponseCode).toBe('30000');
    expect(h.sim.control.stats().extra.pinsRegistered).toBe(1);
  });

  it('rate-limits with HTTP 429 and Retry-After', async () => {
    h.sim.control.addFault({ route: 'portal.pinbypin', rateLimit: { kind: 'http429', maxRequests: 2, windowMs: 60_000, retryAfterSeconds: 7 } });
    expect((await h.post('/checker/v1/pinbypin', PIN_BODY)).status).toBe(200);
    expect((await h.post('/checker/v1/pinbypin', PIN_BODY)).status).toBe(200);
    const limited = await h.post('/checker/v1/pinbypin', PIN_BODY);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
  });

  it('rate-limits OSCU routes with resultCd 990 and HTTP 200', async () => {
    h.sim.control.addFault({ route: 'oscuA.', rateLimit: { kind: 'oscu990' } });
    const answer = await h.post('/__test/oscu-probe', {}, { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ resultCd: '990', resultMsg: expect.any(String), resultDt: expect.stringMatching(/^\d{14}$/), data: null });
    // The prefix does not leak onto portal routes.
    expect((await h.post('/checker/v1/pinbypin', PIN_BODY)).status).toBe(200);
  });

  it('rate-limits a real OSCU route (oscuA.selectInitOsdcInfo) with resultCd 990', async () => {
    h.sim.control.addFault({ route: 'oscuA.selectInitOsdcInfo', rateLimit: { kind: 'oscu990' } });
    const answer = await h.post('/etims-api/selectInitOsdcInfo', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' }, { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ resultCd: '990', data: null });
    expect(h.sim.control.stats().routes['oscuA.selectInitOsdcInfo']).toEqual({ calls: 1, errors: 1 });
  });

  it('fails the token endpoint with an error rate of 1', async () => {
    h.sim.control.addFault({ route: 'portal.token', errorRate: 1 });
    const answer = await h.get('/v1/token/generate?grant_type=client_credentials', { authorization: basicAuth() });
    expect(answer.status).toBe(500);
  });

  it('fails the token endpoint with invalidCredentials', async () => {
    h.sim.control.addFault({ route: 'portal.token', errorKind: 'invalidCredentials' });
    const answer = await h.get('/oauth/v1/generate?grant_type=client_credentials', { authorization: basicAuth() });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ errorCode: '401', errorMessage: 'Client credentials are invalid' });
  });

  it('rolls error dice at roughly the given rate', async () => {
    h.sim.control.addFault({ route: 'portal.pinbypin', errorRate: 0.5 });
    let failures = 0;
    for (let i = 0; i < 100; i++) if ((await h.post('/checker/v1/pinbypin', PIN_BODY)).status === 500) failures++;
    expect(failures).toBeGreaterThan(20);
    expect(failures).toBeLessThan(80);
  });

  it('global rules hit every KRA route but never the control API', async () => {
    h.sim.control.addFault({ errorKind: 'http503' });
    expect((await h.post('/checker/v1/pinbypin', PIN_BODY)).status).toBe(503);
    expect((await h.post('/__test/oscu-probe', {}, { token: null })).status).toBe(503);
    expect((await h.get('/__sim/stats')).status).toBe(200);
  });

  it('refuses an invalid rule', () => {
    expect(() => h.sim.control.addFault({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => h.sim.control.addFault({ errorKind: 'boom' as never })).toThrow(/errorKind/);
  });
});
