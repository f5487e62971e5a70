import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type SimHarness } from './helpers.js';

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness({ seed: 42 });
});
afterAll(() => h.sim.stop());

type Body = { transactionHeader: Record<string, unknown>; transactionDetails: Array<Record<string, unknown>> };

function vatBody(transactionUniqueNo: string): Body {
  return {
    transactionHeader: {
      withholderPin: 'P318295670X',
      transactionUniqueNo,
      noOfTransactions: 2,
      taxObligation: 'WHTVAT',
      taxPeriodFrom: '2025-09-01T00:00:00',
      taxPeriodTo: '2025-09-30T00:00:00',
      totalGrossAmount: '150000.00',
      totalTaxAmount: '3000.00',
    },
    transactionDetails: [
      {
        withholdeePin: 'A744610021G',
        invoiceNo: 'INV-1',
        invoiceDate: '2025-09-02T00:00:00',
        paymentDate: '2025-09-10T00:00:00',
        grossAmount: '100000.00',
        taxRate: 2,
        taxAmount: 2000,
      },
      {
        withholdeePin: 'A521040203F',
        invoiceNo: 'INV-2',
        invoiceDate: '2025-09-03T00:00:00',
        paymentDate: '2025-09-30T15:00:00',
        grossAmount: '50000.00',
        taxRate: 2,
        taxAmount: 1000,
      },
    ],
  };
}

function rentalBody(): Body {
  return {
    transactionHeader: {
      withholderPin: 'P318295670X',
      transactionUniqueNo: 'RENT-1',
      noOfTransactions: 1,
      taxObligation: 'WHTRENT',
      taxPeriodFrom: '2025-08-01T00:00:00',
      taxPeriodTo: '2025-08-31T00:00:00',
      totalGrossAmount: 200000,
      totalTaxAmount: 15000,
    },
    transactionDetails: [
      {
        typeOfProperty: 'Commercial',
        landlordPin: 'A553210740V',
        paymentDate: '2025-08-05T10:00:00',
        invoiceNo: 'RNT-8',
        invoiceDate: '2025-08-01T00:00:00',
        lrNumber: 'NAIROBI/BLOCK0/001',
        building: 'Biashara Plaza',
        street: 'Moi Avenue',
        town: 'Nairobi',
        grossAmount: 200000,
        taxRate: 7.5,
        taxAmount: 15000,
      },
    ],
  };
}

function itBody(): Body {
  return {
    transactionHeader: {
      withholderPin: 'P531107121Z',
      transactionUniqueNo: 'WHTIT-1',
      noOfTransactions: 1,
      taxObligation: 'WHTIT',
      taxPeriodFrom: '2025-07-01T00:00:00',
      taxPeriodTo: '2025-07-31T00:00:00',
      totalGrossAmount: 50000,
      totalTaxAmount: 2500,
    },
    transactionDetails: [
      {
        natureOfTransaction: 'Consultancy',
        residentialStatus: 'Resident',
        country: 'KE',
        paymentDate: '2025-07-20T00:00:00',
        withholdeePin: 'A744610021G',
        invoiceNo: 'C-77',
        invoiceDate: '2025-07-15T00:00:00',
        grossAmount: 50000,
        taxRate: 5,
        taxAmount: 2500,
        withholdeeName: 'JOHN KAMAU MWANGI',
        withholdeeEmail: 'john@example.com',
        withholdeeAddress: 'Nairobi',
      },
    ],
  };
}

