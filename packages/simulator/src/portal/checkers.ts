/**
 * Checker APIs #1–#13 of docs/kra/portal.md §2.2, each answering in the envelope style and codes KRA
 * uses for it (§3, §4). Business errors come back with HTTP 200, as KRA does.
 */
import type { SignedInvoiceSummary, SimResponse } from '../core/types.js';
import { asRecord, type PortalApi } from './business-handler.js';
import type { PortalContext } from './context.js';
import { flatResponse, styleFiveError } from './envelopes.js';
import { isKraPin, nonEmptyString, parseIsoDate } from './formats.js';
import { INVOICE_CHECKER_FAILURES } from './fixtures.js';

/** #1 PIN checker by PIN — style 1, 23000 / 19005. */
export const checkPinByPin: PortalApi = (body, ctx) => {
  const pin = body.KRAPIN;
  const taxpayer = isKraPin(pin) ? ctx.registry.findTaxpayer(pin) : undefined;
  if (!taxpayer) return flatResponse('19005', 'Invalid PIN', false);
  return flatResponse('23000', 'Valid PIN', true, {
    PINDATA: { KRAPIN: taxpayer.pin, TypeOfTaxpayer: taxpayer.type, Name: taxpayer.name, StatusOfPIN: taxpayer.status },
  });
};

const TAXPAYER_ID_TYPES = ['KE', 'NKE', 'NKENR', 'COM'];

/**
 * #2 PIN checker by ID — style 1, 30000 / 19006. Takes `{TaxpayerType, TaxpayerID}` (KRA's
 * collection) or, on the `/checker/v1/pinbyid` variant, also `{ID}` alone (searched across ID types).
 */
export const checkPinById: PortalApi = (body, ctx) => {
  const typeGiven = body.TaxpayerType !== undefined;
  const idNumber = nonEmptyString(body.TaxpayerID) ?? nonEmptyString(body.ID);
  if (typeGiven && (typeof body.TaxpayerType !== 'string' || !TAXPAYER_ID_TYPES.includes(body.TaxpayerType))) {
    return flatResponse('19006', 'Invalid Taxpayer Type', false);
  }
  if (idNumber === undefined) return flatResponse('19006', 'ID Number not found', false);
  const types = typeGiven ? [body.TaxpayerType as string] : TAXPAYER_ID_TYPES;
  for (const type of types) {
    const pin = ctx.registry.findPinByIdentity(type, idNumber);
    const taxpayer = pin === undefined ? undefined : ctx.registry.findTaxpayer(pin);
    if (taxpayer) return flatResponse('30000', 'Valid ID Number', true, { TaxpayerPIN: taxpayer.pin, TaxpayerName: taxpayer.name });
  }
  return flatResponse('19006', 'ID Number not found', false);
};

/** #3 Obligations — style 1 with `ResponseMsg` (not `Message`), 20000 / 20001. */
export const checkObligations: PortalApi = (body, ctx) => {
  const pin = body.taxPayerPin;
  const taxpayer = isKraPin(pin) ? ctx.registry.findTaxpayer(pin) : undefined;
  if (!taxpayer) return { body: { ResponseCode: '20001', ResponseMsg: 'Invalid KRA Pin', Status: 'NOK' } };
  const ObligationsList = taxpayer.obligationIds.flatMap((id) => {
    const obligation = ctx.registry.obligations.get(id);
    return obligation ? [{ ...obligation }] : [];
  });
  return { body: { ResponseCode: '20000', ResponseMsg: 'Valid KRA Pin', Status: 'OK', ObligationsList } };
};

/**
 * #4 TCC checker — style 1, 83000; failures are style 5 (gc-odoo reads `ErrorMessage`). The PIN is
 * not format-checked because KRA's own sample pairs the TCC with `A12345678`.
 */
export const checkTcc: PortalApi = (body, ctx) => {
  const pin = nonEmptyString(body.kraPIN);
  const tccNumber = nonEmptyString(body.tccNumber);
  const tcc = tccNumber === undefined ? undefined : ctx.registry.tccs.get(tccNumber);
  if (!tcc || tcc.pin !== pin) return styleFiveError(ctx.newRequestId(), '83002', 'Invalid TCC Number or KRA PIN');
  return flatResponse('83000', 'TCC is valid', true, {
    TCCData: { KRAPIN: tcc.pin, TCCNumber: tcc.tccNumber, TCCStatus: tcc.status, TCCIssueDate: tcc.issueDate, TCCExpiryDate: tcc.expiryDate },
  });
};

