import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExactRouter } from '../src/core/router.js';
import { createCounters } from '../src/core/stats.js';
import { createPortalModule } from '../src/portal/index.js';
import { basicAuth, startHarness, type SimHarness } from './helpers.js';

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.sim.stop());

describe('#1 PIN checker by PIN', () => {
  it('returns PINDATA for a sample PIN', async () => {
    const answer = await h.post('/checker/v1/pinbypin', { KRAPIN: 'P318295670X' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      ResponseCode: '23000',
      Message: 'Valid PIN',
      Status: 'OK',
      PINDATA: { KRAPIN: 'P318295670X', TypeOfTaxpayer: 'Non Individual', Name: 'SAFARI TRADERS LIMITED', StatusOfPIN: 'Active' },
    });
  });

  it('reports a cancelled PIN as valid with its status', async () => {
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: 'P915347031J' })).body.PINDATA.StatusOfPIN).toBe('Cancelled');
  });

  it.each([['A74461002G'], ['a744610021g'], ['B744610021G'], ['A999999999Z'], [12345], [undefined]])('answers 19005 NOK for %s', async (pin) => {
    const answer = await h.post('/checker/v1/pinbypin', { KRAPIN: pin });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ResponseCode: '19005', Message: 'Invalid PIN', Status: 'NOK' });
  });
});

describe('#2 PIN checker by ID', () => {
  it('finds a PIN by national ID at the default path', async () => {
    const answer = await h.post('/checker/v1/pin', { TaxpayerType: 'KE', TaxpayerID: '12345678' });
    expect(answer.body).toEqual({
      ResponseCode: '30000',
      Message: 'Valid ID Number',
      Status: 'OK',
      TaxpayerPIN: 'A744610021G',
      TaxpayerName: 'JOHN KAMAU MWANGI',
    });
  });

  it('accepts {ID} on the /checker/v1/pinbyid variant', async () => {
    expect((await h.post('/checker/v1/pinbyid', { ID: '987654' })).body).toMatchObject({ ResponseCode: '30000', TaxpayerPIN: 'A012345678N' });
  });

  it.each([
    [{ TaxpayerType: 'KE', TaxpayerID: '00000000' }],
    [{ TaxpayerType: 'NKE', TaxpayerID: '12345678' }],
    [{ TaxpayerType: 'XX', TaxpayerID: '12345678' }],
    [{}],
  ])('answers 19006 for %j', async (body) => {
    expect((await h.post('/checker/v1/pin', body)).body).toMatchObject({ ResponseCode: '19006', Status: 'NOK' });
  });
});

describe('#3 obligations', () => {
  it('lists obligations with ResponseMsg', async () => {
    const answer = await h.post('/dtd/checker/v1/obligation', { taxPayerPin: 'A521040203F' });
    expect(answer.body).toMatchObject({ ResponseCode: '20000', ResponseMsg: 'Valid KRA Pin', Status: 'OK' });
    expect(answer.body.ObligationsList).toEqual([
      { obligationId: 1, obligationName: 'Income Tax - Resident Individual', obligationType: 'Income Tax' },
      { obligationId: 8, obligationName: 'Income Tax - Rent Income (MRI)', obligationType: 'Income Tax' },
    ]);
  });

  it.each([['A000000000A'], ['bad'], [null]])('answers 20001 for %s', async (pin) => {
    expect((await h.post('/dtd/checker/v1/obligation', { taxPayerPin: pin })).body).toEqual({
      ResponseCode: '20001',
      ResponseMsg: 'Invalid KRA Pin',
      Status: 'NOK',
    });
  });
});

