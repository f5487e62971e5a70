/**
 * The contract corpus (test/fixtures/oscu-corpus/, format in its README) through the gateway's raw
 * OSCU routes, on both KRA hosts: what real integrations send and KRA accepts must be accepted here
 * too, and what KRA refuses must come back refused, naming the field. The simulator runs the same
 * cases directly (packages/simulator/test/oscu-corpus.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { simControl } from '../test-support/sim-control.js';

type Json = Record<string, unknown>;

interface Outcome {
  resultCd: string;
  field?: string;
}

interface CorpusCase {
  id: string;
  setup: Array<{ operation: string; body: Json }>;
  operation: string;
  body: Json;
  expect: Outcome;
  expectViaGateway?: Outcome;
}

const CORPUS_DIR = fileURLToPath(new URL('../../../../test/fixtures/oscu-corpus/', import.meta.url));
const cases: CorpusCase[] = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(CORPUS_DIR + f, 'utf8')) as CorpusCase);

/** `itemList[0].qty` (KRA's way of naming a field) → `itemList.0.qty` (ours). */
const gatewayPath = (field: string): string => field.replace(/\[(\d+)\]/g, '.$1');

describe.each(['legacy', 'gavaconnect'] as const)('the contract corpus through the gateway, %s host', (transport) => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true });
  });
  afterAll(() => gw.close());

  /** A fresh simulator, a tenant of its own and a freshly initialized device, as every case needs. */
  async function freshDevice(): Promise<{ token: string }> {
    await simControl(gw.simulatorUrl!).reset();
    const { token } = await gw.tenant(['*']);
    const creds = transport === 'gavaconnect' ? { consumer_key: SIM_DEFAULT_CONSUMER_KEY, consumer_secret: SIM_DEFAULT_CONSUMER_SECRET } : {};
    const app = await gw.request('POST', '/api/kra/apps', {
      token,
      body: {
        type: 'etims',
        name: 'corpus',
        environment: 'simulator',
        tin: 'P051234567Q',
        bhf_id: '00',
        dvc_srl_no: 'ushuru-sim-dvc-01',
        settings: { transport },
        ...creds,
      },
    });
    expect(app.statusCode, app.body).toBe(201);
    const init = await gw.request('POST', '/api/etims/device/initialize', { token });
    expect(init.statusCode, init.body).toBe(200);
    return { token };
  }

  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const { token } = await freshDevice();
    for (const [i, step] of c.setup.entries()) {
      const res = await gw.request('POST', `/api/etims/oscu/${step.operation}`, { token, body: step.body });
      expect(res.statusCode, `setup[${i}] ${step.operation}: ${res.body}`).toBe(200);
      expect(res.json().data.resultCd).toBe('000');
    }
    const res = await gw.request('POST', `/api/etims/oscu/${c.operation}`, { token, body: c.body });
    const want = c.expectViaGateway ?? c.expect;
    if (want.resultCd === '000') {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data.resultCd).toBe('000');
      return;
    }
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    if (body.error === 'kra_error') {
      // KRA's refusal, passed on with KRA's code and its message naming the field.
      expect(body.kra_response.resultCd).toBe(want.resultCd);
      expect(body.kra_response.resultMsg).toContain(want.field);
      expect(body.message).toContain(want.field);
    } else {
      // Or the gateway's own refusal of the same field, before anything was sent.
      expect(body.error).toBe('validation_error');
      expect(Object.keys(body.errors)).toContain(gatewayPath(want.field!));
    }
  });
});

describe('scalars as real clients send them', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true, env: { USHURU_LOG_BODIES: 'true' } });
    token = (await gw.tenant(['*'])).token;
    await gw.request('POST', '/api/kra/apps', {
      token,
      body: { type: 'etims', name: 'e', environment: 'simulator', tin: 'P051234567Q', bhf_id: '00', dvc_srl_no: 'ushuru-sim-dvc-01' },
    });
    expect((await gw.request('POST', '/api/etims/device/initialize', { token })).statusCode).toBe(200);
  });
  afterAll(() => gw.close());

  it('accepts a number in a text field and numeric text in a number field, and sends KRA the spec’s types', async () => {
    const item = cases.find((c) => c.id === 'odoo-save-item')!.body;
    const res = await gw.request('POST', '/api/etims/oscu/saveItem', { token, body: { ...item, regrId: 2, modrId: 2, dftPrc: '480.50', addInfo: 7 } });
    expect(res.statusCode, res.body).toBe(200);
    const logs = (await gw.request('GET', '/api/logs?route=/api/etims/oscu/saveItem', { token })).json().data as Array<{ request_body: Json }>;
    expect(logs[0]!.request_body).toMatchObject({ regrId: '2', modrId: '2', dftPrc: 480.5, addInfo: '7' });
  });

  it.each([
    [{ dftPrc: 'abc' }, 'dftPrc', 'must be a number'],
    [{ dftPrc: '4 80' }, 'dftPrc', 'must be a number'],
    [{ dftPrc: { value: 480 } }, 'dftPrc', 'must be a number'],
    [{ dftPrc: true }, 'dftPrc', 'must be a number'],
    [{ itemNm: { text: 'x' } }, 'itemNm', 'must be a string'],
    [{ itemNm: false }, 'itemNm', 'must be a string'],
  ])('still refuses %j, naming the field', async (change, field, message) => {
    const item = cases.find((c) => c.id === 'odoo-save-item')!.body;
    const res = await gw.request('POST', '/api/etims/oscu/saveItem', { token, body: { ...item, ...change } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual({ [field]: [message] });
  });

  it('refuses fractional text in an integer field, as KRA’s backend does', async () => {
    const res = await gw.request('POST', '/api/etims/oscu/selectInvoiceDetails', { token, body: { invcNo: '1.0' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual({ invcNo: ['must be an integer'] });
  });
});
