import { describe, expect, it } from 'vitest';
import { preparePortalRequestBody, unwrapPortalBody, wrapPortalBody } from '../src/portal/wrap.js';
import { resolvePortalApi } from '../src/portal/apis.js';

const flat = { TaxpayerPIN: 'A521040203F', Month: '07', Year: '2025', GrossTurnover: 1000 };

describe('wrapPortalBody', () => {
  it('wraps flat bodies in TAXPAYERDETAILS', () => {
    expect(wrapPortalBody(flat, 'TAXPAYERDETAILS')).toEqual({ TAXPAYERDETAILS: flat });
  });

  it('wraps in REQUEST.TAXPAYERDETAILS', () => {
    expect(wrapPortalBody(flat, 'REQUEST.TAXPAYERDETAILS')).toEqual({ REQUEST: { TAXPAYERDETAILS: flat } });
  });

  it('is idempotent', () => {
    const once = wrapPortalBody(flat, 'REQUEST.TAXPAYERDETAILS');
    expect(wrapPortalBody(once, 'REQUEST.TAXPAYERDETAILS')).toEqual(once);
    expect(wrapPortalBody({ TAXPAYERDETAILS: flat }, 'TAXPAYERDETAILS')).toEqual({ TAXPAYERDETAILS: flat });
  });

  it('re-wraps a body sent in another known wrapper into the configured one', () => {
    expect(wrapPortalBody({ TAXPAYERDETAILS: flat }, 'REQUEST.TAXPAYERDETAILS')).toEqual({ REQUEST: { TAXPAYERDETAILS: flat } });
    expect(wrapPortalBody({ iTaxUSSDKnowStationRequest: { kraPIN: 'A1' } }, 'none')).toEqual({ kraPIN: 'A1' });
  });

  it('leaves bodies with other keys alone', () => {
    const body = { TAXPAYERDETAILS: flat, extra: 1 };
    expect(unwrapPortalBody(body)).toBe(body);
    expect(wrapPortalBody({ KRAPIN: 'A1' }, 'none')).toEqual({ KRAPIN: 'A1' });
  });
});

describe('preparePortalRequestBody', () => {
  it('uses the catalogue wrapper per API', () => {
    expect(preparePortalRequestBody(resolvePortalApi('tccApplication'), { TaxpayerPIN: 'A1', ReasonForTCC: 'Tender' })).toEqual({
      REQUEST: { TAXPAYERDETAILS: { TaxpayerPIN: 'A1', ReasonForTCC: 'Tender' } },
    });
    expect(preparePortalRequestBody(resolvePortalApi('tccApplication', { wrapper: 'TAXPAYERDETAILS' }), { TaxpayerPIN: 'A1' })).toEqual({
      TAXPAYERDETAILS: { TaxpayerPIN: 'A1' },
    });
    expect(preparePortalRequestBody(resolvePortalApi('pinByPin'), { KRAPIN: 'A1' })).toEqual({ KRAPIN: 'A1' });
  });

  it('fills taxObligation for withholding PRNs but keeps a caller value', () => {
    const body = { transactionHeader: { withholderPin: 'P1' }, transactionDetails: [] };
    expect(preparePortalRequestBody(resolvePortalApi('rentalWithholdingPrn'), body)).toEqual({
      transactionHeader: { withholderPin: 'P1', taxObligation: 'WHTRENT' },
      transactionDetails: [],
    });
    const own = { transactionHeader: { taxObligation: 'WHTVAT' } };
    expect(preparePortalRequestBody(resolvePortalApi('rentalWithholdingPrn'), own)).toEqual(own);
  });
});
