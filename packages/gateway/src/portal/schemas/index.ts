/**
 * The request schema and a working example body of each of the 22 portal APIs, keyed by the API id
 * of the catalogue in `@ushuru/kra`. The examples use the simulator's fixture values, so they work
 * against `npm start` as they are (and the generated security tests send them).
 */
import type { PortalApiId } from '@ushuru/kra';
import type { z } from 'zod';
import {
  declarationBody,
  eslipBody,
  exciseNumberBody,
  excisePinBody,
  importCertByNumberBody,
  importCertByPinBody,
  invoiceCheckBody,
  itExemptionBody,
  obligationsBody,
  pinByIdBody,
  pinByPinBody,
  prnSearchBody,
  stationBody,
  tccCheckBody,
  vatExemptionBody,
} from './checkers.js';
import { nilReturnBody, pinRegistrationBody, tccApplicationBody, totReturnBody } from './filings.js';
import { itWithholdingBody, rentalWithholdingBody, vatWithholdingBody } from './payments.js';

/** What the gateway knows about one API's request besides the catalogue row. */
export interface PortalRequestSpec {
  body: z.ZodType;
  /** A valid body (simulator fixture values). */
  example: Record<string, unknown>;
}

const period = { taxPeriodFrom: '2025-09-01T00:00:00', taxPeriodTo: '2025-09-30T00:00:00' };
const line = { invoiceNo: 'INV-2025-0912', invoiceDate: '2025-09-10T00:00:00', paymentDate: '2025-09-15T00:00:00' };

/** Request schema and example of every portal API. */
export const PORTAL_REQUESTS: Readonly<Record<PortalApiId, PortalRequestSpec>> = {
  pinByPin: { body: pinByPinBody, example: { KRAPIN: 'A744610021G' } },
  pinById: { body: pinByIdBody, example: { TaxpayerType: 'KE', TaxpayerID: '12345678' } },
  obligations: { body: obligationsBody, example: { taxPayerPin: 'P318295670X' } },
  tccCheck: { body: tccCheckBody, example: { kraPIN: 'P318295670X', tccNumber: 'KRAEON0000000101' } },
  invoiceCheck: { body: invoiceCheckBody, example: { invoiceNumber: 'KRACU0100058659/5134', invoiceDate: '2024-08-18' } },
  declaration: { body: declarationBody, example: { DeclarationNo: '20WILIM600000181' } },
  itExemption: { body: itExemptionBody, example: { pin: 'P700123456C' } },
  vatExemption: { body: vatExemptionBody, example: { VatExemptionCertificateNo: 'VATEX/2025/00045', PINNo: 'P318295670X' } },
  importCertByNumber: { body: importCertByNumberBody, example: { certificate_no: 'IC/2025/000101' } },
  importCertByPin: { body: importCertByPinBody, example: { pin_no: 'P531107121Z' } },
  excisePin: { body: excisePinBody, example: { PINNo: 'P531107121Z' } },
  exciseNumber: { body: exciseNumberBody, example: { ExciseLicenceNo: 'KRA/EXL/2023/0001' } },
  station: { body: stationBody, example: { kraPIN: 'A744610021G' } },
  itWithholdingPrn: {
    body: itWithholdingBody,
    example: {
      transactionHeader: {
        withholderPin: 'P318295670X',
        transactionUniqueNo: 'WHTIT-2025-09-001',
        noOfTransactions: 1,
        taxObligation: 'WHTIT',
        ...period,
        totalGrossAmount: '50000.00',
        totalTaxAmount: '2500.00',
      },
      transactionDetails: [
        {
          ...line,
          withholdeePin: 'A744610021G',
          natureOfTransaction: 'Consultancy',
          residentialStatus: 'Resident',
          country: 'KE',
          grossAmount: '50000.00',
          taxRate: 5,
          taxAmount: '2500.00',
          withholdeeName: 'JOHN KAMAU MWANGI',
        },
      ],
    },
  },
  rentalWithholdingPrn: {
    body: rentalWithholdingBody,
    example: {
      transactionHeader: {
        withholderPin: 'P318295670X',
        transactionUniqueNo: 'WHTRENT-2025-09-001',
        noOfTransactions: 1,
        taxObligation: 'WHTRENT',
        ...period,
        totalGrossAmount: '80000.00',
        totalTaxAmount: '6000.00',
      },
      transactionDetails: [
        {
          ...line,
          typeOfProperty: 'Commercial',
          landlordPin: 'A521040203F',
          lrNumber: 'NAIROBI/BLOCK0/001',
          building: 'Parklands Plaza',
          street: '3rd Parklands Avenue',
          town: 'Nairobi',
          grossAmount: '80000.00',
          taxRate: 7.5,
          taxAmount: '6000.00',
        },
      ],
    },
  },
  vatWithholdingPrn: {
    body: vatWithholdingBody,
    example: {
      transactionHeader: {
        withholderPin: 'P318295670X',
        transactionUniqueNo: 'WHTVAT-2025-09-001',
        noOfTransactions: 1,
        taxObligation: 'WHTVAT',
        ...period,
        totalGrossAmount: '100000.00',
        totalTaxAmount: '2000.00',
      },
      transactionDetails: [{ ...line, withholdeePin: 'A744610021G', grossAmount: '100000.00', taxRate: 2, taxAmount: '2000.00' }],
    },
  },
  tccApplication: { body: tccApplicationBody, example: { TaxpayerPIN: 'P318295670X', ReasonForTCC: 'Tender application' } },
  pinRegistration: {
    body: pinRegistrationBody,
    example: {
      TaxpayerType: 'KE',
      IdentificationNumber: '31234567',
      DateOfBirth: '03/02/1990',
      MobileNumber: '0712345678',
      EmailAddress: 'jane@example.co.ke',
      IsPinWithNoOblig: 'No',
    },
  },
  totReturn: { body: totReturnBody, example: { TaxpayerPIN: 'A553210740V', Month: '07', Year: '2025', GrossTurnover: 100000 } },
  nilReturn: { body: nilReturnBody, example: { TaxpayerPIN: 'A521040203F', ObligationCode: 1, Month: 12, Year: 2016 } },
  eslipCheck: { body: eslipBody, example: { EslipNumber: '2020250002597584' } },
  prnSearch: { body: prnSearchBody, example: { taxPayerPin: 'P318295670X', obligationId: 29 } },
};