/** #5 Invoice checker — style 3 with a **numeric** `responseCode`: 40000 / 40001 / 40005 / 50000, `status "ERROR"` on failure. */
export const checkInvoice: PortalApi = (body, ctx) => {
  const invoiceNumber = nonEmptyString(body.invoiceNumber);
  const invoiceDate = parseIsoDate(body.invoiceDate);
  const failure = invoiceNumber === undefined ? undefined : INVOICE_CHECKER_FAILURES[invoiceNumber];
  if (failure) return { body: { responseCode: failure.code, responseDesc: failure.message, status: 'ERROR' } };
  const invoice = invoiceNumber === undefined ? undefined : (ctx.registry.invoices.get(invoiceNumber) ?? ctx.signedInvoices.findSignedInvoice(invoiceNumber));
  if (!invoice || invoiceDate === undefined || invoice.salesDate !== invoiceDate) {
    return { body: { responseCode: 40001, responseDesc: 'Invoice not found.', status: 'ERROR' } };
  }
  return { body: { responseCode: 40000, responseDesc: 'Invoice details retrieved successfully.', status: 'OK', invoiceDetails: invoiceDetails(invoice) } };
};

function invoiceDetails(invoice: SignedInvoiceSummary): Record<string, unknown> {
  return {
    salesDate: invoice.salesDate,
    transmissionDate: invoice.transmissionDate,
    invoiceDate: invoice.salesDate,
    totalItemCount: invoice.totalItemCount,
    supplierPIN: invoice.tin,
    supplierName: invoice.taxpayerName,
    deviceSerialNumber: invoice.deviceSerialNumber,
    customerPin: invoice.custTin,
    customerName: invoice.custNm,
    controlUnitInvoiceNumber: invoice.cuInvoiceNumber,
    traderSystemInvoiceNumber: invoice.traderInvoiceNumber,
    totalInvoiceAmount: invoice.totalAmount,
    totalTaxableAmount: invoice.totalTaxableAmount,
    totalTaxAmount: invoice.totalTaxAmount,
    exemptionCertificateNo: null,
    totalDiscountAmount: invoice.totalDiscountAmount,
    itemDetails: invoice.items.map((item) => ({ ...item })),
  };
}

/**
 * #6 Customs declaration status. KRA's response is unknown ([U]); the simulator answers snake_case
 * with java-sdk's `status` values and the code `86000`, and a style-5 `86001` when not found.
 */
export const checkDeclaration: PortalApi = (body, ctx) => {
  const declarationNo = nonEmptyString(body.DeclarationNo);
  const declaration = declarationNo === undefined ? undefined : ctx.registry.declarations.get(declarationNo);
  if (!declaration) return styleFiveError(ctx.newRequestId(), '86001', 'Declaration not found');
  return {
    body: {
      response_code: '86000',
      response_message: 'Declaration status retrieved successfully',
      status: declaration.status,
      declaration_no: declaration.declarationNo,
      importer_pin: declaration.importerPin,
      customs_office: declaration.customsOffice,
      registration_date: declaration.registrationDate,
    },
  };
};

/** #7 IT exemption — style 4, `response_code "200"`; style-5 `600` invalid PIN, `900` no valid exemption. */
export const checkItExemption: PortalApi = (body, ctx) => {
  const pin = body.pin;
  if (!isKraPin(pin) || !ctx.registry.findTaxpayer(pin)) return styleFiveError(ctx.newRequestId(), '600', 'Invalid PIN');
  const exemption = ctx.registry.itExemptions.get(pin);
  if (!exemption) return styleFiveError(ctx.newRequestId(), '900', 'No valid exemption certificate found for the PIN');
  return {
    body: {
      response_code: '200',
      response_message: 'Valid exemption certificate found',
      status_code: 'OK',
      cert_no: exemption.certNo,
      cert_issue_date: exemption.issueDateMs,
      cert_eff_date: exemption.effectiveDate,
      cert_expiry_date: exemption.expiryDate,
    },
  };
};

function snakeError(code: string, message: string): SimResponse {
  return { body: { response_code: code, response_message: message, response_status: 'NOK' } };
}

/**
 * #8 VAT exemption — style 4, 83000 / 83002. The default path (`/dtd/checker/v1/vatexemption`) also
 * takes `PINNo`, which must be the certificate holder's; the `/checker/v1/vatexemption` variant takes
 * only the certificate number.
 */
export const checkVatExemption: PortalApi = (body, ctx, req) => {
  const certNo = nonEmptyString(body.VatExemptionCertificateNo);
  const certificate = certNo === undefined ? undefined : ctx.registry.vatExemptions.get(certNo);
  if (!certificate) return snakeError('83002', 'Invalid VAT Exemption Certificate Number');
  if (req.path.startsWith('/dtd/') && body.PINNo !== certificate.pin) return snakeError('83002', 'Certificate does not belong to the PIN');
  const holder = ctx.registry.findTaxpayer(certificate.pin);
  return {
    body: {
      response_code: '83000',
      response_message: 'VAT exemption certificate details retrieved successfully',
      response_status: 'OK',
      vatExemptionCertificateDetails: {
        taxPayerName: holder?.name ?? '',
        vatExemptionCheckerDtls: [{ certiNo: certificate.certNo, issueDt: certificate.issueDt, statusFlag: certificate.statusFlag }],
      },
    },
  };
};

