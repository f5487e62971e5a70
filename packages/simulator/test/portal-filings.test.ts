import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type SimHarness } from './helpers.js';

// A fixed clock (15 Oct 2025, Nairobi) so that "the period has ended" does not drift with the calendar.
const NOW = Date.UTC(2025, 9, 15, 9, 0, 0);
let h: SimHarness;
beforeAll(async () => {
  h = await startHarness({ seed: 3, now: () => NOW });
});
afterAll(() => h.sim.stop());

describe('#17 TCC application', () => {
  it.each([
    ['/dtd/application/v1/tcc', (d: object) => ({ REQUEST: { TAXPAYERDETAILS: d } })],
    ['/application/v1/tcc', (d: object) => ({ TAXPAYERDETAILS: d })],
  ])('%s issues a TCC that the TCC checker then validates', async (path, wrap) => {
    const answer = await h.post(path, wrap({ TaxpayerPIN: 'A521040203F', ReasonForTCC: 'Tender application' }));
    expect(answer.body).toEqual({
      RESPONSE: {
        ResponseCode: '85000',
        Message: expect.any(String),
        Status: 'OK',
        AckNumber: expect.stringMatching(/^KRA[A-Z]{3}\d{10}$/),
        TCCNumber: expect.stringMatching(/^KRAEON\d{10}$/),
      },
    });
    const check = await h.post('/v1/kra-tcc/validate', { kraPIN: 'A521040203F', tccNumber: answer.body.RESPONSE.TCCNumber });
    expect(check.body).toMatchObject({ ResponseCode: '83000', TCCData: { TCCStatus: 'Active', TCCIssueDate: '15/10/2025', TCCExpiryDate: '14/10/2026' } });
  });

  it.each([
    [{ TAXPAYERDETAILS: { TaxpayerPIN: 'A948312567Q', ReasonForTCC: 'x' } }],
    [{ TAXPAYERDETAILS: { TaxpayerPIN: 'A521040203F' } }],
    [{ TaxpayerPIN: 'A521040203F', ReasonForTCC: 'flat body' }],
  ])('refuses %j with a top-level ErrorMessage', async (body) => {
    expect((await h.post('/dtd/application/v1/tcc', body)).body).toMatchObject({ ErrorCode: '85001', ErrorMessage: expect.any(String) });
  });
});

describe('#18 PIN registration', () => {
  const good = {
    TaxpayerType: 'KE',
    IdentificationNumber: '31234567',
    DateOfBirth: '03/02/1990',
    MobileNumber: '0712345678',
    EmailAddress: 'new@example.com',
    IsPinWithNoOblig: 'No',
  };

  it('creates a taxpayer that the PIN checkers find', async () => {
    const answer = await h.post('/v1/generate/pin', { TAXPAYERDETAILS: good });
    expect(answer.body).toEqual({
      RESPONSE: { ResponseCode: '80000', Message: 'Successfully Generated PIN', Status: 'OK', PIN: expect.stringMatching(/^A\d{9}[A-Z]$/) },
    });
    const pin = answer.body.RESPONSE.PIN as string;
    expect((await h.post('/checker/v1/pinbypin', { KRAPIN: pin })).body).toMatchObject({
      ResponseCode: '23000',
      PINDATA: { StatusOfPIN: 'Active', TypeOfTaxpayer: 'Individual' },
    });
    expect((await h.post('/checker/v1/pin', { TaxpayerType: 'KE', TaxpayerID: '31234567' })).body.TaxpayerPIN).toBe(pin);
    expect((await h.post('/dtd/checker/v1/obligation', { taxPayerPin: pin })).body.ObligationsList).toHaveLength(1);
  });

  it.each([
    ['an already registered ID', { IdentificationNumber: '12345678' }],
    ['TaxpayerType "1" (Salami\'s form)', { TaxpayerType: '1', IdentificationNumber: '39999999' }],
    ['ISO date of birth', { DateOfBirth: '1990-02-03', IdentificationNumber: '39999998' }],
    ['impossible date of birth', { DateOfBirth: '31/02/1990', IdentificationNumber: '39999997' }],
    ['future date of birth', { DateOfBirth: '01/01/2030', IdentificationNumber: '39999996' }],
    ['"Y" instead of "Yes"', { IsPinWithNoOblig: 'Y', IdentificationNumber: '39999995' }],
    ['bad e-mail', { EmailAddress: 'nobody', IdentificationNumber: '39999994' }],
    ['bad mobile', { MobileNumber: '12', IdentificationNumber: '39999993' }],
  ])('refuses %s with 80002', async (_label, change) => {
    expect((await h.post('/v1/generate/pin', { TAXPAYERDETAILS: { ...good, ...change } })).body).toMatchObject({
      RESPONSE: { ResponseCode: '80002', Status: 'NOK' },
    });
  });
});