describe('withholding PRN generation (#14–#16)', () => {
  it.each([
    ['/generate/v1/prn/whtvat', vatBody('VAT-OK-1'), 3000],
    ['/generate/v1/prn/whtrental', rentalBody(), 15000],
    ['/generate/v1/prn/whtit', itBody(), 2500],
  ])('%s returns a PRN in the camelCase envelope', async (path, body, amount) => {
    const answer = await h.post(path, body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      responseCode: '70000',
      responseDesc: 'Successful',
      status: 'OK',
      responseData: {
        prnNumber: expect.stringMatching(/^2020\d{12}$/),
        prnDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
        prnAmount: amount,
      },
    });
  });

  it('gives the first PRN back when the same transactionUniqueNo is resent', async () => {
    const first = await h.post('/generate/v1/prn/whtvat', vatBody('VAT-REPLAY'));
    const again = await h.post('/generate/v1/prn/whtvat', vatBody('VAT-REPLAY'));
    expect(again.body.responseData.prnNumber).toBe(first.body.responseData.prnNumber);
  });

  const broken: Array<[string, (b: Body) => void]> = [
    ['noOfTransactions differs from the line count', (b) => (b.transactionHeader.noOfTransactions = 3)],
    ['gross total differs', (b) => (b.transactionHeader.totalGrossAmount = '150000.01')],
    ['tax total differs', (b) => (b.transactionHeader.totalTaxAmount = 2999)],
    ['period reversed', (b) => ((b.transactionHeader.taxPeriodFrom = '2025-10-01T00:00:00'), (b.transactionHeader.taxPeriodTo = '2025-09-01T00:00:00'))],
    ['payment outside the period', (b) => (b.transactionDetails[0]!.paymentDate = '2025-10-01T00:00:00')],
    ['invoice after payment', (b) => (b.transactionDetails[0]!.invoiceDate = '2025-09-11T00:00:00')],
    ['taxAmount not gross × rate', (b) => ((b.transactionDetails[0]!.taxRate = 3), (b.transactionHeader.totalTaxAmount = 3000))],
    ['date without time', (b) => (b.transactionHeader.taxPeriodFrom = '2025-09-01')],
    ['impossible date', (b) => (b.transactionDetails[1]!.paymentDate = '2025-09-31T00:00:00')],
    ['bad withholdee PIN', (b) => (b.transactionDetails[0]!.withholdeePin = 'X123')],
    ['unregistered withholder', (b) => (b.transactionHeader.withholderPin = 'P000000000A')],
    ['cancelled withholder', (b) => (b.transactionHeader.withholderPin = 'P915347031J')],
    ['wrong taxObligation for the endpoint', (b) => (b.transactionHeader.taxObligation = 'WHTRENT')],
    ['missing transactionUniqueNo', (b) => delete b.transactionHeader.transactionUniqueNo],
    ['no details', (b) => ((b.transactionDetails = []), (b.transactionHeader.noOfTransactions = 0))],
    ['amount not numeric', (b) => (b.transactionDetails[0]!.grossAmount = 'lots')],
  ];
  it.each(broken)('refuses %s with style-5 70001', async (_label, breakIt) => {
    const body = vatBody('VAT-BAD');
    breakIt(body);
    const answer = await h.post('/generate/v1/prn/whtvat', body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ RequestId: expect.any(String), ErrorCode: '70001', ErrorMessage: 'Data Validation Error' });
    expect(answer.headers.get('x-sim-validation')).toBeTruthy();
  });

  it('refuses a rental line without a valid typeOfProperty', async () => {
    const body = rentalBody();
    body.transactionDetails[0]!.typeOfProperty = 'Farm';
    expect((await h.post('/generate/v1/prn/whtrental', body)).body.ErrorCode).toBe('70001');
  });

  it('counts generated PRNs in extra.prnsGenerated', () => {
    expect(h.sim.control.stats().extra.prnsGenerated).toBeGreaterThanOrEqual(4);
  });
});

describe('PRN search and e-slip checker', () => {
  it('finds a generated PRN by PIN and obligation, and as an e-slip', async () => {
    const generated = await h.post('/generate/v1/prn/whtvat', vatBody('VAT-FIND'));
    const prnNumber = generated.body.responseData.prnNumber as string;
    const search = await h.post('/dtd/checker/v1/prn', { taxPayerPin: 'P318295670X', obligationId: 30 });
    expect(search.body).toMatchObject({ ResponseCode: '89000', Status: 'OK' });
    expect(search.body.PRNList.map((p: { prnNumber: string }) => p.prnNumber)).toContain(prnNumber);
    const eslip = await h.post('/payment/checker/v1/eslip', { EslipNumber: prnNumber });
    expect(eslip.body).toMatchObject({
      ResponseCode: '88000',
      EslipDetails: { EslipNumber: prnNumber, TaxpayerPIN: 'P318295670X', Amount: 3000, PaymentStatus: 'Unpaid' },
    });
  });

  it("finds KRA's sample PRN with obligation 29 search and as an e-slip", async () => {
    const search = await h.post('/dtd/checker/v1/prn', { taxPayerPin: 'P318295670X', obligationId: 29 });
    expect(search.body.PRNList.map((p: { prnNumber: string }) => p.prnNumber)).toContain('2020250001111111');
    const eslip = await h.post('/payment/checker/v1/eslip', { EslipNumber: '2020250002597584' });
    expect(eslip.body.EslipDetails).toMatchObject({ Amount: 2000, EslipDate: '2025-09-23T12:51:25' });
  });

  it.each([
    ['/dtd/checker/v1/prn', { taxPayerPin: 'bad', obligationId: 29 }, '89001'],
    ['/dtd/checker/v1/prn', { taxPayerPin: 'A744610021G', obligationId: 29 }, '89002'],
    ['/payment/checker/v1/eslip', { EslipNumber: '0000' }, '88001'],
  ])('%s %j → %s NOK', async (path, body, code) => {
    expect((await h.post(path, body)).body).toMatchObject({ ResponseCode: code, Status: 'NOK' });
  });
});
