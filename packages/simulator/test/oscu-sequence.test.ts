/**
 * Document numbering (docs/kra/etims-oscu.md §6.2, §6.9): per branch, sales and credit notes share
 * one `invcNo` sequence, purchases have a second and stock IO (`sarNo`) a third, each from 1. Under
 * `sequence: 'strict'` (the default) only the next number is accepted; a used number is 994 either way.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, ITEMS, purchaseBody, saleBody, stockIOBody, type Json, type OscuHarness } from './oscu-harness.js';

let h: OscuHarness;
let hdr: Record<string, string>;

beforeEach(async () => {
  h = createHarness();
  hdr = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
});

const sale = (invcNo: number, extra: Json = {}): Json => saleBody(invcNo, [[ITEMS.flour, 1, 200]], extra);
const sell = (body: Json, headers = hdr): Promise<Json> => h.a('saveTrnsSalesOsdc', body, headers);
const buy = (invcNo: number, headers = hdr): Promise<Json> => h.a('insertTrnsPurchase', purchaseBody(invcNo, [[ITEMS.flour, 10, 150]]), headers);
const move = (sarNo: number, headers = hdr): Promise<Json> => h.a('insertStockIO', stockIOBody(sarNo, [[ITEMS.flour, 10, 150]]), headers);
const codes = async (calls: Array<Promise<Json>>): Promise<string[]> => {
  const out: string[] = [];
  for (const call of calls) out.push((await call).resultCd as string);
  return out;
};

describe('sales and credit notes: one invcNo sequence per branch', () => {
  it('starts at 1 and takes each next number', async () => {
    for (const n of [1, 2, 3]) expect((await sell(sale(n))).resultCd).toBe('000');
    expect(h.counters).toMatchObject({ documentsSigned: 3, sequenceRefused: 0 });
  });

  it('refuses a first number other than 1 with KRA’s message, naming the number it expects', async () => {
    const res = await sell(sale(2));
    expect(res).toStrictEqual({
      resultCd: '910',
      resultMsg: 'Invalid invcNo sequence, expected: 1 but found: 2',
      resultDt: expect.any(String),
      data: null,
    });
    expect(h.counters).toMatchObject({ documentsSigned: 0, sequenceRefused: 1 });
  });

  it('refuses a skipped number and keeps expecting the same one (the counter only moves on success)', async () => {
    expect((await sell(sale(1))).resultCd).toBe('000');
    for (let i = 0; i < 2; i++) {
      expect(await sell(sale(3))).toMatchObject({ resultCd: '910', resultMsg: 'Invalid invcNo sequence, expected: 2 but found: 3', data: null });
    }
    expect((await h.a('selectInvoiceDetails', { invcNo: 3 }, hdr)).resultCd).toBe('001');
    expect(h.counters.sequenceRefused).toBe(2);
    expect((await sell(sale(2))).resultCd).toBe('000');
    expect((await sell(sale(3))).resultCd).toBe('000');
  });

  it('does not move the counter when a document is refused for another reason', async () => {
    expect((await sell(sale(1))).resultCd).toBe('000');
    expect((await sell(sale(2, { taxAmtB: 1 }))).resultCd).toBe('910');
    expect((await sell(sale(3))).resultMsg).toBe('Invalid invcNo sequence, expected: 2 but found: 3');
    expect((await sell(sale(2))).resultCd).toBe('000');
  });

  it('answers a number already used with 994, not with the sequence error (a resend of a signed sale)', async () => {
    expect((await sell(sale(1))).resultCd).toBe('000');
    expect((await sell(sale(2))).resultCd).toBe('000');
    for (const n of [1, 2]) {
      const dup = await sell(sale(n));
      expect(dup).toMatchObject({ resultCd: '994', data: null });
      expect(dup.resultMsg).toBe(`Overlapped data: invcNo ${n} already exists`);
    }
    expect(h.counters).toMatchObject({ duplicatesRefused: 2, sequenceRefused: 0, documentsSigned: 2 });
  });

  it('numbers credit notes in the same sequence as sales', async () => {
    expect((await sell(sale(1))).resultCd).toBe('000');
    const note = (n: number): Json => sale(n, { rcptTyCd: 'R', orgInvcNo: 1, rfdRsnCd: '06' });
    expect((await sell(note(1))).resultCd).toBe('994');
    expect((await sell(note(3))).resultMsg).toBe('Invalid invcNo sequence, expected: 2 but found: 3');
    expect((await sell(note(2))).resultCd).toBe('000');
    expect((await sell(sale(2))).resultCd).toBe('994');
    expect((await sell(sale(3))).resultCd).toBe('000');
  });

  it('checks the sequence before the credit-note rules', async () => {
    const res = await sell(sale(5, { rcptTyCd: 'R', orgInvcNo: 99, rfdRsnCd: '06' }));
    expect(res.resultMsg).toBe('Invalid invcNo sequence, expected: 1 but found: 5');
  });

  it('accepts the number as integer text, like KRA reads it', async () => {
    expect((await sell(sale(1, { invcNo: '1' }))).resultCd).toBe('000');
    expect((await sell(sale(2, { invcNo: '3' }))).resultMsg).toBe('Invalid invcNo sequence, expected: 2 but found: 3');
  });

  it('keeps one sequence per branch and per TIN', async () => {
    const branch01 = await h.init('P051234567Q', '01', 'ushuru-sim-dvc-02');
    const otherTin = await h.init('P052345678R', '00', 'ushuru-sim-dvc-03');
    expect(await codes([sell(sale(1)), sell(sale(2))])).toEqual(['000', '000']);
    expect((await sell(sale(3), branch01)).resultMsg).toBe('Invalid invcNo sequence, expected: 1 but found: 3');
    expect(await codes([sell(sale(1), branch01), sell(sale(1), otherTin), sell(sale(3))])).toEqual(['000', '000', '000']);
  });

  it('answers the same way on host B', async () => {
    const res = await h.b('sendSalesTransaction', sale(4), hdr);
    expect(res.status).toBe(200);
    expect(res.body.responseBody).toMatchObject({ resultCd: '910', resultMsg: 'Invalid invcNo sequence, expected: 1 but found: 4', data: null });
    expect(res.body.responseHeader.customerMessage).toBe('Invalid invcNo sequence, expected: 1 but found: 4');
  });
});

describe('purchases and stock IO: sequences of their own', () => {
  it('numbers purchases from 1, apart from sales', async () => {
    expect(await codes([sell(sale(1)), sell(sale(2))])).toEqual(['000', '000']);
    expect((await buy(3)).resultMsg).toBe('Invalid invcNo sequence, expected: 1 but found: 3');
    expect(await codes([buy(1), buy(1), buy(2)])).toEqual(['000', '994', '000']);
    expect((await buy(4)).resultMsg).toBe('Invalid invcNo sequence, expected: 3 but found: 4');
    expect((await sell(sale(3))).resultCd).toBe('000');
  });

  it('numbers stock IO (sarNo) from 1, apart from sales and purchases', async () => {
    expect(await codes([sell(sale(1)), buy(1), buy(2)])).toEqual(['000', '000', '000']);
    const res = await move(2);
    expect(res).toMatchObject({ resultCd: '910', resultMsg: 'Invalid sarNo sequence, expected: 1 but found: 2', data: null });
    expect(await codes([move(1), move(1), move(2)])).toEqual(['000', '994', '000']);
    expect((await move(4)).resultMsg).toBe('Invalid sarNo sequence, expected: 3 but found: 4');
    expect(await codes([sell(sale(2)), buy(3), move(3)])).toEqual(['000', '000', '000']);
    expect(h.counters.sequenceRefused).toBe(2);
  });

  it('keeps purchase and stock sequences per branch', async () => {
    const branch01 = await h.init('P051234567Q', '01', 'ushuru-sim-dvc-02');
    expect(await codes([buy(1), buy(2), move(1)])).toEqual(['000', '000', '000']);
    expect(await codes([buy(1, branch01), move(1, branch01)])).toEqual(['000', '000']);
  });
});

describe("sequence: 'unique'", () => {
  it('accepts any number the branch has not used, in any order; a used one is still 994', async () => {
    h.setSettings({ sequence: 'unique' });
    expect(await codes([sell(sale(7)), sell(sale(3)), sell(sale(7))])).toEqual(['000', '000', '994']);
    expect(await codes([buy(9), buy(2), buy(9)])).toEqual(['000', '000', '994']);
    expect(await codes([move(4), move(1), move(4)])).toEqual(['000', '000', '994']);
    expect(h.counters.sequenceRefused).toBe(0);
  });

  it('back to strict, the sequence continues after the highest number accepted', async () => {
    h.setSettings({ sequence: 'unique' });
    expect(await codes([sell(sale(5)), sell(sale(2)), move(3)])).toEqual(['000', '000', '000']);
    h.setSettings({ sequence: 'strict' });
    expect((await sell(sale(1))).resultMsg).toBe('Invalid invcNo sequence, expected: 6 but found: 1');
    expect((await sell(sale(2))).resultCd).toBe('994');
    expect((await move(1)).resultMsg).toBe('Invalid sarNo sequence, expected: 4 but found: 1');
    expect(await codes([sell(sale(6)), move(4), buy(1)])).toEqual(['000', '000', '000']);
  });
});