describe('#4 TCC checker', () => {
  it("validates KRA's sandbox sample", async () => {
    const answer = await h.post('/v1/kra-tcc/validate', { kraPIN: 'A12345678', tccNumber: 'KRAEON1294973222' });
    expect(answer.body).toMatchObject({
      ResponseCode: '83000',
      Status: 'OK',
      TCCData: { KRAPIN: 'A12345678', TCCNumber: 'KRAEON1294973222', TCCStatus: 'Active' },
    });
    expect(answer.body.TCCData.TCCIssueDate).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
  });

  it.each([[{ kraPIN: 'P318295670X', tccNumber: 'KRAEON1294973222' }], [{ kraPIN: 'A12345678', tccNumber: 'KRAEON0000000000' }], [{}]])(
    'answers a style-5 error for %j',
    async (body) => {
      const answer = await h.post('/v1/kra-tcc/validate', body);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ErrorCode: '83002', ErrorMessage: expect.any(String), RequestId: expect.any(String) });
    },
  );
});

describe('#5 invoice checker', () => {
  it.each([
    ['KRACU0100058659/5134', '2024-08-18'],
    ['KRACU0300001191/90697', '2020-06-13'],
  ])('finds sample %s with a numeric responseCode', async (invoiceNumber, invoiceDate) => {
    const answer = await h.post('/checker/v1/invoice', { invoiceNumber, invoiceDate });
    expect(answer.body).toMatchObject({ responseCode: 40000, responseDesc: 'Invoice details retrieved successfully.', status: 'OK' });
    expect(answer.body.invoiceDetails).toMatchObject({ controlUnitInvoiceNumber: invoiceNumber, invoiceDate });
    expect(Object.keys(answer.body.invoiceDetails).sort()).toEqual(
      [
        'salesDate',
        'transmissionDate',
        'invoiceDate',
        'totalItemCount',
        'supplierPIN',
        'supplierName',
        'deviceSerialNumber',
        'customerPin',
        'customerName',
        'controlUnitInvoiceNumber',
        'traderSystemInvoiceNumber',
        'totalInvoiceAmount',
        'totalTaxableAmount',
        'totalTaxAmount',
        'exemptionCertificateNo',
        'totalDiscountAmount',
        'itemDetails',
      ].sort(),
    );
  });

  it.each([
    [{ invoiceNumber: 'KRACU0100058659/5134', invoiceDate: '2024-08-19' }, 40001],
    [{ invoiceNumber: 'KRACU0100058659/9999', invoiceDate: '2024-08-18' }, 40001],
    [{ invoiceNumber: 'KRACU0100058659/5134', invoiceDate: '18/08/2024' }, 40001],
    [{}, 40001],
    [{ invoiceNumber: 'KRACU0000040005/1', invoiceDate: '2024-01-01' }, 40005],
    [{ invoiceNumber: 'KRACU0000050000/1', invoiceDate: '2024-01-01' }, 50000],
  ])('answers %j with %i and status ERROR', async (body, code) => {
    expect((await h.post('/checker/v1/invoice', body)).body).toMatchObject({ responseCode: code, status: 'ERROR' });
  });
});

describe('#6 customs declaration', () => {
  it("finds KRA's sample declaration", async () => {
    expect((await h.post('/checker/v1/simple/declaration', { DeclarationNo: '20WILIM600000181' })).body).toMatchObject({
      response_code: '86000',
      status: 'REMOVED',
      declaration_no: '20WILIM600000181',
    });
  });
  it('answers a style-5 error for an unknown one', async () => {
    expect((await h.post('/checker/v1/simple/declaration', { DeclarationNo: '99XXXIM000000000' })).body).toMatchObject({ ErrorCode: '86001' });
  });
});

describe('#7 IT exemption', () => {
  it('returns the certificate with an epoch-ms issue date', async () => {
    const answer = await h.post('/checker/v1/itexemption', { pin: 'P700123456C' });
    expect(answer.body).toMatchObject({ response_code: '200', cert_no: 'ITX/2024/000123', cert_eff_date: '2024-01-15 00:00:00.0' });
    expect(typeof answer.body.cert_issue_date).toBe('number');
  });
  it.each([
    ['A744610021G', '900'],
    ['A000000000B', '600'],
    ['nonsense', '600'],
  ])('%s → ErrorCode %s', async (pin, code) => {
    expect((await h.post('/checker/v1/itexemption', { pin })).body).toMatchObject({ ErrorCode: code, ErrorMessage: expect.any(String) });
  });
});

