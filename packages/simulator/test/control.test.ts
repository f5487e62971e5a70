import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, DEFAULT_SETTINGS, startSimulator } from '../src/index.js';
import { basicAuth, startHarness, type SimHarness } from './helpers.js';
import { ITEMS, saleBody } from './oscu-harness.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test answers are read loosely
async function sendJson(url: string, method: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('control API over HTTP', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await startHarness({ seed: 5 });
  });
  afterAll(() => h.sim.stop());

  it('adds, lists, deletes and clears fault rules', async () => {
    const added = await sendJson(`${h.sim.url}/__sim/faults`, 'POST', { route: 'portal.pinbypin', errorKind: 'http503', note: 'demo' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), rule: { id: added.body.id, route: 'portal.pinbypin', errorKind: 'http503', note: 'demo' } });
    await sendJson(`${h.sim.url}/__sim/faults`, 'POST', { route: 'portal.tcc', latencyMs: 5 });
    expect((await sendJson(`${h.sim.url}/__sim/faults`, 'GET')).body.faults).toHaveLength(2);
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: 'A744610021G' })).status).toBe(503);

    expect((await sendJson(`${h.sim.url}/__sim/faults/${added.body.id}`, 'DELETE')).status).toBe(200);
    expect((await sendJson(`${h.sim.url}/__sim/faults/${added.body.id}`, 'DELETE')).status).toBe(404);
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: 'A744610021G' })).status).toBe(200);
    expect((await sendJson(`${h.sim.url}/__sim/faults`, 'DELETE')).body).toEqual({ cleared: 1 });
    expect((await sendJson(`${h.sim.url}/__sim/faults`, 'GET')).body.faults).toEqual([]);
  });

  it('refuses invalid rules and bad JSON with 400', async () => {
    expect((await sendJson(`${h.sim.url}/__sim/faults`, 'POST', { rateLimit: { kind: 'http418' } })).status).toBe(400);
    const res = await fetch(`${h.sim.url}/__sim/faults`, { method: 'POST', body: '{' });
    expect(res.status).toBe(400);
    await res.arrayBuffer();
  });

  it('registers clients', async () => {
    expect((await sendJson(`${h.sim.url}/__sim/clients`, 'POST', { consumerKey: 'k2', consumerSecret: 's2' })).status).toBe(201);
    expect((await h.get('/v1/token/generate?grant_type=client_credentials', { authorization: basicAuth('k2', 's2') })).status).toBe(200);
    expect((await sendJson(`${h.sim.url}/__sim/clients`, 'POST', { consumerKey: 'k3' })).status).toBe(400);
  });

  it('advances the clock so tokens expire', async () => {
    const token = await h.token();
    const before = (await sendJson(`${h.sim.url}/__sim/clock`, 'GET')).body.now as number;
    const moved = await sendJson(`${h.sim.url}/__sim/clock`, 'POST', { advanceMs: 3600_000 });
    expect(moved.body.now).toBeGreaterThanOrEqual(before + 3600_000);
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: 'A744610021G' }, { token })).status).toBe(401);
    expect((await sendJson(`${h.sim.url}/__sim/clock`, 'POST', { advanceMs: -5 })).status).toBe(400);
  });

  it('reports stats per route', async () => {
    const token = await h.token();
    await h.post('/checker/v1/pinbypin', { KRAPIN: 'bad' }, { token });
    const stats = (await sendJson(`${h.sim.url}/__sim/stats`, 'GET')).body;
    expect(stats).toMatchObject({
      routes: expect.any(Object),
      tokensIssued: expect.any(Number),
      documentsSigned: 0,
      duplicatesRefused: 0,
      sequenceRefused: 0,
      extra: expect.any(Object),
    });
    expect(stats.routes['portal.pinbypin'].errors).toBeGreaterThanOrEqual(1);
    expect(stats.routes['portal.token'].calls).toBeGreaterThanOrEqual(1);
  });

  it('lists routes', async () => {
    const routes = (await sendJson(`${h.sim.url}/__sim/routes`, 'GET')).body.routes as Array<{ path: string; routeId: string }>;
    expect(routes).toContainEqual({ method: 'POST', path: '/checker/v1/pinbyid', routeId: 'portal.pinbyid' });
    expect(
      routes
        .filter((r) => r.routeId.startsWith('portal.') && r.routeId !== 'portal.token')
        .map((r) => r.routeId)
        .filter((v, i, a) => a.indexOf(v) === i),
    ).toHaveLength(22);
  });

  it('resets state, faults, stats, clock and tokens but keeps registered clients', async () => {
    const token = await h.token();
    const registered = await h.post(
      '/v1/generate/pin',
      {
        TAXPAYERDETAILS: {
          TaxpayerType: 'KE',
          IdentificationNumber: '40000001',
          DateOfBirth: '01/01/1980',
          MobileNumber: '0700000001',
          EmailAddress: 'r@e.st',
          IsPinWithNoOblig: 'Yes',
        },
      },
      { token },
    );
    const pin = registered.body.RESPONSE.PIN as string;
    h.sim.control.addFault({ route: 'portal.tcc', errorKind: 'http500' });

    expect((await sendJson(`${h.sim.url}/__sim/reset`, 'POST')).body).toEqual({ reset: true });
    expect(h.sim.control.listFaults()).toEqual([]);
    expect(h.sim.control.stats()).toEqual({ routes: {}, tokensIssued: 0, documentsSigned: 0, duplicatesRefused: 0, sequenceRefused: 0, extra: {} });
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: pin }, { token })).status).toBe(401);
    const fresh = await h.token();
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: pin }, { token: fresh })).body.ResponseCode).toBe('19005');
    expect((await h.get('/v1/token/generate?grant_type=client_credentials', { authorization: basicAuth('k2', 's2') })).status).toBe(200);
  });

  it('answers unknown paths, doubled slashes and unknown control operations with 404', async () => {
    expect((await h.post('/checker/v1/nothing', {})).status).toBe(404);
    expect((await h.post('//checker/v1/pinbypin', { KRAPIN: 'A744610021G' })).status).toBe(404);
    expect((await sendJson(`${h.sim.url}/__sim/nothing`, 'GET')).status).toBe(404);
  });
});

