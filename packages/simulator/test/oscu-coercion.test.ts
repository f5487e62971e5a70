/** Scalar coercion like KRA's Java backend: numbers in CHAR fields, numeric text in NUMBER fields. */
import { beforeEach, describe, expect, it } from 'vitest';
import { asDecimal, asInteger, asText } from '../src/oscu/coerce.js';
import { AUDIT, createHarness, ITEMS, saleBody, type Json, type OscuHarness } from './oscu-harness.js';

describe('coerce', () => {
  it.each<[unknown, string | undefined]>([
    ['INV-1', 'INV-1'],
    ['', ''],
    [2, '2'],
    [123, '123'],
    [1.5, '1.5'],
    [-3, '-3'],
    [Number.NaN, undefined],
    [true, undefined],
    [false, undefined],
    [{}, undefined],
    [['x'], undefined],
    [null, undefined],
  ])('asText(%j) → %j', (value, expected) => {
    expect(asText(value)).toBe(expected);
  });

  it.each<[unknown, number | undefined]>([
    [2, 2],
    [2.5, 2.5],
    ['2', 2],
    ['2.50', 2.5],
    ['-1', -1],
    ['-0', 0],
    ['007', 7],
    ['abc', undefined],
    ['2,50', undefined],
    [' 2', undefined],
    ['2.', undefined],
    ['.5', undefined],
    ['+2', undefined],
    ['1e3', undefined],
    ['NaN', undefined],
    ['Infinity', undefined],
    ['0x10', undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [true, undefined],
    [[2], undefined],
    [{ value: 2 }, undefined],
  ])('asDecimal(%j) → %j', (value, expected) => {
    expect(asDecimal(value)).toBe(expected);
  });

  it.each<[unknown, number | undefined]>([
    [205, 205],
    ['205', 205],
    ['-1', -1],
    ['2.0', undefined],
    [2.5, undefined],
    ['9007199254740993', undefined],
    ['INV001', undefined],
    [false, undefined],
  ])('asInteger(%j) → %j', (value, expected) => {
    expect(asInteger(value)).toBe(expected);
  });
});

describe('coerced writes', () => {
  let h: OscuHarness;
  let hdr: Record<string, string>;
  beforeEach(async () => {
    h = createHarness();
    hdr = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
  });

  const item = (extra: Json = {}): Json => ({
    itemCd: 'KE2NTU0000042',
    itemClsCd: '5022170100',
    itemTyCd: '2',
    itemNm: 'Sugar 1kg',
    orgnNatCd: 'KE',
    pkgUnitCd: 'NT',
    qtyUnitCd: 'U',
    taxTyCd: 'B',
    dftPrc: 150,
    isrcAplcbYn: 'N',
    useYn: 'Y',
    ...AUDIT,
    ...extra,
  });

  it('accepts Odoo numeric user ids in regrId/modrId', async () => {
    expect((await h.a('saveItem', item({ regrId: 2, modrId: 2 }), hdr)).resultCd).toBe('000');
    expect((await h.a('saveTrnsSalesOsdc', saleBody(1, [[ITEMS.flour, 1, 200]], { regrId: 2, modrId: 7 }), hdr)).resultCd).toBe('000');
    const stored = (await h.a('selectInvoiceDetails', { invcNo: 1 }, hdr)).data.salesList[0];
    expect(stored).toMatchObject({ regrId: '2', modrId: '7' });
  });

  it('stores the coerced values: invcNo "1" is 1, trdInvcNo 123 is "123", qty "2" is 2', async () => {
    const body = saleBody(1, [[ITEMS.flour, 2, 200]], { invcNo: '1', trdInvcNo: 123 });
    body.itemList[0].qty = '2';
    body.itemList[0].prc = '200.00';
    body.itemList[0].pkg = '2';
    expect((await h.a('saveTrnsSalesOsdc', body, hdr)).resultCd).toBe('000');
    const stored = (await h.a('selectInvoiceDetails', { invcNo: 1 }, hdr)).data.salesList[0];
    expect(stored).toMatchObject({ invcNo: 1, trdInvcNo: '123' });
    expect(stored.itemList[0]).toMatchObject({ qty: 2, prc: 200, pkg: 2 });
    // The number is taken: the same invoice sent with a JSON number is a duplicate.
    expect((await h.a('saveTrnsSalesOsdc', saleBody(1, [[ITEMS.flour, 2, 200]]), hdr)).resultCd).toBe('994');
    expect(h.module.findSignedInvoice('KRACU051234001/1')?.invcNo).toBe(1);
  });

  it('keeps item codes strings: an item saved as a number is sold by its text', async () => {
    expect((await h.a('saveItem', item({ itemCd: 4711 }), hdr)).resultCd).toBe('000');
    const listed = await h.a('selectItemList', { lastReqDt: '20180101000000' }, hdr);
    expect(listed.data.itemList.find((i: Json) => i.itemCd === '4711')).toBeDefined();
    const sale = saleBody(1, [[{ ...ITEMS.flour, itemCd: '4711' }, 1, 200]]);
    sale.itemList[0].itemCd = 4711;
    expect((await h.a('saveTrnsSalesOsdc', sale, hdr)).resultCd).toBe('000');
  });

  it('takes negative text where negatives are allowed and refuses it under a minimum', async () => {
    expect((await h.a('saveStockMaster', { itemCd: ITEMS.flour.itemCd, rsdQty: '-1', ...AUDIT }, hdr)).resultCd).toBe('000');
    const negative = saleBody(2, [[ITEMS.flour, 1, 200]]);
    negative.itemList[0].qty = '-1';
    expect((await h.a('saveTrnsSalesOsdc', negative, hdr)).resultMsg).toMatch(/itemList\[0\]\.qty must be at least 0\.01/);
  });

  it.each<[string, Json, RegExp]>([
    ['text in a number field', { dftPrc: 'abc' }, /dftPrc must be a number/],
    ['a boolean in a CHAR field', { useYn: true }, /useYn must be a string/],
    ['a boolean in a number field', { dftPrc: false }, /dftPrc must be a number/],
    ['an object in a CHAR field', { itemNm: { en: 'Sugar' } }, /itemNm must be a string/],
    ['an array in a number field', { dftPrc: [150] }, /dftPrc must be a number/],
    ['a number too long for its CHAR field', { regrId: 123456789012345678901 }, /regrId must be at most 20 characters/],
    ['a number outside a code list', { itemTyCd: 9 }, /itemTyCd must be one of/],
  ])('refuses %s with 910 naming the field', async (_name, extra, message) => {
    const res = await h.a('saveItem', item(extra), hdr);
    expect(res.resultCd).toBe('910');
    expect(res.resultMsg).toMatch(message);
  });

  it('keeps dates strings (a number where yyyyMMdd belongs is more often an epoch)', async () => {
    const sale = saleBody(1, [[ITEMS.flour, 1, 200]], { salesDt: 20250115 });
    expect((await h.a('saveTrnsSalesOsdc', sale, hdr)).resultMsg).toMatch(/salesDt must be yyyyMMdd/);
  });

  it('accepts a code given as a number when its text is in the list (itemTyCd 2)', async () => {
    expect((await h.a('saveItem', item({ itemTyCd: 2 }), hdr)).resultCd).toBe('000');
  });

  it('refuses text in a number field on host B too', async () => {
    const body = saleBody(1, [[ITEMS.flour, 2, 200]]);
    body.itemList[0].qty = 'abc';
    const res = await h.b('sendSalesTransaction', body, hdr);
    expect(res.status).toBe(200);
    expect(res.body.responseBody).toMatchObject({ resultCd: '910', data: null });
    expect(res.body.responseBody.resultMsg).toMatch(/itemList\[0\]\.qty must be a number/);
  });
});