describe('#8 VAT exemption', () => {
  it('checks certificate and PIN at the default path', async () => {
    const answer = await h.post('/dtd/checker/v1/vatexemption', { VatExemptionCertificateNo: 'VATEX/2025/00045', PINNo: 'P318295670X' });
    expect(answer.body).toEqual({
      response_code: '83000',
      response_message: expect.any(String),
      response_status: 'OK',
      vatExemptionCertificateDetails: {
        taxPayerName: 'SAFARI TRADERS LIMITED',
        vatExemptionCheckerDtls: [{ certiNo: 'VATEX/2025/00045', issueDt: '2025-02-01 00:00:00.0', statusFlag: 'A' }],
      },
    });
  });
  it('needs only the certificate on /checker/v1/vatexemption', async () => {
    expect((await h.post('/checker/v1/vatexemption', { VatExemptionCertificateNo: 'VATEX/2025/00045' })).body.response_code).toBe('83000');
  });
  it.each([
    ['/dtd/checker/v1/vatexemption', { VatExemptionCertificateNo: 'VATEX/2025/00045', PINNo: 'A744610021G' }],
    ['/dtd/checker/v1/vatexemption', { VatExemptionCertificateNo: 'VATEX/2025/00045' }],
    ['/checker/v1/vatexemption', { VatExemptionCertificateNo: 'NOPE' }],
  ])('%s %j → 83002', async (path, body) => {
    expect((await h.post(path, body)).body).toMatchObject({ response_code: '83002', response_status: 'NOK' });
  });
});

describe('#9 / #10 import certificates', () => {
  it('by number', async () => {
    const answer = await h.post('/cbc/checker/v1/importcertificate/num', { certificate_no: 'IC/2025/000101' });
    expect(answer.body).toMatchObject({
      response_code: '83000',
      importCertificate_Dtls: { pinNo: 'P531107121Z', importCertDtls: [{ certiNo: 'IC/2025/000101', productCode: '2203.00.00', statusFlag: 'A' }] },
    });
  });
  it('by PIN lists every certificate', async () => {
    const answer = await h.post('/cbc/checker/v1/importcertificate/pin', { pin_no: 'P531107121Z' });
    expect(answer.body.importCertificate_Dtls.importCertDtls).toHaveLength(2);
  });
  it.each([
    ['/cbc/checker/v1/importcertificate/num', { certificate_no: 'IC/0000/0' }],
    ['/cbc/checker/v1/importcertificate/pin', { pin_no: 'A744610021G' }],
    ['/cbc/checker/v1/importcertificate/pin', { pin_no: 'x' }],
  ])('%s %j → ErrorCode 83002', async (path, body) => {
    expect((await h.post(path, body)).body).toMatchObject({ ErrorCode: '83002' });
  });
});

