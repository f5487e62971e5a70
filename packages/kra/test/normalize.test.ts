import { describe, expect, it } from 'vitest';
import { normalizePortalResponse } from '../src/portal/normalize.js';
import { PORTAL_APIS_BY_ID, resolvePortalApi } from '../src/portal/apis.js';

describe('normalizePortalResponse — envelope styles', () => {
  it('flat PascalCase success (PIN by PIN)', () => {
    const body = {
      ResponseCode: '23000',
      Message: 'Valid PIN',
      Status: 'OK',
      PINDATA: { KRAPIN: 'A744610021G', TypeOfTaxpayer: 'Individual', Name: 'JOHN DOE ', StatusOfPIN: 'Active' },
    };
    const res = normalizePortalResponse(body, PORTAL_APIS_BY_ID.pinByPin);
    expect(res).toMatchObject({ ok: true, code: '23000', message: 'Valid PIN', envelope: 'flat' });
    expect(res.data).toEqual({ PINDATA: { KRAPIN: 'A744610021G', TypeOfTaxpayer: 'Individual', Name: 'JOHN DOE', StatusOfPIN: 'Active' } });
    expect(res.raw).toBe(body);
  });

  it('flat error with Status NOK and HTTP-200 style body', () => {
    const res = normalizePortalResponse({ ResponseCode: '19005', Message: 'Invalid PIN', Status: 'NOK' });
    expect(res).toMatchObject({ ok: false, code: '19005', message: 'Invalid PIN', data: null });
  });

  it('obligations uses ResponseMsg', () => {
    const res = normalizePortalResponse({ ResponseCode: '20000', ResponseMsg: 'Valid KRA Pin', Status: 'OK', ObligationsList: [] });
    expect(res).toMatchObject({ ok: true, code: '20000', message: 'Valid KRA Pin', data: { ObligationsList: [] } });
  });

  it('RESPONSE-wrapped (NIL return) with whitespace padding', () => {
    const res = normalizePortalResponse({
      RESPONSE: { ResponseCode: ' 82000', Message: 'Successfully Filled NIL Return', Status: 'OK', AckNumber: ' KRAKBU1456050925 ' },
    });
    expect(res).toMatchObject({ ok: true, code: '82000', envelope: 'response', data: { AckNumber: 'KRAKBU1456050925' } });
  });

  it('RESPONSE-wrapped error', () => {
    const res = normalizePortalResponse({ RESPONSE: { ResponseCode: '82002', Message: 'Data Validation Error', Status: 'NOK' } });
    expect(res).toMatchObject({ ok: false, code: '82002', message: 'Data Validation Error' });
  });

  it('RESPONSE.RESULT nesting (station, KRA saved example)', () => {
    const res = normalizePortalResponse({
      RESPONSE: {
        RESULT: { ResponseCode: '84000', Message: 'Station Name is sent successfully', Status: 'OK' },
        STATIONDATA: { kraPin: 'A744610021G', stationName: 'Nairobi West' },
      },
    });
    expect(res).toMatchObject({ ok: true, code: '84000', message: 'Station Name is sent successfully' });
    expect(res.data).toEqual({ STATIONDATA: { kraPin: 'A744610021G', stationName: 'Nairobi West' } });
  });

  it('camelCase with numeric responseCode 40000 (invoice checker)', () => {
    const res = normalizePortalResponse({
      responseCode: 40000,
      responseDesc: 'Invoice details retrieved successfully.',
      status: 'OK',
      invoiceDetails: { supplierPIN: 'P051234567X', totalInvoiceAmount: 116 },
    });
    expect(res).toMatchObject({ ok: true, code: '40000', envelope: 'camel', data: { invoiceDetails: { supplierPIN: 'P051234567X' } } });
  });

  it('camelCase error with status ERROR', () => {
    const res = normalizePortalResponse({ responseCode: 40001, responseDesc: 'Invoice not found', status: 'ERROR' });
    expect(res).toMatchObject({ ok: false, code: '40001', message: 'Invoice not found' });
  });

  it('camelCase PRN success keeps responseData', () => {
    const res = normalizePortalResponse({
      responseCode: '70000',
      responseDesc: 'Successful',
      status: 'OK',
      responseData: { prnNumber: '2020250002597584', prnDate: '2025-09-23T12:51:25', prnAmount: 2000.0 },
    });
    expect(res.ok).toBe(true);
    expect(res.data).toEqual({ responseData: { prnNumber: '2020250002597584', prnDate: '2025-09-23T12:51:25', prnAmount: 2000 } });
  });

  it('snake_case with IT exemption success code 200', () => {
    const body = { response_code: '200', response_message: 'Valid', status_code: 'ACTIVE', cert_no: 'C1', cert_issue_date: 1700000000000 };
    expect(normalizePortalResponse(body, PORTAL_APIS_BY_ID.itExemption)).toMatchObject({
      ok: true,
      code: '200',
      message: 'Valid',
      envelope: 'snake',
      data: { status_code: 'ACTIVE', cert_no: 'C1', cert_issue_date: 1700000000000 },
    });
    // 200 is a success only for the IT exemption checker.
    expect(normalizePortalResponse(body, PORTAL_APIS_BY_ID.vatExemption).ok).toBe(false);
  });

  it('snake_case VAT exemption error 83002', () => {
    const res = normalizePortalResponse({ response_code: '83002', response_message: 'No certificate' }, PORTAL_APIS_BY_ID.vatExemption);
    expect(res).toMatchObject({ ok: false, code: '83002', message: 'No certificate' });
  });

  it('gateway error: ErrorCode with HTTP-200 body (station 84002)', () => {
    const res = normalizePortalResponse({ RequestId: 'r-1', ErrorCode: '84002', ErrorMessage: 'Inactive / Wrong PIN' });
    expect(res).toMatchObject({ ok: false, code: '84002', message: 'Inactive / Wrong PIN', envelope: 'error', data: null });
  });

  it('IT exemption 900/600 arrive as ErrorCode', () => {
    const res = normalizePortalResponse({ ErrorCode: '900', ErrorMessage: 'No valid exemption' }, PORTAL_APIS_BY_ID.itExemption);
    expect(res).toMatchObject({ ok: false, code: '900' });
  });

  it('camelCase token-style error', () => {
    const res = normalizePortalResponse({ requestId: 'x', errorCode: '401', errorMessage: 'Client credentials are invalid' });
    expect(res).toMatchObject({ ok: false, code: '401', message: 'Client credentials are invalid' });
  });

  it('ErrorCode wins even when a success code is also present', () => {
    const res = normalizePortalResponse({ ResponseCode: '23000', ErrorCode: '19005', ErrorMessage: 'Invalid PIN' });
    expect(res.ok).toBe(false);
  });

  it('a code that does not end in 000 fails even with Status OK', () => {
    expect(normalizePortalResponse({ ResponseCode: '80002', Status: 'OK' }).ok).toBe(false);
  });

  it('NOK fails even with a 000 code', () => {
    expect(normalizePortalResponse({ ResponseCode: '23000', Status: 'NOK' }).ok).toBe(false);
  });

  it('a body without any code or status is a success (customs declaration, unknown shape)', () => {
    const res = normalizePortalResponse({ status: 'CLEARED', DeclarationNo: '20WILIM600000181' }, PORTAL_APIS_BY_ID.declaration);
    expect(res).toMatchObject({ ok: true, code: null, envelope: 'unknown', data: { status: 'CLEARED', DeclarationNo: '20WILIM600000181' } });
  });

  it('non-object bodies are not successes', () => {
    expect(normalizePortalResponse('<html>oops</html>').ok).toBe(false);
    expect(normalizePortalResponse(null).ok).toBe(false);
  });
});

describe('answers the spec leaves open', () => {
  it('treats a bare {ErrorMessage} (TCC failures) as a rejection', () => {
    const r = normalizePortalResponse({ ErrorMessage: 'TCC not found', RequestId: 'x' });
    expect(r).toMatchObject({ ok: false, code: null, message: 'TCC not found' });
  });

  it('accepts extra success codes an app configures for an API', () => {
    const body = { response_code: '1', status: 'CLEARED' };
    expect(normalizePortalResponse(body, resolvePortalApi('declaration')).ok).toBe(false);
    expect(normalizePortalResponse(body, resolvePortalApi('declaration', { successCodes: ['1'] })).ok).toBe(true);
    expect(() => resolvePortalApi('declaration', { successCodes: [''] })).toThrow(/successCodes/);
  });
});
