import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OSCU_OPERATIONS } from '@ushuru/kra';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { simControl } from '../test-support/sim-control.js';
import { startSyncScheduler } from '../worker/sync-scheduler.js';
import { OSCU_EXAMPLE_BODIES } from './examples.js';

/** KRA's Device Initialization example answer (docs/kra/etims-oscu.md §3.1 #1); the simulator issues exactly this. */
const SEED_INFO = {
  tin: 'A123456789Z',
  taxprNm: 'Taxpayer1130',
  bsnsActv: 'business',
  bhfId: '00',
  bhfNm: 'Headquater',
  bhfOpenDt: '20200226',
  prvncNm: 'NAIROBI CITY',
  dstrtNm: 'WESTLANDS',
  sctrNm: 'WON',
  locDesc: 'Westlands Towers',
  hqYn: 'Y',
  mgrNm: 'manage1130_00',
  mgrTelNo: '0789001130',
  mgrEmail: 'manage113000@test.com',
  dvcId: '9999911300000001',
  sdcId: 'KRACU013000001',
  mrcNo: 'WIS01000150',
};
const SEED_CMC_KEY = 'f0b9831bd2334874b7ec815e40347bc4';
const TABLES = [
  'kra_apps',
  'etims_devices',
  'etims_sync_cursors',
  'etims_codes',
  'etims_items',
  'etims_customers',
  'etims_branch_users',
  'request_logs',
  'idempotency_keys',
];