describe('#11 / #12 excise licences', () => {
  it('by PIN', async () => {
    const answer = await h.post('/checker/v1/ExciseLicenseByPin', { PINNo: 'P531107121Z' });
    expect(answer.body).toMatchObject({
      ResponseCode: '80000',
      Status: 'OK',
      PIN_Details: { PINNo: 'P531107121Z', TaxpayerName: 'NYOTA BREWERIES LIMITED', Trading_Business_Name: 'Nyota Brew' },
    });
    expect(answer.body.ExciseLicenceDetails[0]).toEqual({
      isSmallBrewer: 'No',
      Status: 'Active',
      ClassOfGoods: 'Beer',
      DateOfIssue: '12/04/2023',
      ExciseLicenceNo: 'KRA/EXL/2023/0001',
    });
  });
  it('by number, with the ExciseLicenseDATA spelling', async () => {
    const answer = await h.post('/checker/v1/ExciseLicenseByNum', { ExciseLicenceNo: 'KRA/EXL/2024/0007' });
    expect(answer.body).toMatchObject({ ResponseCode: '80000', ExciseLicenseDATA: { PINNo: 'P531107121Z', ClassOfGoods: 'Bottled Water' } });
  });
  it.each([
    ['/checker/v1/ExciseLicenseByPin', { PINNo: 'P318295670X' }],
    ['/checker/v1/ExciseLicenseByNum', { ExciseLicenceNo: 'KRA/EXL/0000/0' }],
  ])('%s %j → ErrorCode 80002', async (path, body) => {
    expect((await h.post(path, body)).body).toMatchObject({ ErrorCode: '80002' });
  });
  it('paths are case-sensitive, like KRA', async () => {
    const answer = await h.post('/checker/v1/exciselicensebypin', { PINNo: 'P531107121Z' });
    expect(answer.status).toBe(404);
    expect(answer.body.fault.detail.errorcode).toBe('messaging.adaptors.http.flow.ApplicationNotFound');
  });
});

describe('#13 station', () => {
  it.each([[{ kraPIN: 'A744610021G' }], [{ iTaxUSSDKnowStationRequest: { kraPIN: 'A744610021G' } }]])(
    'answers the RESPONSE/RESULT envelope for %j',
    async (body) => {
      expect((await h.post('/dtd/checker/v1/station', body)).body).toEqual({
        RESPONSE: {
          RESULT: { ResponseCode: '84000', Message: 'Station Name is sent successfully', Status: 'OK' },
          STATIONDATA: { kraPin: 'A744610021G', stationName: 'Nairobi West' },
        },
      });
    },
  );
  it.each([['A948312567Q'], ['A000000000A'], ['junk']])('%s → 84002 with HTTP 200', async (pin) => {
    const answer = await h.post('/dtd/checker/v1/station', { kraPIN: pin });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ RequestId: expect.any(String), ErrorCode: '84002', ErrorMessage: 'Inactive / Wrong PIN' });
  });
});

describe('every business API', () => {
  it('answers malformed JSON with a style-5 HTTP 400', async () => {
    const answer = await h.post('/checker/v1/pinbypin', undefined, { raw: '{"KRAPIN": ' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ ErrorCode: '400', ErrorMessage: expect.any(String), RequestId: expect.any(String) });
  });

  it('checks the token before the body', async () => {
    expect((await h.post('/checker/v1/pinbypin', undefined, { raw: 'nope', token: null })).status).toBe(401);
  });

  it('a checker call costs well under 1 ms of CPU in the handler', () => {
    const counters = createCounters();
    const portal = createPortalModule({
      options: { seed: 1, tokenTtlSeconds: 3599, now: Date.now },
      counters,
      signedInvoices: { findSignedInvoice: () => undefined },
    });
    const router = new ExactRouter();
    portal.register(router);
    const route = router.match('POST', '/checker/v1/pinbypin');
    const tokenRoute = router.match('GET', '/v1/token/generate');
    if (route.kind !== 'found' || tokenRoute.kind !== 'found') throw new Error('routes missing');
    const base = { method: 'GET', path: '/v1/token/generate', query: { grant_type: 'client_credentials' }, rawBody: '', bodyInvalid: false, body: undefined };
    const token = (tokenRoute.route.handler({ ...base, headers: { authorization: basicAuth() } }) as { body: { access_token: string } }).body.access_token;
    const request = {
      ...base,
      method: 'POST',
      path: '/checker/v1/pinbypin',
      query: {},
      headers: { authorization: `Bearer ${token}` },
      body: { KRAPIN: 'A744610021G' },
    };
    const calls = 5_000;
    const started = process.cpuUsage();
    for (let i = 0; i < calls; i++) route.route.handler(request);
    const cpu = process.cpuUsage(started);
    expect((cpu.user + cpu.system) / calls).toBeLessThan(200); // microseconds
  });
});
