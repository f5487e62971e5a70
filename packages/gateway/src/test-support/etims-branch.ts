/**
 * Test support for document tests: an eTIMS app on one of the simulator's approved devices,
 * initialized, with an item registered, ready to sell.
 */
import { expect } from 'vitest';
import type { TestGateway } from './gateway.js';

/** The simulator's five approved OSCU devices (one per branch). */
export const SIM_BRANCHES = [
  { tin: 'P051234567Q', bhfId: '00', serial: 'ushuru-sim-dvc-01' },
  { tin: 'P051234567Q', bhfId: '01', serial: 'ushuru-sim-dvc-02' },
  { tin: 'P052345678R', bhfId: '00', serial: 'ushuru-sim-dvc-03' },
  { tin: 'A098765432K', bhfId: '00', serial: 'ushuru-sim-dvc-04' },
  { tin: 'A123456789Z', bhfId: '00', serial: 'dvcv1130' },
] as const;

/** A goods item at 16 % (band B). */
export const MAIZE = {
  itemClsCd: '5022170100',
  itemTyCd: '2',
  itemNm: 'Maize Flour 5kg',
  orgnNatCd: 'KE',
  pkgUnitCd: 'NT',
  qtyUnitCd: 'U',
  taxTyCd: 'B',
  dftPrc: 480,
};
/** A service at 8 % (band E). */
export const DELIVERY = {
  itemClsCd: '5022170100',
  itemTyCd: '3',
  itemNm: 'Delivery',
  orgnNatCd: 'KE',
  pkgUnitCd: 'NT',
  qtyUnitCd: 'U',
  taxTyCd: 'E',
  dftPrc: 200,
};

/** The maize every test branch starts with. */
export const OPENING_STOCK = 1_000_000;

/** An initialized branch with registered items; `call` sends as this tenant with this app. */
export interface TestBranch {
  appId: number;
  items: { maize: string; delivery: string };
  call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown, headers?: Record<string, string>): ReturnType<TestGateway['request']>;
}

/** The body that creates an eTIMS app on one of the simulator's devices (`POST /api/kra/apps`), on host A unless `settings` say otherwise. */
export function simBranchApp(branch: (typeof SIM_BRANCHES)[number], name: string, settings: Record<string, unknown> = {}) {
  return {
    type: 'etims',
    name,
    environment: 'simulator',
    tin: branch.tin,
    bhf_id: branch.bhfId,
    dvc_srl_no: branch.serial,
    settings: { transport: 'legacy', ...settings },
  };
}

/** Creates the app of `branch`, initializes its device, registers MAIZE and DELIVERY and books opening stock of MAIZE. */
export async function openBranch(
  gw: TestGateway,
  token: string,
  branch: (typeof SIM_BRANCHES)[number],
  settings: Record<string, unknown> = {},
): Promise<TestBranch> {
  const created = await gw.request('POST', '/api/kra/apps', {
    token,
    body: simBranchApp(branch, `${branch.tin}/${branch.bhfId}`, settings),
  });
  expect(created.statusCode, created.body).toBe(201);
  const appId = created.json().data.id as number;
  const call: TestBranch['call'] = (method, url, body, headers = {}) =>
    gw.request(method, url, { token, body, headers: { 'x-kra-app-id': String(appId), ...headers } });
  const init = await call('POST', '/api/etims/device/initialize');
  // A device another test file initialized in this simulator answers 902; store its key instead.
  expect([200, 409], init.body).toContain(init.statusCode);
  const register = async (item: object) => {
    const res = await call('POST', '/api/etims/items', item);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data.itemCd as string;
  };
  const items = { maize: await register(MAIZE), delivery: await register(DELIVERY) };
  // KRA refuses a sale of goods without stock: open the branch with plenty of maize.
  const opening = await call('POST', '/api/etims/stock/movements', {
    type: '06',
    reference: 'OPENING',
    lines: [{ item_code: items.maize, quantity: OPENING_STOCK }],
  });
  expect([201, 202], opening.body).toContain(opening.statusCode);
  await gw.deps.outbox.drain(appId, 10_000);
  return { appId, call, items };
}

/**
 * A sale that shows every part of a receipt: a discounted goods line in band B (2 × 3,600.00 less 5 %
 * = 6,840.00) and a service line in band E (108.00), to a buyer with a PIN, paid by mobile money.
 */
export function receiptSaleBody(branch: TestBranch, traderInvoiceNumber: string) {
  return {
    trader_invoice_number: traderInvoiceNumber,
    customer_pin: 'P052345678R',
    payment_type: '06',
    lines: [
      { item_code: branch.items.maize, quantity: 2, unit_price: '3600.00', discount_rate: 5 },
      { item_code: branch.items.delivery, quantity: 1, unit_price: 108 },
    ],
  };
}