describe('settings', () => {
  /** A sale of 1 × 100 at 16 % with VAT inside the price (taxable 86.21), on KRA's example device. */
  const inclusiveSale = saleBody(1, [[ITEMS.flour, 1, 100]], {}, 'inclusive');
  const seedDevice = { tin: 'A123456789Z', bhfId: '00', cmcKey: 'f0b9831bd2334874b7ec815e40347bc4' };

  async function saleOutcome(url: string): Promise<{ resultCd: string; resultMsg: string }> {
    await sendJson(`${url}/etims-api/selectInitOsdcInfo`, 'POST', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' });
    const res = await fetch(`${url}/etims-api/saveTrnsSalesOsdc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...seedDevice },
      body: JSON.stringify(inclusiveSale),
    });
    return (await res.json()) as { resultCd: string; resultMsg: string };
  }

  it('GET/POST /__sim/settings switch the VAT convention; reset() restores the start value', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      expect((await sendJson(`${sim.url}/__sim/settings`, 'GET')).body).toEqual(DEFAULT_SETTINGS);
      const set = await sendJson(`${sim.url}/__sim/settings`, 'POST', { vatConvention: 'exclusive' });
      expect(set).toEqual({ status: 200, body: { ...DEFAULT_SETTINGS, vatConvention: 'exclusive' } });
      expect(sim.control.settings()).toEqual({ ...DEFAULT_SETTINGS, vatConvention: 'exclusive' });
      const refused = await saleOutcome(sim.url);
      expect(refused.resultCd).toBe('910');
      expect(refused.resultMsg).toMatch(/itemList\[0\]\.taxblAmt must be 100\.00 \(VAT on top/);

      sim.control.reset();
      expect((await sendJson(`${sim.url}/__sim/settings`, 'GET')).body).toEqual(DEFAULT_SETTINGS);
      expect((await saleOutcome(sim.url)).resultCd).toBe('000');
    } finally {
      await sim.stop();
    }
  });

  it('refuses unknown settings and values with 400, changing nothing', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      for (const body of [{ vatConvention: 'gross' }, { vatconvention: 'exclusive' }, [], 'exclusive']) {
        const res = await sendJson(`${sim.url}/__sim/settings`, 'POST', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toMatchObject({ error: 'validation_error', message: expect.stringMatching(/setting|vatConvention/) });
      }
      expect(sim.control.settings()).toEqual(DEFAULT_SETTINGS);
      expect(() => sim.control.updateSettings({ vatConvention: 'net' as never })).toThrow(/vatConvention must be one of either, exclusive, inclusive/);
    } finally {
      await sim.stop();
    }
  });

  it('starts from the vatConvention option, which reset() keeps', async () => {
    const sim = await startSimulator({ port: 0, vatConvention: 'inclusive' });
    try {
      expect(sim.control.settings()).toEqual({ ...DEFAULT_SETTINGS, vatConvention: 'inclusive' });
      sim.control.updateSettings({ vatConvention: 'either' });
      sim.control.reset();
      expect(sim.control.settings()).toEqual({ ...DEFAULT_SETTINGS, vatConvention: 'inclusive' });
      expect((await saleOutcome(sim.url)).resultCd).toBe('000');
    } finally {
      await sim.stop();
    }
    expect(() => createSimulator({ vatConvention: 'gross' as never })).toThrow(/vatConvention must be one of/);
  });
});

describe('document rule settings', () => {
  const seedDevice = { tin: 'A123456789Z', bhfId: '00', cmcKey: 'f0b9831bd2334874b7ec815e40347bc4' };

  async function sell(url: string, invcNo: number): Promise<{ resultCd: string; resultMsg: string }> {
    await sendJson(`${url}/etims-api/selectInitOsdcInfo`, 'POST', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' });
    const res = await fetch(`${url}/etims-api/saveTrnsSalesOsdc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...seedDevice },
      body: JSON.stringify(saleBody(invcNo, [[ITEMS.flour, 1, 200]])),
    });
    return (await res.json()) as { resultCd: string; resultMsg: string };
  }

  it('shows every setting with its default', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      expect((await sendJson(`${sim.url}/__sim/settings`, 'GET')).body).toStrictEqual({
        vatConvention: 'either',
        sequence: 'strict',
        creditNoteWindowMonths: 6,
        maxCreditNotesPerSale: null,
        stockBeforeSale: false,
      });
    } finally {
      await sim.stop();
    }
  });

  it('changes them over HTTP, counts sequence refusals in stats, and reset() restores the start values', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      expect(await sell(sim.url, 5)).toMatchObject({ resultCd: '910', resultMsg: 'Invalid invcNo sequence, expected: 1 but found: 5' });
      expect((await sendJson(`${sim.url}/__sim/stats`, 'GET')).body).toMatchObject({ sequenceRefused: 1, documentsSigned: 0 });

      const patch = { sequence: 'unique', creditNoteWindowMonths: null, maxCreditNotesPerSale: 2, stockBeforeSale: false };
      const set = await sendJson(`${sim.url}/__sim/settings`, 'POST', patch);
      expect(set).toEqual({ status: 200, body: { vatConvention: 'either', ...patch } });
      expect((await sell(sim.url, 5)).resultCd).toBe('000');
      expect((await sell(sim.url, 5)).resultCd).toBe('994');

      expect((await sendJson(`${sim.url}/__sim/settings`, 'POST', { stockBeforeSale: true })).body).toMatchObject({
        sequence: 'unique',
        stockBeforeSale: true,
      });
      expect((await sell(sim.url, 6)).resultMsg).toMatch(/^Items provided under the itemList section do not exist in your stock: KE2NTU0000001/);

      sim.control.reset();
      expect(sim.control.settings()).toEqual(DEFAULT_SETTINGS);
      expect(sim.control.stats()).toMatchObject({ sequenceRefused: 0 });
      expect((await sell(sim.url, 2)).resultMsg).toBe('Invalid invcNo sequence, expected: 1 but found: 2');
    } finally {
      await sim.stop();
    }
  });

  it.each<[unknown, RegExp]>([
    [{ sequence: 'loose' }, /^sequence must be one of strict, unique, got "loose"$/],
    [{ sequence: null }, /^sequence must be one of strict, unique, got null$/],
    [{ creditNoteWindowMonths: 0 }, /^creditNoteWindowMonths must be a positive integer or null, got 0$/],
    [{ creditNoteWindowMonths: 1.5 }, /^creditNoteWindowMonths must be a positive integer or null, got 1\.5$/],
    [{ creditNoteWindowMonths: '6' }, /^creditNoteWindowMonths must be a positive integer or null, got "6"$/],
    [{ maxCreditNotesPerSale: -1 }, /^maxCreditNotesPerSale must be a positive integer or null, got -1$/],
    [{ stockBeforeSale: 'yes' }, /^stockBeforeSale must be true or false, got "yes"$/],
    [{ stockBeforeSale: 1 }, /^stockBeforeSale must be true or false, got 1$/],
    [
      { stockbeforesale: true },
      /^unknown setting stockbeforesale \(known: vatConvention, sequence, creditNoteWindowMonths, maxCreditNotesPerSale, stockBeforeSale\)$/,
    ],
    [{ sequence: 'unique', maxCreditNotesPerSale: 0 }, /^maxCreditNotesPerSale must be a positive integer or null, got 0$/],
  ])('refuses %j with 400 naming it, changing nothing', async (body, message) => {
    const sim = await startSimulator({ port: 0, maxCreditNotesPerSale: 3 });
    try {
      const res = await sendJson(`${sim.url}/__sim/settings`, 'POST', body);
      expect(res).toEqual({ status: 400, body: { error: 'validation_error', message: expect.stringMatching(message) } });
      expect(sim.control.settings()).toEqual({ ...DEFAULT_SETTINGS, maxCreditNotesPerSale: 3 });
    } finally {
      await sim.stop();
    }
  });

  it('takes them as options, validated at start, and reset() keeps them', async () => {
    const opts = { sequence: 'unique', creditNoteWindowMonths: 12, maxCreditNotesPerSale: 2, stockBeforeSale: true } as const;
    const sim = await startSimulator({ port: 0, ...opts });
    try {
      expect(sim.control.settings()).toEqual({ ...DEFAULT_SETTINGS, ...opts });
      sim.control.updateSettings({ sequence: 'strict', stockBeforeSale: false, creditNoteWindowMonths: null });
      sim.control.reset();
      expect(sim.control.settings()).toEqual({ ...DEFAULT_SETTINGS, ...opts });
    } finally {
      await sim.stop();
    }
    expect(() => createSimulator({ sequence: 'gapless' as never })).toThrow(/sequence must be one of strict, unique/);
    expect(() => createSimulator({ creditNoteWindowMonths: -6 })).toThrow(/creditNoteWindowMonths must be a positive integer or null/);
    expect(() => createSimulator({ stockBeforeSale: 'on' as never })).toThrow(/stockBeforeSale must be true or false/);
  });
});