describe('#19 TOT return', () => {
  it('files and returns the computed tax and a PRN that PRN search finds', async () => {
    const answer = await h.post('/filing/v1/tot/paymentregistration', {
      TAXPAYERDETAILS: { TaxpayerPIN: 'A553210740V', Month: '07', Year: '2025', GrossTurnover: 1000 },
    });
    expect(answer.body).toEqual({
      ResponseCode: '87000',
      Message: expect.any(String),
      Status: 'OK',
      AckNumber: expect.any(String),
      PRN: expect.stringMatching(/^2020\d{12}$/),
      ComputedTax: 30,
      UtilizedCredit: 0,
      TaxPayable: 30,
    });
    const search = await h.post('/dtd/checker/v1/prn', { taxPayerPin: 'A553210740V', obligationId: 9 });
    expect(search.body.PRNList[0].prnNumber).toBe(answer.body.PRN);
  });

  it.each([
    ['a second filing for the period', { Month: '07', Year: '2025' }],
    ['numeric Month', { Month: 8 }],
    ['unpadded Month', { Month: '8' }],
    ['a period not yet ended', { Month: '10', Year: '2025' }],
    ['a PIN without TOT', { TaxpayerPIN: 'A744610021G' }],
    ['a negative turnover', { GrossTurnover: -1 }],
  ])('refuses %s with 87001 NOK', async (_label, change) => {
    const details = { TaxpayerPIN: 'A553210740V', Month: '08', Year: '2025', GrossTurnover: 500, ...change };
    expect((await h.post('/filing/v1/tot/paymentregistration', { TAXPAYERDETAILS: details })).body).toMatchObject({ ResponseCode: '87001', Status: 'NOK' });
  });
});

describe('#20 NIL return', () => {
  it("files KRA's sample (A521040203F, obligation 1, 12/2016) with integers", async () => {
    const answer = await h.post('/dtd/return/v1/nil', { TAXPAYERDETAILS: { TaxpayerPIN: 'A521040203F', ObligationCode: 1, Month: 12, Year: 2016 } });
    expect(answer.body).toEqual({
      RESPONSE: { ResponseCode: '82000', Message: 'Successfully Filled NIL Return', Status: 'OK', AckNumber: expect.stringMatching(/^KRA[A-Z]{3}\d{10}$/) },
    });
  });

  it('accepts strings too', async () => {
    expect(
      (await h.post('/dtd/return/v1/nil', { TAXPAYERDETAILS: { TaxpayerPIN: 'A521040203F', ObligationCode: '8', Month: '1', Year: '2017' } })).body.RESPONSE
        .ResponseCode,
    ).toBe('82000');
  });

  it('answers 82001 when TAXPAYERDETAILS is missing', async () => {
    expect((await h.post('/dtd/return/v1/nil', { TaxpayerPIN: 'A521040203F' })).body.RESPONSE).toMatchObject({
      ResponseCode: '82001',
      Message: 'XML Syntax Error',
      Status: 'NOK',
    });
  });

  it.each([
    ['the same period twice', { ObligationCode: 1, Month: 12, Year: 2016 }],
    ['an obligation the PIN lacks', { ObligationCode: 5 }],
    ['month 13', { Month: 13 }],
    ['a future period', { Month: 11, Year: 2025 }],
    ['a suspended PIN', { TaxpayerPIN: 'A948312567Q' }],
    ['an unknown PIN', { TaxpayerPIN: 'A000000001B' }],
  ])('refuses %s with 82002', async (_label, change) => {
    const details = { TaxpayerPIN: 'A521040203F', ObligationCode: 1, Month: 6, Year: 2020, ...change };
    expect((await h.post('/dtd/return/v1/nil', { TAXPAYERDETAILS: details })).body.RESPONSE).toMatchObject({
      ResponseCode: '82002',
      Message: 'Data Validation Error',
      Status: 'NOK',
    });
  });
});
