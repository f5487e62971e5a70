/**
 * The endpoint under KRA's faults: KRA applies a sale and times out, the client is told to send it
 * again and its retry of the same invcNo gets the one signature KRA made; KRA unreachable for a call
 * passed through answers as KRA's gateway does. Faults are always removed in `finally`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_BRANCHES } from '../test-support/etims-branch.js';
import { simControl } from '../test-support/sim-control.js';
import { endpointFixture } from '../test-support/oscu-endpoint.js';
import { kraClient } from '../test-support/oscu-client.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CORPUS_DIR = fileURLToPath(new URL('../../../../test/fixtures/oscu-corpus/', import.meta.url));
const corpus = (id: string): Json => JSON.parse(readFileSync(`${CORPUS_DIR}${id}.json`, 'utf8')) as Json;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const branch = SIM_BRANCHES[3];

describe('the OSCU endpoint under KRA faults', () => {
  let fx: Awaited<ReturnType<typeof endpointFixture>>;
  let kra: ReturnType<typeof kraClient>;
  const sim = () => simControl(fx.gw.simulatorUrl!);

  beforeAll(async () => {
    // The client waits 200 ms for KRA; the outbox retries quickly, as the fault tests of the outbox do.
    fx = await endpointFixture(branch, { oscu_wait_ms: 200 }, { USHURU_OUTBOX_RETRY_BASE_MS: '20', USHURU_OUTBOX_RETRY_MAX_MS: '100' });
    const creds = await fx.issue();
    kra = kraClient({ protocol: 'A', baseUrl: creds.legacy_base_url, tin: branch.tin, bhfId: branch.bhfId });
    expect((await kra.selectInitOsdcInfo({ tin: branch.tin, bhfId: branch.bhfId, dvcSrlNo: branch.serial })).resultCd).toBe('000');
    expect((await kra.call('saveItem', corpus('odoo-save-item').body)).resultCd).toBe('000');
  }, 60_000);
  afterAll(() => fx.gw.close());

  it('signs once when KRA applies a sale and times out, and gives the retry that signature', async () => {
    const before = await sim().stats();
    const body = corpus('odoo-credit-note').setup[1].body;
    // KRA applies the sale, then answers nothing for 400 ms (a 504 after): longer than the client waits.
    const fault = await sim().addFault({ route: 'oscuA.saveTrnsSalesOsdc', applyThenTimeout: true, hangMs: 400 });
    let first;
    try {
      first = await kra.call('saveTrnsSalesOsdc', structuredClone(body));
    } finally {
      await sim().removeFault(fault.id);
    }
    expect([first.resultCd, first.resultMsg]).toEqual([
      '991',
      'An error occurred while registering: invoice 1 is queued for KRA and not signed yet; send it again with the same invcNo to get its signature',
    ]);
    // The client sends the same invoice again, as it does after any failure, until it is answered.
    let answer = first;
    for (let i = 0; i < 50 && answer.resultCd !== '000'; i++) {
      await sleep(100);
      answer = await kra.call('saveTrnsSalesOsdc', structuredClone(body));
      expect(['000', '991']).toContain(answer.resultCd);
    }
    expect(answer.resultCd, JSON.stringify(answer.raw)).toBe('000');
    const after = await sim().stats();
    expect(after.documentsSigned - before.documentsSigned).toBe(1);
    expect(after.duplicatesRefused - before.duplicatesRefused).toBe(0);
    const signed = await kra.call('selectInvoiceDetails', { invcNo: 1 });
    expect(signed.data.salesList[0].receipt.rcptSign).toBe(answer.data.rcptSign);
    const rows = await fx.gw.deps.db.selectFrom('etims_documents').selectAll().where('app_id', '=', fx.appId).execute();
    expect(rows.map((r) => [r.kind, r.status, r.invc_no, r.oscu_invc_no])).toEqual([['sale', 'signed', 1, 1]]);
  }, 30_000);

  it('answers a call passed through while KRA is down as KRA’s gateway does', async () => {
    const fault = await sim().addFault({ route: 'oscuA.selectCodeList', outage: {} });
    try {
      const res = await kra.call('selectCodeList', { lastReqDt: '20180101000000' });
      expect(res.httpStatus).toBe(503);
      expect(res.raw.fault.detail.errorcode).toBe('messaging.adaptors.http.flow.ServiceUnavailable');
    } finally {
      await sim().removeFault(fault.id);
    }
  }, 30_000);
});

describe('an integration that switches from KRA to the endpoint mid-life', () => {
  const device = SIM_BRANCHES[4];
  let fx: Awaited<ReturnType<typeof endpointFixture>>;
  afterAll(() => fx.gw.close());

  it('keeps its numbering: Ushuru adopts KRA’s counter when KRA holds the number before', async () => {
    fx = await endpointFixture(device);
    // Before the switch: the integration initialized on KRA itself and signed invoice 1 there.
    const direct = kraClient({ protocol: 'A', baseUrl: `${fx.gw.simulatorUrl}/etims-api`, tin: device.tin, bhfId: device.bhfId });
    expect((await direct.selectInitOsdcInfo({ tin: device.tin, bhfId: device.bhfId, dvcSrlNo: device.serial })).resultCd).toBe('000');
    expect((await direct.call('saveItem', corpus('odoo-save-item').body)).resultCd).toBe('000');
    const sale = corpus('odoo-credit-note').setup[1].body;
    expect((await direct.call('saveTrnsSalesOsdc', structuredClone(sale))).resultCd).toBe('000');
    // The switch: the operator stores the device's key in Ushuru and gives the integration the endpoint.
    const imported = await fx.gw.request('POST', '/api/etims/device/import', {
      token: fx.token,
      headers: { 'x-kra-app-id': String(fx.appId) },
      body: { cmc_key: direct.cmcKey, sdc_id: 'KRACU000000001', mrc_no: 'WIS01000001' },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const creds = await fx.issue();
    const kra = kraClient({ protocol: 'A', baseUrl: creds.legacy_base_url, tin: device.tin, bhfId: device.bhfId, cmcKey: creds.cmc_key });
    const next = await kra.call('saveTrnsSalesOsdc', { ...structuredClone(sale), invcNo: 2, trdInvcNo: 'AFTER-SWITCH-2' });
    expect(next.resultCd, JSON.stringify(next.raw)).toBe('000');
    const rows = await fx.gw.deps.db.selectFrom('etims_documents').select(['invc_no', 'status']).where('app_id', '=', fx.appId).execute();
    expect(rows).toEqual([{ invc_no: 2, status: 'signed' }]);
    expect((await kra.call('saveTrnsSalesOsdc', { ...structuredClone(sale), invcNo: 5, trdInvcNo: 'GAP-5' })).resultMsg).toBe(
      'Invalid invcNo sequence, expected: 3 but found: 5',
    );
  }, 30_000);
});