describe('control access', () => {
  it('is refused like an unknown path when off, and needs the token when one is set', async () => {
    const off = await startSimulator({ port: 0, controlAccess: 'off' });
    const locked = await startSimulator({ port: 0, controlAccess: { token: 'letmein-0123456789' } });
    try {
      const offAnswer = await sendJson(`${off.url}/__sim/faults`, 'POST', { errorKind: 'http503' });
      expect(offAnswer.status).toBe(404);
      expect(off.control.listFaults()).toEqual([]);

      expect((await sendJson(`${locked.url}/__sim/stats`, 'GET')).status).toBe(404);
      const wrong = await fetch(`${locked.url}/__sim/stats`, { headers: { 'x-sim-control-token': 'letmein-0123456780' } });
      expect(wrong.status).toBe(404);
      await wrong.arrayBuffer();
      const right = await fetch(`${locked.url}/__sim/stats`, { headers: { 'x-sim-control-token': 'letmein-0123456789' } });
      expect(right.status).toBe(200);
      await right.arrayBuffer();
      // KRA's own routes stay open to every caller.
      const token = await fetch(`${locked.url}/v1/token/generate?grant_type=client_credentials`, { headers: { authorization: basicAuth() } });
      expect(token.status).toBe(200);
      await token.arrayBuffer();
    } finally {
      await off.stop();
      await locked.stop();
    }
  });
});

