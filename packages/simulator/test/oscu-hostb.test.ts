/** Host B (GavaConnect): paths, envelope, bearer check and gateway errors; routes of both hosts. */
import { describe, expect, it } from 'vitest';
import { createHarness, ITEMS, saleBody } from './oscu-harness.js';

const HOST_B_PATHS = [
  'initialize',
  'selectCodeList',
  'select-code-list',
  'selectCustomerList',
  'customerPinInfo',
  'selectNoticeList',
  'selectItemClass',
  'select-item-class',
  'saveItem',
  'itemInfo',
  'branchList',
  'branch-list',
  'branchSendCustomerInfo',
  'branchUserAccount',
  'branchInsuranceInfo',
  'importedItemInfo',
  'importedItemConvertedInfo',
  'sendSalesTransaction',
  'getPurchaseTransactionInfo',
  'sendPurchaseTransactionInfo',
  'selectStockMoveLists',
  'insert/stockIO',
  'save/stockMaster',
  'saveItemComposition',
  'selectInvoiceDetail',
];

const HOST_A_OPS = [
  'selectInitOsdcInfo',
  'selectCodeList',
  'selectCustomer',
  'selectNoticeList',
  'selectItemClsList',
  'saveItem',
  'selectItemList',
  'selectBhfList',
  'saveBhfCustomer',
  'saveBhfUser',
  'saveBhfInsurance',
  'selectImportItemList',
  'updateImportItem',
  'saveTrnsSalesOsdc',
  'selectTrnsPurchaseSalesList',
  'insertTrnsPurchase',
  'selectStockMoveList',
  'insertStockIO',
  'saveStockMaster',
  'saveItemComposition',
  'selectInvoiceDetails',
];

describe('route table', () => {
  it('registers the 21 host-A operations with oscuA.<op> ids', () => {
    const h = createHarness();
    for (const op of HOST_A_OPS) expect(h.routes.get(`POST /etims-api/${op}`)?.routeId).toBe(`oscuA.${op}`);
    expect([...h.routes.keys()].filter((k) => k.startsWith('POST /etims-api/'))).toHaveLength(21);
  });

  it('registers every host-B path; aliases share the primary route id', () => {
    const h = createHarness();
    for (const p of HOST_B_PATHS) expect(h.routes.has(`POST /etims-oscu/api/v1/${p}`), p).toBe(true);
    expect([...h.routes.keys()].filter((k) => k.startsWith('POST /etims-oscu/'))).toHaveLength(HOST_B_PATHS.length);
    expect(h.routes.get('POST /etims-oscu/api/v1/branch-list')?.routeId).toBe('oscuB.branchList');
    expect(h.routes.get('POST /etims-oscu/api/v1/insert/stockIO')?.routeId).toBe('oscuB.insert/stockIO');
    expect(new Set([...h.routes.values()].filter((r) => r.routeId.startsWith('oscuB.')).map((r) => r.routeId)).size).toBe(21);
  });
});

describe('host B', () => {
  it('initializes and signs with the wrapped envelope', async () => {
    const h = createHarness();
    const init = await h.b('initialize', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' });
    expect(init.status).toBe(200);
    expect(init.body.responseHeader).toEqual({
      responseCode: 200,
      responseRefID: expect.stringMatching(/^[0-9a-f]{24}$/),
      customerMessage: 'Successful',
      debugMessage: '',
    });
    expect(init.body.responseBody).toMatchObject({ resultCd: '000', resultMsg: 'It is succeeded', resultDt: '20250115100000' });
    expect(init.body.responseBody.data.info.cmcKey).toBe('f0b9831bd2334874b7ec815e40347bc4');

    const hdr = { tin: 'A123456789Z', bhfId: '00', cmcKey: 'f0b9831bd2334874b7ec815e40347bc4' };
    const sale = await h.b('sendSalesTransaction', saleBody(1, [[ITEMS.flour, 1, 200]]), hdr);
    expect(sale.body.responseBody).toMatchObject({ resultCd: '000', data: { curRcptNo: 1, totRcptNo: 1 } });
    const dup = await h.b('sendSalesTransaction', saleBody(1, [[ITEMS.flour, 1, 200]]), hdr);
    expect(dup.status).toBe(200);
    expect(dup.body.responseBody).toMatchObject({ resultCd: '994', data: null });
    expect(dup.body.responseHeader.customerMessage).toMatch(/Overlapped data/);
  });

  it('shares state with host A (a sale signed on B is found on A)', async () => {
    const h = createHarness();
    const hdr = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
    expect((await h.b('sendSalesTransaction', saleBody(1, [[ITEMS.flour, 1, 200]]), hdr)).body.responseBody.resultCd).toBe('000');
    expect((await h.a('selectInvoiceDetails', { invcNo: 1 }, hdr)).resultCd).toBe('000');
    expect((await h.b('selectInvoiceDetail', { invcNo: 1 }, hdr)).body.responseBody.data.salesList[0].invcNo).toBe(1);
    expect((await h.b('select-code-list', { lastReqDt: '20180101000000' }, hdr)).body.responseBody.resultCd).toBe('000');
  });

  it.each([
    ['no Authorization', {}],
    ['wrong token', { Authorization: 'Bearer nope' }],
    ['Basic instead of Bearer', { Authorization: 'Basic dXNlcjpwYXNz' }],
  ])('%s → 401 in the flat header/body form', async (_name, headers) => {
    const h = createHarness();
    const res = await h.call('/etims-oscu/api/v1/initialize', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' }, headers);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ header: { responseCode: 401, customerMessage: 'Unauthorised-Invalid Access Token' }, body: null });
    // The refused call did not consume the one-time init.
    expect((await h.a('selectInitOsdcInfo', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' })).resultCd).toBe('000');
  });

  it('answers missing business headers and bad bodies with HTTP 400, responseBody null', async () => {
    const h = createHarness();
    const hdr = await h.init('A123456789Z', '00', 'dvcv1130');
    const noHeaders = await h.b('selectCodeList', { lastReqDt: '20180101000000' }, { tin: 'A123456789Z' });
    expect(noHeaders.status).toBe(400);
    expect(noHeaders.body).toMatchObject({
      responseHeader: { responseCode: 400, customerMessage: 'Validation failed', debugMessage: expect.stringMatching(/bhfId, cmcKey/) },
      responseBody: null,
    });
    const badJson = await h.call('/etims-oscu/api/v1/selectCodeList', undefined, { Authorization: 'Bearer sim-good-token', ...hdr }, '{oops');
    expect(badJson.status).toBe(400);
    const empty = await h.call('/etims-oscu/api/v1/selectCodeList', undefined, { Authorization: 'Bearer sim-good-token', ...hdr });
    expect(empty.status).toBe(400);
  });

  it('passes KRA result codes through with HTTP 200 (wrong cmcKey → 901)', async () => {
    const h = createHarness();
    const res = await h.b('itemInfo', { lastReqDt: '20180101000000' }, { tin: 'A123456789Z', bhfId: '00', cmcKey: 'x' });
    expect(res.status).toBe(200);
    expect(res.body.responseBody).toMatchObject({ resultCd: '901', data: null });
  });

  it('gives deterministic responseRefIDs for a seed', async () => {
    const ids = async (): Promise<string> =>
      (await createHarness(9).b('initialize', { tin: 'A123456789Z', bhfId: '00', dvcSrlNo: 'dvcv1130' })).body.responseHeader.responseRefID;
    expect(await ids()).toBe(await ids());
  });
});