function importCertificateResponse(
  ctx: PortalContext,
  pin: string,
  certificates: Array<{ certNo: string; issueDt: string; statusFlag: string; productCode: string }>,
): SimResponse {
  return {
    body: {
      response_code: '83000',
      response_message: 'Import certificate details retrieved successfully',
      response_status: 'OK',
      importCertificate_Dtls: {
        taxPayerName: ctx.registry.findTaxpayer(pin)?.name ?? '',
        pinNo: pin,
        importCertDtls: certificates.map((c) => ({ certiNo: c.certNo, issueDt: c.issueDt, statusFlag: c.statusFlag, productCode: c.productCode })),
      },
    },
  };
}

/** #9 Import certificate by number — style 4, 83000; style-5 83002. */
export const checkImportCertificateByNumber: PortalApi = (body, ctx) => {
  const certNo = nonEmptyString(body.certificate_no);
  const certificate = certNo === undefined ? undefined : ctx.registry.importCertificates.get(certNo);
  if (!certificate) return styleFiveError(ctx.newRequestId(), '83002', 'Invalid Import Certificate Number');
  return importCertificateResponse(ctx, certificate.pin, [certificate]);
};

/** #10 Import certificates by PIN — style 4, 83000; style-5 83002. */
export const checkImportCertificateByPin: PortalApi = (body, ctx) => {
  const pin = body.pin_no;
  const certificates = isKraPin(pin) ? ctx.registry.importCertificatesByPin.get(pin) : undefined;
  if (!isKraPin(pin) || !certificates) return styleFiveError(ctx.newRequestId(), '83002', 'No import certificate found for the PIN');
  return importCertificateResponse(ctx, pin, certificates);
};

/** #11 Excise licences by PIN — style 1, 80000; style-5 80002. */
export const checkExciseLicenceByPin: PortalApi = (body, ctx) => {
  const pin = body.PINNo;
  const taxpayer = isKraPin(pin) ? ctx.registry.findTaxpayer(pin) : undefined;
  const licences = taxpayer ? ctx.registry.exciseLicencesByPin.get(taxpayer.pin) : undefined;
  if (!taxpayer || !licences) return styleFiveError(ctx.newRequestId(), '80002', 'No excise licence found for the PIN');
  return flatResponse('80000', 'Excise licence details retrieved successfully', true, {
    PIN_Details: { PINNo: taxpayer.pin, TaxpayerName: taxpayer.name, Trading_Business_Name: taxpayer.tradingName ?? taxpayer.name },
    ExciseLicenceDetails: licences.map((l) => ({
      isSmallBrewer: l.isSmallBrewer,
      Status: l.status,
      ClassOfGoods: l.classOfGoods,
      DateOfIssue: l.dateOfIssue,
      ExciseLicenceNo: l.licenceNo,
    })),
  });
};

/** #12 Excise licence by number — style 1, 80000 with `ExciseLicenseDATA` ("License", sic); style-5 80002. */
export const checkExciseLicenceByNumber: PortalApi = (body, ctx) => {
  const licenceNo = nonEmptyString(body.ExciseLicenceNo);
  const licence = licenceNo === undefined ? undefined : ctx.registry.exciseLicences.get(licenceNo);
  if (!licence) return styleFiveError(ctx.newRequestId(), '80002', 'Invalid Excise Licence Number');
  return flatResponse('80000', 'Excise licence details retrieved successfully', true, {
    ExciseLicenseDATA: {
      PINNo: licence.pin,
      TaxpayerName: ctx.registry.findTaxpayer(licence.pin)?.name ?? '',
      ExciseLicenceNo: licence.licenceNo,
      Status: licence.status,
      ClassOfGoods: licence.classOfGoods,
      DateOfIssue: licence.dateOfIssue,
      isSmallBrewer: licence.isSmallBrewer,
    },
  });
};

/**
 * #13 Know your station — KRA's saved example: `RESPONSE{RESULT{ResponseCode 84000,…}, STATIONDATA}`;
 * style-5 `84002 "Inactive / Wrong PIN"` with HTTP 200. Accepts `{kraPIN}` and the wrapped
 * `{iTaxUSSDKnowStationRequest:{kraPIN}}`, both seen in KRA's collection.
 */
export const checkStation: PortalApi = (body, ctx) => {
  const pin = asRecord(body.iTaxUSSDKnowStationRequest)?.kraPIN ?? body.kraPIN;
  const taxpayer = isKraPin(pin) ? ctx.registry.findTaxpayer(pin) : undefined;
  if (!taxpayer || taxpayer.status !== 'Active') return styleFiveError(ctx.newRequestId(), '84002', 'Inactive / Wrong PIN');
  return {
    body: {
      RESPONSE: {
        RESULT: { ResponseCode: '84000', Message: 'Station Name is sent successfully', Status: 'OK' },
        STATIONDATA: { kraPin: taxpayer.pin, stationName: taxpayer.station },
      },
    },
  };
};