describe('determinism', () => {
  async function firstTokenAndPrn(seed: number): Promise<[string, string]> {
    const h = await startHarness({ seed, now: () => Date.UTC(2025, 9, 1) });
    try {
      const token = await h.token();
      const prn = await h.post(
        '/generate/v1/prn/whtvat',
        {
          transactionHeader: {
            withholderPin: 'P318295670X',
            transactionUniqueNo: 'D-1',
            noOfTransactions: 1,
            taxObligation: 'WHTVAT',
            taxPeriodFrom: '2025-09-01T00:00:00',
            taxPeriodTo: '2025-09-30T00:00:00',
            totalGrossAmount: 1000,
            totalTaxAmount: 20,
          },
          transactionDetails: [
            {
              withholdeePin: 'A744610021G',
              invoiceNo: 'I',
              invoiceDate: '2025-09-01T00:00:00',
              paymentDate: '2025-09-02T00:00:00',
              grossAmount: 1000,
              taxRate: 2,
              taxAmount: 20,
            },
          ],
        },
        { token },
      );
      return [token, prn.body.responseData.prnNumber as string];
    } finally {
      await h.sim.stop();
    }
  }

  it('same seed → same tokens and PRNs; another seed → others', async () => {
    const a = await firstTokenAndPrn(99);
    const b = await firstTokenAndPrn(99);
    const c = await firstTokenAndPrn(100);
    expect(b).toEqual(a);
    expect(c[0]).not.toBe(a[0]);
    expect(c[1]).not.toBe(a[1]);
    expect(a[1]).toMatch(/^202025\d{10}$/);
  });

  it('a reset replays the same sequence', async () => {
    const h = await startHarness({ seed: 99 });
    try {
      const first = await h.token();
      h.sim.control.reset();
      expect(await h.token()).toBe(first);
    } finally {
      await h.sim.stop();
    }
  });
});

describe('lifecycle', () => {
  it('stop() ends hung requests and keep-alive sockets promptly', async () => {
    const sim = await startSimulator({ port: 0 });
    sim.control.addFault({ errorKind: 'hang' });
    const hung = fetch(`${sim.url}/checker/v1/pinbypin`, { method: 'POST', body: '{}' }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sim.stop();
    expect(await hung).toBeInstanceOf(Error);
    await sim.stop(); // idempotent
  });

  it('createSimulator mounts in a caller-owned server', async () => {
    const simulator = createSimulator({ seed: 1 });
    const server = createServer(simulator.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await fetch(`${url}/v1/token/generate?grant_type=client_credentials`, { headers: { authorization: basicAuth() } });
      expect(((await res.json()) as { expires_in: string }).expires_in).toBe('3599');
      expect(simulator.control.stats().tokensIssued).toBe(1);
    } finally {
      simulator.shutdown();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
