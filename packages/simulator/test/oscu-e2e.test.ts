/** End to end over real HTTP through the core server: host A init + sale, host B with a portal token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type SimHarness } from './helpers.js';
import { ITEMS, saleBody } from './oscu-harness.js';

let h: SimHarness;

beforeAll(async () => {
  h = await startHarness({ seed: 99, now: () => Date.UTC(2025, 0, 15, 7, 0, 0) });
});
afterAll(async () => {
  await h.sim.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test answers are read loosely
async function postA(op: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${h.sim.url}/etims-api/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('OSCU over HTTP', () => {
  it('host A: seed init, then a sale, then its details; the portal finds the CU number', async () => {
    const init = await postA('selectInitOsdcInfo', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' });
    expect(init.status).toBe(200);
    expect(init.body).toMatchObject({ resultCd: '000', data: { info: { cmcKey: 'f0b9831bd2334874b7ec815e40347bc4', sdcId: 'KRACU013000001' } } });

    const headers = { tin: 'A123456789Z', bhfid: '00', cmcKey: 'f0b9831bd2334874b7ec815e40347bc4' };
    const sale = await postA('saveTrnsSalesOsdc', saleBody(1, [[ITEMS.flour, 2, 200]]), headers);
    expect(sale.body).toMatchObject({ resultCd: '000', data: { curRcptNo: 1, totRcptNo: 1, sdcDateTime: '20250115100000' } });
    expect(sale.body.data.rcptSign).toMatch(/^[A-Z2-7]{16}$/);

    const dup = await postA('saveTrnsSalesOsdc', saleBody(1, [[ITEMS.flour, 2, 200]]), headers);
    expect(dup.body.resultCd).toBe('994');

    const details = await postA('selectInvoiceDetails', { invcNo: 1 }, headers);
    expect(details.body.data.salesList[0].receipt.sdcDateTime).toBe('2025-01-15 10:00:00.0');

    const stats = h.sim.control.stats();
    expect(stats).toMatchObject({ documentsSigned: 1, duplicatesRefused: 1 });
    expect(stats.extra.devicesInitialized).toBe(1);

    // The portal's invoice checker sees the signed sale under its CU invoice number.
    const checked = await h.post('/checker/v1/invoice', { invoiceNumber: 'KRACU013000001/1', invoiceDate: '2025-01-15' });
    expect(checked.body).toMatchObject({
      responseCode: 40000,
      invoiceDetails: { controlUnitInvoiceNumber: 'KRACU013000001/1', supplierPIN: 'A123456789Z', totalInvoiceAmount: 464 },
    });
  });

  it('host B: bearer token from the portal, wrapped envelope', async () => {
    const token = await h.token();
    const res = await fetch(`${h.sim.url}/etims-oscu/api/v1/initialize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ tin: 'P051234567Q', bhfId: '00', dvcSrlNo: 'ushuru-sim-dvc-01' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { responseHeader: { responseCode: number }; responseBody: { resultCd: string } };
    expect(body.responseHeader.responseCode).toBe(200);
    expect(body.responseBody.resultCd).toBe('000');

    const unauth = await fetch(`${h.sim.url}/etims-oscu/api/v1/initialize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unauth.status).toBe(401);
  });
});
