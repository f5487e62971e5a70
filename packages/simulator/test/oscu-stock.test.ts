/**
 * `stockBeforeSale` (docs/kra/etims-oscu.md §6.6, §6.9): goods (item types 1 and 2) may be sold only
 * from stock booked with `insertStockIO` (types 01–06 in, 11–16 out); services (type 3) never need
 * stock, and a signed sale does not move stock itself.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, ITEMS, saleBody, stockIOBody, type Json, type LineSpec, type OscuHarness } from './oscu-harness.js';

let h: OscuHarness;
let hdr: Record<string, string>;
let nextInvc: number;
let nextSar: number;

beforeEach(async () => {
  h = createHarness();
  hdr = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
  nextInvc = 1;
  nextSar = 1;
});

async function sell(specs: LineSpec[], extra: Json = {}, headers = hdr): Promise<Json> {
  const res = await h.a('saveTrnsSalesOsdc', saleBody(nextInvc, specs, extra), headers);
  if (res.resultCd === '000') nextInvc += 1;
  return res;
}

async function book(sarTyCd: string, specs: LineSpec[], headers = hdr): Promise<void> {
  const res = await h.a('insertStockIO', stockIOBody(nextSar, specs, { sarTyCd }), headers);
  expect(res.resultCd, res.resultMsg).toBe('000');
  nextSar += 1;
}

const short = (itemCd: string, inStock: string, sold: string): string =>
  `Items provided under the itemList section do not exist in your stock: ${itemCd} (in stock ${inStock}, sold ${sold})`;

describe('stockBeforeSale off (default)', () => {
  it('signs a sale of goods with no stock booked', async () => {
    expect((await sell([[ITEMS.flour, 5, 200]])).resultCd).toBe('000');
  });
});

describe('stockBeforeSale on', () => {
  beforeEach(() => {
    h.setSettings({ stockBeforeSale: true });
  });

  it('refuses goods without stock with 910 naming the item; the number stays free', async () => {
    const res = await sell([[ITEMS.flour, 2, 200]]);
    expect(res).toMatchObject({ resultCd: '910', resultMsg: short('KE2NTU0000001', '0.00', '2.00'), data: null });
    expect(h.counters.documentsSigned).toBe(0);
    await book('01', [[ITEMS.flour, 2, 150]]);
    expect((await sell([[ITEMS.flour, 2, 200]])).data).toMatchObject({ curRcptNo: 1 });
  });

  it('checks raw materials (itemTyCd 1) too', async () => {
    expect((await sell([[ITEMS.milk, 1, 60]])).resultMsg).toBe(short('KE1NTKG0000003', '0.00', '1.00'));
  });

  it('exempts services (itemTyCd 3), alone or next to goods in stock', async () => {
    expect((await sell([[ITEMS.consulting, 3, 5000]])).resultCd).toBe('000');
    await book('02', [[ITEMS.flour, 1, 150]]);
    expect(
      (
        await sell([
          [ITEMS.consulting, 1, 5000],
          [ITEMS.flour, 1, 200],
        ])
      ).resultCd,
    ).toBe('000');
    expect(
      (
        await sell([
          [ITEMS.consulting, 1, 5000],
          [ITEMS.diesel, 1, 180],
        ])
      ).resultMsg,
    ).toBe(short('KE2NTL0000004', '0.00', '1.00'));
  });

  it('counts stock in minus stock out; a signed sale does not change it', async () => {
    await book('06', [[ITEMS.flour, 10, 150]]);
    expect((await sell([[ITEMS.flour, 10, 200]])).resultCd).toBe('000');
    expect((await sell([[ITEMS.flour, 10, 200]])).resultCd).toBe('000'); // still 10: the client books the stock-out
    await book('11', [[ITEMS.flour, 2.5, 150]]);
    expect((await sell([[ITEMS.flour, 7.51, 200]])).resultMsg).toBe(short('KE2NTU0000001', '7.50', '7.51'));
    expect((await sell([[ITEMS.flour, 7.5, 200]])).resultCd).toBe('000');
    await book('15', [[ITEMS.flour, 7.5, 150]]);
    expect((await sell([[ITEMS.flour, 0.01, 200]])).resultMsg).toBe(short('KE2NTU0000001', '0.00', '0.01'));
  });

  it('adds up the lines of one item', async () => {
    await book('01', [[ITEMS.flour, 10, 150]]);
    const res = await sell([
      [ITEMS.flour, 6, 200],
      [ITEMS.flour, 5, 200],
    ]);
    expect(res.resultMsg).toBe(short('KE2NTU0000001', '10.00', '11.00'));
  });

  it('keeps stock per branch', async () => {
    const branch01 = await h.init('P051234567Q', '01', 'ushuru-sim-dvc-02');
    await book('01', [[ITEMS.flour, 10, 150]]);
    const res = await h.a('saveTrnsSalesOsdc', saleBody(1, [[ITEMS.flour, 1, 200]]), branch01);
    expect(res.resultMsg).toBe(short('KE2NTU0000001', '0.00', '1.00'));
  });

  it('does not check credit notes', async () => {
    await book('01', [[ITEMS.flour, 2, 150]]);
    expect((await sell([[ITEMS.flour, 2, 200]])).resultCd).toBe('000');
    await book('11', [[ITEMS.flour, 2, 150]]);
    expect((await sell([[ITEMS.flour, 2, 200]], { rcptTyCd: 'R', orgInvcNo: 1, rfdRsnCd: '03' })).resultCd).toBe('000');
  });

  it('comes after the item check and before the amount check', async () => {
    expect((await sell([[{ ...ITEMS.flour, itemCd: 'KE2NTU9999999' }, 1, 200]])).resultMsg).toMatch(/KE2NTU9999999 is not a registered item/);
    expect((await sell([[ITEMS.flour, 1, 200]], { totAmt: 1 })).resultMsg).toBe(short('KE2NTU0000001', '0.00', '1.00'));
  });

  it('can be switched off again', async () => {
    h.setSettings({ stockBeforeSale: false });
    expect((await sell([[ITEMS.flour, 2, 200]])).resultCd).toBe('000');
  });
});
