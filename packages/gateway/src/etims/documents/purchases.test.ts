/**
 * Purchases against the simulator: suppliers' sales KRA holds for the PIN are listed with their key,
 * confirmed or turned down once each; purchases KRA does not hold are recorded by hand with computed
 * amounts; all of them numbered in the branch's own purchase sequence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { simControl } from '../../test-support/sim-control.js';

let gw: TestGateway;
let branch: TestBranch;

beforeAll(async () => {
  gw = await createTestGateway({ simulator: { stockBeforeSale: true }, env: { USHURU_OUTBOX_RETRY_BASE_MS: '20', USHURU_OUTBOX_RETRY_MAX_MS: '200' } });
  const { token } = await gw.tenant(['*']);
  // P051234567Q has two supplier sales waiting in the simulator's fixtures.
  branch = await openBranch(gw, token, SIM_BRANCHES[0]);
  expect((await branch.call('POST', '/api/etims/sync/purchases')).statusCode).toBe(200);
}, 60_000);
afterAll(() => gw.close());

describe('purchases', () => {
  it('lists suppliers’ sales with the key to answer each, and confirms one once', async () => {
    const incoming = (await branch.call('GET', '/api/etims/purchases/incoming')).json().data as Array<{
      purchase_key: string;
      spplrInvcNo: number;
      decision: unknown;
    }>;
    expect(incoming.length).toBeGreaterThanOrEqual(2);
    expect(incoming[0]).toMatchObject({ purchase_key: expect.stringMatching(/^[A-Z0-9]+_\d+$/), decision: null });
    const key = incoming[0]!.purchase_key;

    const confirmed = await branch.call('POST', `/api/etims/purchases/incoming/${key}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json().data).toMatchObject({ kind: 'purchase', status: 'signed', invoice_number: 1 });
    expect(confirmed.json().data.document).toMatchObject({ regTyCd: 'A', pchsSttsCd: '02', rcptTyCd: 'P', spplrInvcNo: incoming[0]!.spplrInvcNo });
    expect(confirmed.json().data.document.itemList[0]).toMatchObject({ itemCd: null, spplrItemCd: expect.any(String) });

    const again = await branch.call('POST', `/api/etims/purchases/incoming/${key}/reject`, {});
    expect(again.statusCode).toBe(409);
    const listed = (await branch.call('GET', '/api/etims/purchases/incoming')).json().data as Array<{ purchase_key: string; decision: unknown }>;
    expect(listed.find((p) => p.purchase_key === key)!.decision).toMatchObject({ answer: 'confirmed', status: 'signed' });
  });

  it('turns down another, and records a purchase KRA does not hold, in the same purchase sequence', async () => {
    const incoming = (await branch.call('GET', '/api/etims/purchases/incoming')).json().data as Array<{ purchase_key: string; decision: unknown }>;
    const open = incoming.find((p) => p.decision === null)!;
    const rejected = await branch.call('POST', `/api/etims/purchases/incoming/${open.purchase_key}/reject`, { remark: 'not ordered' });
    expect(rejected.statusCode, rejected.body).toBe(201);
    expect(rejected.json().data).toMatchObject({ invoice_number: 2, document: { pchsSttsCd: '04', remark: 'not ordered' } });

    const manual = await branch.call('POST', '/api/etims/purchases', {
      reference: 'PO-1',
      supplier_name: 'Local Miller',
      supplier_pin: 'P000111222A',
      lines: [{ item_code: branch.items.maize, quantity: 10, unit_price: '116.00', discount_rate: 10 }],
    });
    expect(manual.statusCode, manual.body).toBe(201);
    // 10 × 116.00 VAT-inclusive, 10 % off: 1,044.00 = 900.00 taxable + 144.00 VAT.
    expect(manual.json().data).toMatchObject({ invoice_number: 3, total_amount: '1044.00' });
    expect(manual.json().data.document).toMatchObject({ regTyCd: 'M', taxblAmtB: 900, taxAmtB: 144, totAmt: 1044 });
    // Sales keep their own sequence.
    const sale = await branch.call('POST', '/api/etims/sales', {
      trader_invoice_number: 'S-1',
      lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 10 }],
    });
    expect(sale.json().data.invoice_number).toBe(1);
    expect((await branch.call('GET', '/api/etims/purchases?limit=10')).json().data).toHaveLength(3);
    expect((await branch.call('GET', '/api/etims/purchases/PO-1')).json().data.invoice_number).toBe(3);
  });

  it('refuses bad purchases naming the field, and an unknown key with 404', async () => {
    const bad = await branch.call('POST', '/api/etims/purchases', {
      reference: 'PO-2',
      supplier_name: 'X',
      lines: [{ item_code: 'NOPE', quantity: 1, unit_price: 1 }],
    });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().errors)).toEqual(['lines.0.item_code']);
    expect(
      (
        await branch.call('POST', '/api/etims/purchases', {
          reference: 'PO-1',
          supplier_name: 'X',
          lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 1 }],
        })
      ).statusCode,
    ).toBe(409);
    expect((await branch.call('POST', '/api/etims/purchases/incoming/NOPE_1/confirm', {})).statusCode).toBe(404);
    const stats = await simControl(gw.simulatorUrl!).stats();
    expect(stats.routes['oscuA.insertTrnsPurchase']!.calls).toBe(3);
  });
});
