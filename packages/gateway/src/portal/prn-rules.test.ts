/** KRA's PRN rules (docs/kra/portal.md §2.3) as field errors, and Salami's PRN spellings, through the schemas alone. */
import { describe, expect, it } from 'vitest';
import { PORTAL_REQUESTS } from './schemas/index.js';
import { rentalWithholdingBody, vatWithholdingBody } from './schemas/payments.js';

type Body = Record<string, unknown>;
const vat = (): Body => structuredClone(PORTAL_REQUESTS.vatWithholdingPrn.example);
const withHeader = (h: Body) => ({ ...vat(), transactionHeader: { ...(vat().transactionHeader as Body), ...h } });
const withLine = (l: Body) => ({ ...vat(), transactionDetails: [{ ...(vat().transactionDetails as Body[])[0], ...l }] });

function errorPaths(body: unknown, schema = vatWithholdingBody): string[] {
  const result = schema.safeParse(body);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('PRN rules', () => {
  it('accepts the example', () => {
    expect(errorPaths(vat())).toEqual([]);
  });

  it.each([
    ['line count', withHeader({ noOfTransactions: '2' }), 'transactionHeader.noOfTransactions'],
    ['gross sum', withHeader({ totalGrossAmount: 99999 }), 'transactionHeader.totalGrossAmount'],
    ['tax sum', withHeader({ totalTaxAmount: '2000.01' }), 'transactionHeader.totalTaxAmount'],
    ['period order', withHeader({ taxPeriodFrom: '2025-10-01T00:00:00' }), 'transactionHeader.taxPeriodFrom'],
    ['payment outside period', withLine({ paymentDate: '2025-10-01T00:00:00' }), 'transactionDetails.0.paymentDate'],
    ['invoice after payment', withLine({ invoiceDate: '2025-09-20T00:00:00' }), 'transactionDetails.0.invoiceDate'],
    ['tax = gross × rate', withLine({ taxRate: 3 }), 'transactionDetails.0.taxAmount'],
    ['obligation of another route', withHeader({ taxObligation: 'WHTIT' }), 'transactionHeader.taxObligation'],
    ['date format', withLine({ paymentDate: '15/09/2025' }), 'transactionDetails.0.paymentDate'],
    ['amount with 3 decimals as a number', withLine({ grossAmount: 1000.004 }), 'transactionDetails.0.grossAmount'],
    ['PIN format', withLine({ withholdeePin: 'A1' }), 'transactionDetails.0.withholdeePin'],
  ])('names the field for %s', (_name, body, path) => {
    expect(errorPaths(body)).toContain(path);
  });

  it('counts a payment on the last day of the period as inside it', () => {
    expect(errorPaths(withLine({ paymentDate: '2025-09-30T16:45:00' }))).toEqual([]);
  });

  it("reads Salami's payeePIN / invoiceNumber / YYYY-MM-DD and leaves taxObligation to the route", () => {
    const salami = {
      transactionHeader: {
        withholderPin: 'P318295670X',
        transactionUniqueNo: 'S-1',
        noOfTransactions: 1,
        taxPeriodFrom: '2025-09-01',
        taxPeriodTo: '2025-09-30',
        totalGrossAmount: 80000,
        totalTaxAmount: 6000,
      },
      transactionDetails: [
        {
          payeePIN: 'A521040203F',
          invoiceNumber: 'R-9',
          typeOfProperty: 'Residential',
          invoiceDate: '2025-09-01',
          paymentDate: '2025-09-05',
          grossAmount: 80000,
          taxRate: 7.5,
          taxAmount: 6000,
        },
      ],
    };
    const parsed = rentalWithholdingBody.parse(salami) as { transactionHeader: Body; transactionDetails: Body[] };
    expect(parsed.transactionHeader.taxPeriodFrom).toBe('2025-09-01T00:00:00');
    expect(parsed.transactionDetails[0]).toMatchObject({ landlordPin: 'A521040203F', invoiceNo: 'R-9', paymentDate: '2025-09-05T00:00:00' });
    expect(parsed.transactionDetails[0]).not.toHaveProperty('payeePIN');
  });
});

describe('PRN header types', () => {
  it("sends KRA's types whatever the caller's encoding: transactionUniqueNo a string, noOfTransactions an integer", () => {
    const parsed = vatWithholdingBody.parse(withHeader({ transactionUniqueNo: 20250901, noOfTransactions: '1' })) as { transactionHeader: Body };
    expect(parsed.transactionHeader.transactionUniqueNo).toBe('20250901');
    expect(parsed.transactionHeader.noOfTransactions).toBe(1);
  });
});