describe.each(['legacy', 'gavaconnect'] as const)('eTIMS OSCU over the %s host', (transport) => {
  let gw: TestGateway;
  let token: string;
  const bodies: string[] = [];
  const issuedKeys: string[] = [SEED_CMC_KEY];

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, opts: { body?: unknown; app?: number } = {}) => {
    const res = await gw.request(method, url, { token, body: opts.body, headers: opts.app ? { 'x-kra-app-id': String(opts.app) } : {} });
    bodies.push(res.body);
    return res;
  };
  const sim = () => simControl(gw.simulatorUrl!);
  /** Calls the simulator has answered so far, over all its routes. */
  const simCalls = async () => Object.values((await sim().stats()).routes).reduce((sum, r) => sum + r.calls, 0);
  const createApp = async (tin: string, bhf: string, serial: string) => {
    const creds = transport === 'gavaconnect' ? { consumer_key: SIM_DEFAULT_CONSUMER_KEY, consumer_secret: SIM_DEFAULT_CONSUMER_SECRET } : {};
    const res = await call('POST', '/api/kra/apps', {
      body: { type: 'etims', name: `${tin}/${bhf}`, environment: 'simulator', tin, bhf_id: bhf, dvc_srl_no: serial, settings: { transport }, ...creds },
    });
    expect(res.statusCode).toBe(201);
    return res.json().data.id as number;
  };
  const faultRoute = (op: string, hostB: string) => (transport === 'legacy' ? `oscuA.${op}` : `oscuB.${hostB}`);

  let seedApp: number;
  let traderApp: number;

  beforeAll(async () => {
    // Body capture on: the request log must still never hold a cmcKey.
    gw = await createTestGateway({ simulator: true, env: { USHURU_LOG_BODIES: 'true' } });
    token = (await gw.tenant(['*'])).token;
    seedApp = await createApp('A123456789Z', '00', 'dvcv1130');
    traderApp = await createApp('P051234567Q', '00', 'ushuru-sim-dvc-01');
  });
  afterAll(async () => {
    // The cmcKey never leaves the gateway: not in a response, a log line or a stored row.
    const raw = JSON.stringify(await Promise.all(TABLES.map((t) => gw.rawRows(t))));
    for (const key of issuedKeys) {
      for (const body of bodies) expect(body).not.toContain(key);
      expect(gw.logs()).not.toContain(key);
      expect(raw).not.toContain(key);
    }
    await gw.close();
  });

  describe('device initialization', () => {
    it('initializes KRA’s example device end to end and answers its example data.info without cmcKey', async () => {
      const res = await call('POST', '/api/etims/device/initialize', { app: seedApp });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ success: true, data: SEED_INFO });
      expect(res.json().data).not.toHaveProperty('cmcKey');

      const info = await call('GET', '/api/etims/device/info', { app: seedApp });
      expect(info.json().data).toMatchObject({ initialized: true, cmc_key_set: true, sdc_id: 'KRACU013000001', mrc_no: 'WIS01000150', transport });
      const app = await call('GET', `/api/kra/apps/${seedApp}`);
      expect(app.json().data.credentials_set).toContain('cmc_key');
    });

    it('initializes a second device of another PIN', async () => {
      const res = await call('POST', '/api/etims/device/initialize', { app: traderApp });
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toMatchObject({ tin: 'P051234567Q', bhfId: '00', sdcId: 'KRACU051234001' });
      for (const d of await sim().devices()) if (d.cmcKey) issuedKeys.push(d.cmcKey);
    });

    it('answers 902 (already initialized) with how to store an existing cmcKey', async () => {
      const res = await call('POST', '/api/etims/device/initialize', { app: seedApp });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: 'conflict', kra_response: { resultCd: '902' } });
      expect(res.json().message).toContain(`PATCH /api/kra/apps/${seedApp}`);
    });

    it('answers 901 with a clear message when KRA has not approved the serial', async () => {
      const id = await createApp('A123456789Z', '00', 'not-approved-serial');
      const res = await call('POST', '/api/etims/device/initialize', { app: id });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ error: 'kra_error', kra_response: { resultCd: '901' } });
      expect(res.json().message).toMatch(/has not approved device serial "not-approved-serial"/);
    });

    it('passes the app test and the health check once initialized', async () => {
      const test = await call('POST', `/api/kra/apps/${seedApp}/test`);
      expect(test.statusCode).toBe(200);
      expect(test.json().data).toMatchObject({ status: 'connected', transport });
      const health = await call('GET', '/api/etims/health', { app: seedApp });
      expect(health.statusCode).toBe(200);
      expect(health.json().data).toMatchObject({ status: 'up', transport, kra_result: { resultCd: '001' } });
    });
  });

  describe('a device initialized elsewhere', () => {
    it('is recorded with its kept cmcKey after KRA accepts the key, and only then', async () => {
      // Another system initialized the device: the key exists only there now.
      const elsewhere = await fetch(`${gw.simulatorUrl}/etims-api/selectInitOsdcInfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', tin: 'P052345678R', bhfId: '00' },
        body: JSON.stringify({ tin: 'P052345678R', bhfId: '00', dvcSrlNo: 'ushuru-sim-dvc-03' }),
      });
      const info = ((await elsewhere.json()) as { data: { info: { cmcKey: string; sdcId: string; mrcNo: string } } }).data.info;
      expect(info.cmcKey).toMatch(/^\w{16,}$/);
      issuedKeys.push(info.cmcKey);
      const appId = await createApp('P052345678R', '00', 'ushuru-sim-dvc-03');
      const again = await call('POST', '/api/etims/device/initialize', { app: appId });
      expect(again.statusCode).toBe(409);
      expect(again.json().message).toContain('/api/etims/device/import');

      const wrong = await call('POST', '/api/etims/device/import', {
        app: appId,
        body: { cmc_key: 'not-the-key-0000', sdc_id: info.sdcId, mrc_no: info.mrcNo },
      });
      expect(wrong.statusCode).toBe(422);
      expect((await call('GET', '/api/etims/device/info', { app: appId })).json().data).toMatchObject({ cmc_key_set: false, initialized: false });

      const right = await call('POST', '/api/etims/device/import', { app: appId, body: { cmc_key: info.cmcKey, sdc_id: info.sdcId, mrc_no: info.mrcNo } });
      expect(right.statusCode, right.body).toBe(200);
      expect(right.json().data).toMatchObject({ source: 'imported', cmc_key_set: true, sdc_id: info.sdcId, mrc_no: info.mrcNo });
      expect((await call('GET', '/api/etims/health', { app: appId })).statusCode).toBe(200);
    });
  });

  describe('raw OSCU operations', () => {
    it('makes a good call of every operation', async () => {
      const imports = await call('POST', '/api/etims/oscu/selectImportItemList', { app: traderApp, body: { lastReqDt: '20180101000000' } });
      const line = imports.json().data.data.itemList[0];
      const bodies: Record<string, Record<string, unknown>> = {
        ...OSCU_EXAMPLE_BODIES,
        selectInitOsdcInfo: { tin: 'P051234567Q', bhfId: '00', dvcSrlNo: 'ushuru-sim-dvc-01' },
        updateImportItem: { ...OSCU_EXAMPLE_BODIES.updateImportItem, taskCd: line.taskCd, dclDe: line.dclDe, itemSeq: line.itemSeq },
      };
      for (const op of OSCU_OPERATIONS) {
        const res = await call('POST', `/api/etims/oscu/${op.name}`, { app: traderApp, body: bodies[op.name] });
        if (op.name === 'selectInitOsdcInfo') {
          // Already initialized above: the raw route goes through device initialization and says so.
          expect(res.statusCode, op.name).toBe(409);
          continue;
        }
        expect(res.statusCode, `${op.name}: ${res.body}`).toBe(200);
        expect(['000', '001']).toContain(res.json().data.resultCd);
        expect(Object.keys(res.json().data).sort()).toEqual(['data', 'resultCd', 'resultDt', 'resultMsg']);
      }
    });

    it.each(OSCU_OPERATIONS.map((o) => o.name))('rejects a bad %s body with 422 naming the field, before calling KRA', async (op) => {
      const before = await simCalls();
      const res = await call('POST', `/api/etims/oscu/${op}`, {
        app: seedApp,
        body: { ...OSCU_EXAMPLE_BODIES[op], [Object.keys(OSCU_EXAMPLE_BODIES[op])[0]!]: undefined },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toBe('validation_error');
      expect(Object.keys(res.json().errors)[0]).toBe(Object.keys(OSCU_EXAMPLE_BODIES[op])[0]);
      expect(await simCalls()).toBe(before);
    });

    it('checks integers, lengths and dates', async () => {
      const sale = OSCU_EXAMPLE_BODIES.saveTrnsSalesOsdc;
      const res = await call('POST', '/api/etims/oscu/saveTrnsSalesOsdc', {
        app: seedApp,
        body: { ...sale, invcNo: 'INV001', salesDt: '2025-01-02', trdInvcNo: 'x'.repeat(51) },
      });
      expect(res.statusCode).toBe(422);
      expect(Object.keys(res.json().errors).sort()).toEqual(['invcNo', 'salesDt', 'trdInvcNo']);
    });

    it('maps KRA rejections: 994 duplicate → 409, 910 → 422 kra_error', async () => {
      const first = await call('POST', '/api/etims/oscu/saveTrnsSalesOsdc', { app: seedApp, body: { ...OSCU_EXAMPLE_BODIES.saveTrnsSalesOsdc, invcNo: 1 } });
      expect(first.statusCode).toBe(200);
      const dup = await call('POST', '/api/etims/oscu/saveTrnsSalesOsdc', { app: seedApp, body: { ...OSCU_EXAMPLE_BODIES.saveTrnsSalesOsdc, invcNo: 1 } });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().kra_response.resultCd).toBe('994');
      const bad = await call('POST', '/api/etims/oscu/saveItemComposition', {
        app: seedApp,
        body: { ...OSCU_EXAMPLE_BODIES.saveItemComposition, cpstItemCd: 'KE9NOTREAL0001' },
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({ error: 'kra_error', kra_response: { resultCd: '910' } });
    });

    it('accepts totTaxAmt for the line tax and sends the key the app is set to', async () => {
      const sale = OSCU_EXAMPLE_BODIES.saveTrnsSalesOsdc as { itemList: Array<Record<string, unknown>> } & Record<string, unknown>;
      const asTotTaxAmt = sale.itemList.map(({ taxAmt, ...rest }) => ({ ...rest, totTaxAmt: taxAmt }));
      const res = await call('POST', '/api/etims/oscu/saveTrnsSalesOsdc', { app: seedApp, body: { ...sale, invcNo: 2, itemList: asTotTaxAmt } });
      expect(res.statusCode, res.body).toBe(200);
      // Set to send totTaxAmt, the simulator (which follows KRA's samples: taxAmt) refuses the line.
      const app = (await call('GET', `/api/kra/apps/${seedApp}`)).json().data;
      await call('PATCH', `/api/kra/apps/${seedApp}`, { body: { settings: { ...app.settings, line_tax_key: 'totTaxAmt' } } });
      const refused = await call('POST', '/api/etims/oscu/saveTrnsSalesOsdc', { app: seedApp, body: { ...sale, invcNo: 3 } });
      await call('PATCH', `/api/kra/apps/${seedApp}`, { body: { settings: app.settings } });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().kra_response.resultCd).toBe('910');
    });

    it('needs etims:read for select* and etims:write for the rest', async () => {
      const reader = await gw.token((await gw.tenant(['etims:read'])).tenantId, ['etims:read']);
      const res = await gw.request('POST', '/api/etims/oscu/saveItem', { token: reader, body: OSCU_EXAMPLE_BODIES.saveItem });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('reference-data sync', () => {
    it('syncs incrementally, then answers nothing new (001) without moving past KRA', async () => {
      const first = await call('POST', '/api/etims/sync/codes', { app: seedApp, body: {} });
      expect(first.statusCode).toBe(200);
      expect(first.json().data).toMatchObject({ dataset: 'codes', status: 'synced', result_cd: '000', from: '20180101000000' });
      expect(first.json().data.records).toBeGreaterThan(50);
      const cursor = first.json().data.cursor as string;
      expect(cursor).toMatch(/^\d{14}$/);

      const again = await call('POST', '/api/etims/sync/codes', { app: seedApp });
      expect(again.json().data).toMatchObject({ status: 'up_to_date', result_cd: '001', records: 0, from: cursor });

      const taxes = await call('GET', '/api/etims/codes/04', { app: seedApp });
      expect(taxes.json().data.dtlList.map((d: { cd: string }) => d.cd)).toEqual(['A', 'B', 'C', 'D', 'E']);
    });

    it('keeps the cursor when KRA fails, and records the error', async () => {
      await sim().addFault({ route: faultRoute('selectNoticeList', 'selectNoticeList'), outage: { enabled: true } });
      const failed = await call('POST', '/api/etims/sync/notices', { app: seedApp });
      expect(failed.statusCode).toBe(502);
      const status = await call('GET', '/api/etims/sync', { app: seedApp });
      const notices = status.json().data.find((c: { dataset: string }) => c.dataset === 'notices');
      expect(notices).toMatchObject({ last_req_dt: null, running: false });
      expect(notices.last_error).toBeTruthy();
      await sim().clearFaults();
      const ok = await call('POST', '/api/etims/sync/notices', { app: seedApp });
      expect(ok.json().data).toMatchObject({ status: 'synced', from: '20180101000000' });
      expect((await call('GET', '/api/etims/notices', { app: seedApp })).json().data.length).toBeGreaterThan(0);
    });

    it('runs one sync of a dataset at a time: a concurrent one is refused with 409, not run twice', async () => {
      const fault = await sim().addFault({ route: faultRoute('selectStockMoveList', 'selectStockMoveLists'), latencyMs: 300 });
      const [a, b] = await Promise.all([
        call('POST', '/api/etims/sync/stock-moves', { app: seedApp, body: { full: true } }),
        call('POST', '/api/etims/sync/stock-moves', { app: seedApp, body: { full: true } }),
      ]);
      await sim().removeFault(fault.id);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      expect([a, b].find((r) => r.statusCode === 409)!.json().error).toBe('conflict');
      // The lease is released: the next sync runs.
      expect((await call('POST', '/api/etims/sync/stock-moves', { app: seedApp })).statusCode).toBe(200);
    });

    it('resyncs in full on request', async () => {
      const full = await call('POST', '/api/etims/sync/codes', { app: seedApp, body: { full: true } });
      expect(full.json().data).toMatchObject({ status: 'synced', full: true, from: '20180101000000' });
    });

    it('syncs every dataset and serves the copies', async () => {
      const all = await call('POST', '/api/etims/sync/all', { app: traderApp });
      expect(all.statusCode).toBe(200);
      expect(all.json().data).toHaveLength(8);
      expect(
        (await call('GET', '/api/etims/item-classes?search=maize', { app: traderApp })).json().data.map((c: { itemClsCd: string }) => c.itemClsCd),
      ).toContain('5022170100');
      expect((await call('GET', '/api/etims/branches', { app: traderApp })).json().data.map((b: { bhfId: string }) => b.bhfId)).toEqual(['00', '01']);
      expect((await call('GET', '/api/etims/imported-items', { app: traderApp })).json().data.length).toBeGreaterThan(0);
      expect((await call('GET', '/api/etims/purchases/incoming', { app: traderApp })).statusCode).toBe(200);
      expect((await call('GET', '/api/etims/items?search=maize', { app: traderApp })).json().data.length).toBeGreaterThan(0);
    });

    it('runs from the worker without overlapping ticks', async () => {
      const scheduler = startSyncScheduler(gw.deps, { intervals: { notices: 3600, branches: 3600 }, tickMs: 3_600_000 });
      const [a, b] = [scheduler.runOnce(), scheduler.runOnce()];
      expect(a).toBe(b);
      const runs = await a;
      await scheduler.stop();
      expect(
        runs
          .filter((r) => r.appId === seedApp)
          .map((r) => r.dataset)
          .sort(),
      ).toEqual(['branches']);
      expect(runs.every((r) => r.outcome === 'synced')).toBe(true);
    });
  });

  describe('items and customers', () => {
    it('registers an item with a generated code, updates and lists it', async () => {
      const res = await call('POST', '/api/etims/items', {
        app: seedApp,
        body: {
          itemClsCd: '5022170100',
          itemTyCd: '2',
          itemNm: 'Maize Flour 5kg',
          orgnNatCd: 'KE',
          pkgUnitCd: 'NT',
          qtyUnitCd: 'U',
          taxTyCd: 'B',
          dftPrc: 480,
        },
      });
      expect(res.statusCode).toBe(201);
      const code = res.json().data.itemCd as string;
      expect(code).toMatch(/^KE2NTU\d{7}$/);
      // KRA already has KE2NTU0000001/2 (the simulator's fixtures): a generated code never overwrites them.
      expect(['KE2NTU0000001', 'KE2NTU0000002']).not.toContain(code);
      const upd = await call('PUT', `/api/etims/items/${code}`, { app: seedApp, body: { dftPrc: 500 } });
      expect(upd.json().data).toMatchObject({ itemCd: code, dftPrc: 500 });
      const list = await call('GET', '/api/etims/items?search=5kg', { app: seedApp });
      expect(list.json().data.map((i: { itemCd: string }) => i.itemCd)).toContain(code);
      const dup = await call('POST', '/api/etims/items', { app: seedApp, body: { ...upd.json().data } });
      expect(dup.statusCode).toBe(409);
    });

    it('names the field that is not in the code lists', async () => {
      const res = await call('POST', '/api/etims/items', {
        app: seedApp,
        body: { itemClsCd: '5022170100', itemTyCd: '2', itemNm: 'Bad unit', orgnNatCd: 'KE', pkgUnitCd: 'ZZ', qtyUnitCd: 'U', taxTyCd: 'X', dftPrc: 1 },
      });
      expect(res.statusCode).toBe(422);
      expect(Object.keys(res.json().errors).sort()).toEqual(['pkgUnitCd', 'taxTyCd']);
    });

    it('saves a composition of two items', async () => {
      await call('POST', '/api/etims/sync/items', { app: seedApp });
      const res = await call('POST', '/api/etims/items/KE2NTU0000001/compositions', { app: seedApp, body: { cpstItemCd: 'KE2NTU0000002', cpstQty: 2 } });
      expect(res.statusCode).toBe(200);
      expect(res.json().data.components).toEqual([expect.objectContaining({ cpstItemCd: 'KE2NTU0000002', cpstQty: 2 })]);
    });

    it("accepts Salami's snake_case customer fields and looks PINs up live", async () => {
      const res = await call('POST', '/api/etims/customers', {
        app: seedApp,
        body: { customer_pin: 'P051234567Q', customer_name: 'USHURU SIM TRADERS LIMITED', phone: '0711000002' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().data).toMatchObject({ custNo: '1', custTin: 'P051234567Q', telNo: '0711000002' });
      expect((await call('GET', '/api/etims/customers', { app: seedApp })).json().data).toHaveLength(1);
      const lookup = await call('GET', '/api/etims/customers/lookup/P051234567Q', { app: seedApp });
      expect(lookup.json().data).toMatchObject({ found: true, customer: { tin: 'P051234567Q' } });
    });

    it('gives concurrent new customers distinct numbers, losing none', async () => {
      const pins = ['P052345678R', 'A098765432K', 'A744610021G', 'A521040203F', 'P318295670X'];
      const results = await Promise.all(
        pins.map((pin, i) => call('POST', '/api/etims/customers', { app: traderApp, body: { custTin: pin, custNm: `Customer ${i}` } })),
      );
      expect(results.map((r) => r.statusCode)).toEqual(pins.map(() => 201));
      const numbers = results.map((r) => r.json().data.custNo as string);
      expect(new Set(numbers).size).toBe(pins.length);
      const listed = (await call('GET', '/api/etims/customers', { app: traderApp })).json().data as Array<{ custTin: string }>;
      expect(listed.map((c) => c.custTin).sort()).toEqual([...pins].sort());
    });

    it('never gives an automatic customer number that a caller chose explicitly', async () => {
      const first = await call('POST', '/api/etims/customers', { app: seedApp, body: { custTin: 'P052345678R', custNm: 'AUTO ONE' } });
      const next = String(Number(first.json().data.custNo) + 1);
      const explicit = await call('POST', '/api/etims/customers', { app: seedApp, body: { custNo: next, custTin: 'A098765432K', custNm: 'EXPLICIT' } });
      expect(explicit.json().data.custNo).toBe(next);
      const auto = await call('POST', '/api/etims/customers', { app: seedApp, body: { custTin: 'A744610021G', custNm: 'AUTO TWO' } });
      expect(auto.json().data.custNo).not.toBe(next);
      const names = (await call('GET', '/api/etims/customers', { app: seedApp })).json().data.map((c: { custNm: string }) => c.custNm);
      expect(names).toEqual(expect.arrayContaining(['AUTO ONE', 'EXPLICIT', 'AUTO TWO']));
    });

    it('registers one of two simultaneous registrations of one item code; the other is 409', async () => {
      const body = {
        itemCd: 'KE2NTU0000777',
        itemClsCd: '5022170100',
        itemTyCd: '2',
        itemNm: 'Race item',
        orgnNatCd: 'KE',
        pkgUnitCd: 'NT',
        qtyUnitCd: 'U',
        taxTyCd: 'B',
        dftPrc: 10,
      };
      const [a, b] = await Promise.all([
        call('POST', '/api/etims/items', { app: seedApp, body: { ...body, itemNm: 'Race item A' } }),
        call('POST', '/api/etims/items', { app: seedApp, body: { ...body, itemNm: 'Race item B' } }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
      const winner = [a, b].find((r) => r.statusCode === 201)!.json().data.itemNm;
      const listed = (await call('GET', '/api/etims/items?search=KE2NTU0000777', { app: seedApp })).json().data;
      expect(listed).toEqual([expect.objectContaining({ itemCd: 'KE2NTU0000777', itemNm: winner, source: 'registered' })]);
    });

    it('frees an item code KRA did not accept, so the same registration can be retried', async () => {
      const body = {
        itemCd: 'KE2NTU0000888',
        itemClsCd: '5022170100',
        itemTyCd: '2',
        itemNm: 'Retry item',
        orgnNatCd: 'KE',
        pkgUnitCd: 'NT',
        qtyUnitCd: 'U',
        taxTyCd: 'B',
        dftPrc: 10,
      };
      const fault = await sim().addFault({ route: faultRoute('saveItem', 'saveItem'), outage: { enabled: true } });
      const failed = await call('POST', '/api/etims/items', { app: seedApp, body });
      await sim().removeFault(fault.id);
      expect(failed.statusCode).toBe(502);
      const retried = await call('POST', '/api/etims/items', { app: seedApp, body });
      expect(retried.statusCode).toBe(201);
    });

    it('saves branch users without keeping their password, and insurers', async () => {
      const user = await call('POST', '/api/etims/branch-users', {
        app: seedApp,
        body: { userId: 'cashier9', userNm: 'Cashier Nine', pwd: 'never-stored-pwd-123' },
      });
      expect(user.statusCode).toBe(201);
      expect(user.body).not.toContain('never-stored-pwd-123');
      expect(JSON.stringify(await gw.rawRows('etims_branch_users'))).not.toContain('never-stored-pwd-123');
      await gw.deps.requestLog.flush();
      expect(JSON.stringify(await gw.rawRows('request_logs'))).not.toContain('never-stored-pwd-123');
      const ins = await call('POST', '/api/etims/insurances', { app: seedApp, body: { isrccCd: 'SHA', isrccNm: 'Social Health Authority', isrcRt: 20 } });
      expect(ins.statusCode).toBe(201);
    });
  });

  describe('request log', () => {
    it('records every OSCU call with the route or job that made it', async () => {
      await gw.deps.requestLog.flush();
      const res = await call('GET', `/api/logs?app_id=${seedApp}&limit=200`);
      expect(res.statusCode).toBe(200);
      const rows = res.json().data as Array<{ route: string; kra_path: string; kra_code: string | null; token_id: string | null; request_id: string }>;
      const find = (route: string, kraPath: string, kraCode?: string | null) =>
        rows.find((r) => r.route === route && r.kra_path === kraPath && (kraCode === undefined || r.kra_code === kraCode));
      expect(find('/api/etims/device/initialize', 'selectInitOsdcInfo', '000')).toBeTruthy();
      expect(find('/api/etims/device/initialize', 'selectInitOsdcInfo', '902')).toBeTruthy();
      expect(find('/api/etims/items', 'saveItem', '000')).toBeTruthy();
      expect(find('/api/etims/sync/:dataset', 'selectCodeList')).toBeTruthy();
      expect(find('/api/etims/oscu/saveTrnsSalesOsdc', 'saveTrnsSalesOsdc', '994')).toBeTruthy();
      expect(find('/api/etims/sync/:dataset', 'selectNoticeList', null)).toBeTruthy(); // the outage: no KRA code
      const worker = find('worker:etims-sync', 'selectBhfList');
      expect(worker).toMatchObject({ token_id: null });
      expect(worker?.request_id).toMatch(/^sync_/);
    });
  });
});
