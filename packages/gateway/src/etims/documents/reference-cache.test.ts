/**
 * Tax rates and items are read on every sale and kept in the row cache; a sync that stores KRA's code
 * lists, and every change of an item, must drop them at once, or sales would carry a rate or a band
 * KRA no longer has.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAIZE, openBranch, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { cacheTags } from '../../infra/cache-tags.js';

let gw: TestGateway;
let branch: TestBranch;

beforeAll(async () => {
  gw = await createTestGateway({ simulator: true });
  const token = (await gw.tenant(['*'])).token;
  branch = await openBranch(gw, token, SIM_BRANCHES[1]);
});
afterAll(() => gw.close());

/** VAT in a proforma of 116.00 of an item (prices include VAT): 16.00 at 16 % (band B), 17.69 at 18 %, 8.59 at 8 % (band E). */
const vatOn116 = async (item = branch.items.maize) => {
  const res = await branch.call('POST', '/api/etims/proformas', {
    reference: 'Q',
    lines: [{ item_code: item, quantity: 1, unit_price: '116.00' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.tax as string;
};

it('uses the rates of the last code-list sync, although they are cached between sales', async () => {
  expect(await vatOn116()).toBe('16.00');
  // Band B at 18 %, as if another process had stored it from KRA and told this one.
  const row = await gw.deps.db
    .selectFrom('etims_codes')
    .select('data')
    .where('app_id', '=', branch.appId)
    .where('cd_cls', '=', '04')
    .where('cd', '=', 'B')
    .executeTakeFirstOrThrow();
  await gw.deps.db
    .updateTable('etims_codes')
    .set({ data: JSON.stringify({ ...JSON.parse(row.data), userDfnCd1: '18' }) })
    .where('app_id', '=', branch.appId)
    .where('cd_cls', '=', '04')
    .where('cd', '=', 'B')
    .execute();
  await gw.deps.rowCache.invalidate([cacheTags.codes(branch.appId)]);
  expect(await vatOn116()).toBe('17.69');
  expect(await vatOn116()).toBe('17.69');

  // A full sync stores KRA's list again (16 %): the next sale uses it.
  const synced = await branch.call('POST', '/api/etims/sync/codes', { full: true });
  expect(synced.statusCode, synced.body).toBe(200);
  expect(await vatOn116()).toBe('16.00');
});

it('uses an item’s band as last changed, although items are cached between sales', async () => {
  const code = (await branch.call('POST', '/api/etims/items', { ...MAIZE, itemNm: 'Cached maize' })).json().data.itemCd as string;
  expect(await vatOn116(code)).toBe('16.00');
  const changed = await branch.call('PUT', `/api/etims/items/${code}`, { taxTyCd: 'E' });
  expect(changed.statusCode, changed.body).toBe(200);
  expect(await vatOn116(code)).toBe('8.59');
});
