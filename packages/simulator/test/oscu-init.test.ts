/** Device initialization and the cmcKey gate in front of every other operation. */
import { describe, expect, it } from 'vitest';
import { createHarness, T0 } from './oscu-harness.js';

// KRA's Device Initialization sample response (docs/kra/etims-oscu.md §3.1 #1), verbatim.
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
  cmcKey: 'f0b9831bd2334874b7ec815e40347bc4',
};

describe('selectInitOsdcInfo', () => {
  it('answers KRA’s example exactly on first init', async () => {
    const h = createHarness();
    const res = await h.a('selectInitOsdcInfo', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' });
    expect(res.resultCd).toBe('000');
    expect(res.resultMsg).toBe('It is succeeded');
    expect(res.resultDt).toBe('20250115100000'); // T0 in Nairobi time
    expect(res.data.info).toStrictEqual(SEED_INFO);
    expect(Object.keys(res.data.info)).toEqual(Object.keys(SEED_INFO));
    expect(h.counters.extra.devicesInitialized).toBe(1);
  });

  it('refuses a second init with 902 and no data (the key is issued once)', async () => {
    const h = createHarness();
    await h.init('A123456789Z', '00', 'dvcv1130');
    const again = await h.a('selectInitOsdcInfo', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' });
    expect(again).toMatchObject({ resultCd: '902', data: null });
  });

  it.each([
    ['unknown serial', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'nope' }, '901'],
    ['serial approved for another branch', { tin: 'P051234567Q', bhfId: '01', dvcSrlNo: 'ushuru-sim-dvc-01' }, '901'],
    ['serial of another TIN', { tin: 'P052345678R', bhfId: '00', dvcSrlNo: 'dvcv1130' }, '901'],
    ['VSCU serial on the OSCU endpoint', { tin: 'P051234567Q', bhfId: '00', dvcSrlNo: 'ushuru-sim-vscu-01' }, '903'],
    ['missing dvcSrlNo', { tin: 'A123456789Z', bhfId: '00' }, '910'],
    ['tin too long', { tin: 'A123456789ZZ', bhfId: '00', dvcSrlNo: 'dvcv1130' }, '910'],
    // A number in a CHAR field reads as its text ("0"), a branch no device is approved for.
    ['bhfId as a number', { tin: 'A123456789Z', bhfId: 0, dvcSrlNo: 'dvcv1130' }, '901'],
    ['bhfId as an object', { tin: 'A123456789Z', bhfId: { id: '00' }, dvcSrlNo: 'dvcv1130' }, '910'],
  ])('%s → %s', async (_name, body, code) => {
    const h = createHarness();
    expect((await h.a('selectInitOsdcInfo', body)).resultCd).toBe(code);
  });

  it('answers 911 to an empty body and 910 to malformed JSON', async () => {
    const h = createHarness();
    expect(((await h.call('/etims-api/selectInitOsdcInfo', undefined)).body as { resultCd: string }).resultCd).toBe('911');
    expect(((await h.call('/etims-api/selectInitOsdcInfo', undefined, {}, '{"tin":')).body as { resultCd: string }).resultCd).toBe('910');
  });

  it('takes tin and bhfId from headers when the body omits them', async () => {
    const h = createHarness();
    const res = await h.a('selectInitOsdcInfo', { dvcSrlNo: 'ushuru-sim-dvc-02' }, { tin: 'P051234567Q', bhfid: '01' });
    expect(res.resultCd).toBe('000');
    expect(res.data.info).toMatchObject({ tin: 'P051234567Q', bhfId: '01', hqYn: 'N', sdcId: 'KRACU051234002' });
    expect(res.data.info.cmcKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it('derives non-fixture cmcKeys from the seed', async () => {
    const key = async (seed: number): Promise<string> => (await createHarness(seed).init('P051234567Q', '00', 'ushuru-sim-dvc-01')).cmcKey!;
    expect(await key(1)).toBe(await key(1));
    expect(await key(1)).not.toBe(await key(2));
  });

  it('reset() forgets inits', async () => {
    const h = createHarness();
    await h.init('A123456789Z', '00', 'dvcv1130');
    h.module.reset();
    expect((await h.a('selectInitOsdcInfo', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' })).resultCd).toBe('000');
  });
});

describe('cmcKey gate', () => {
  it.each([
    ['no headers at all', {}, '900'],
    ['cmcKey missing', { tin: 'A123456789Z', bhfId: '00' }, '900'],
    ['bhfId missing', { tin: 'A123456789Z', cmcKey: 'f0b9831bd2334874b7ec815e40347bc4' }, '900'],
    ['wrong cmcKey', { tin: 'A123456789Z', bhfId: '00', cmcKey: 'deadbeef' }, '901'],
    ['key of another branch', { tin: 'A123456789Z', bhfId: '01', cmcKey: 'f0b9831bd2334874b7ec815e40347bc4' }, '901'],
  ])('%s → %s', async (_name, headers, code) => {
    const h = createHarness();
    await h.init('A123456789Z', '00', 'dvcv1130');
    const res = await h.a('selectCodeList', { lastReqDt: '20180101000000' }, headers);
    expect(res.resultCd).toBe(code);
    expect(res.data).toBeNull();
  });

  it('refuses the example key before the device is initialized (901)', async () => {
    const h = createHarness();
    const res = await h.a('selectCodeList', { lastReqDt: '20180101000000' }, { tin: 'A123456789Z', bhfId: '00', cmcKey: 'f0b9831bd2334874b7ec815e40347bc4' });
    expect(res.resultCd).toBe('901');
  });

  it('accepts header names in any case (Odoo sends bhfid)', async () => {
    const h = createHarness();
    await h.init('A123456789Z', '00', 'dvcv1130');
    const res = await h.a('selectCodeList', { lastReqDt: '20180101000000' }, { TIN: 'A123456789Z', bhfid: '00', CMCKEY: 'f0b9831bd2334874b7ec815e40347bc4' });
    expect(res.resultCd).toBe('000');
  });

  it('answers 911 to a valid device with an empty body', async () => {
    const h = createHarness();
    const headers = await h.init('A123456789Z', '00', 'dvcv1130');
    const res = await h.call('/etims-api/selectCodeList', undefined, headers);
    expect(res.body).toMatchObject({ resultCd: '911', data: null });
  });
});

describe('approveDevice', () => {
  it('approves a new serial that can then be initialized, idempotently', async () => {
    const h = createHarness();
    const view = h.module.approveDevice({ tin: 'P099999999X', bhfId: '00', dvcSrlNo: 'pos-1', taxprNm: 'NEW SHOP LTD' });
    expect(view).toMatchObject({ tin: 'P099999999X', initialized: false, cmcKey: null });
    expect(view.sdcId).toMatch(/^KRACU\d{9}$/);
    expect(h.module.approveDevice({ tin: 'P099999999X', bhfId: '00', dvcSrlNo: 'pos-1' })).toEqual(view);
    const res = await h.a('selectInitOsdcInfo', { tin: 'P099999999X', bhfId: '00', dvcSrlNo: 'pos-1' });
    expect(res.resultCd).toBe('000');
    expect(res.data.info).toMatchObject({ taxprNm: 'NEW SHOP LTD', bhfId: '00', hqYn: 'Y', sdcId: view.sdcId });
    expect(h.module.listDevices().find((d) => d.dvcSrlNo === 'pos-1')).toMatchObject({ initialized: true, cmcKey: res.data.info.cmcKey });
  });

  it('names a new taxpayer from the portal registry', async () => {
    const h = createHarness();
    h.module.approveDevice({ tin: 'P051111111A', bhfId: '00', dvcSrlNo: 'reg-1' });
    const res = await h.a('selectInitOsdcInfo', { tin: 'P051111111A', bhfId: '00', dvcSrlNo: 'reg-1' });
    expect(res.data.info.taxprNm).toBe('REGISTRY BUYER LIMITED');
  });

  it.each([
    [{ tin: 'short', bhfId: '00', dvcSrlNo: 'x' }],
    [{ tin: 'P099999999X', bhfId: '0', dvcSrlNo: 'x' }],
    [{ tin: 'P099999999X', bhfId: '00', dvcSrlNo: '' }],
  ])('rejects malformed input %j', (input) => {
    expect(() => createHarness().module.approveDevice(input)).toThrow(/tin|bhfId|dvcSrlNo/);
  });

  it('is forgotten by reset()', () => {
    const h = createHarness();
    h.module.approveDevice({ tin: 'P099999999X', bhfId: '00', dvcSrlNo: 'pos-1' });
    h.module.reset();
    expect(h.module.listDevices().some((d) => d.dvcSrlNo === 'pos-1')).toBe(false);
  });
});

describe('envelope', () => {
  it('stamps resultDt in Nairobi time from options.now', async () => {
    const h = createHarness();
    h.setNow(T0 + 14 * 3600 * 1000 + 59_000); // 2025-01-16 00:00:59 EAT
    const res = await h.a('selectInitOsdcInfo', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' });
    expect(res.resultDt).toBe('20250116000059');
  });
});
