/**
 * Request bodies of the checker APIs (#1–#13 of docs/kra/portal.md §2.2, plus e-slip and PRN search
 * of §2.5), with KRA's own field names. Objects are loose: a field we do not know is passed on to
 * KRA, which judges it, because several request bodies are only partly documented.
 */
import { z } from 'zod';
import { flatOrWrapped, identifier, intOrDigits, isoDate, kraPin } from './common.js';

/** #1 PIN checker by PIN. */
export const pinByPinBody = flatOrWrapped(z.looseObject({ KRAPIN: kraPin }));

/**
 * #2 PIN checker by ID: `{TaxpayerType, TaxpayerID}` (KRA's collection). `{ID}` alone, the variant
 * some sources send, is read as a Kenyan national ID (`TaxpayerType: "KE"`), the common case.
 */
export const pinByIdBody = flatOrWrapped(
  z.preprocess(
    (body) => {
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const { ID, ...rest } = body as Record<string, unknown>;
        if (ID !== undefined && rest.TaxpayerID === undefined) return { TaxpayerType: 'KE', ...rest, TaxpayerID: ID };
      }
      return body;
    },
    z.looseObject({
      TaxpayerType: z.enum(['KE', 'NKE', 'NKENR', 'COM'], 'must be one of KE, NKE, NKENR, COM'),
      TaxpayerID: identifier(30),
    }),
  ),
);

/** #3 Taxpayer obligations. */
export const obligationsBody = flatOrWrapped(z.looseObject({ taxPayerPin: kraPin }));

/** #4 TCC checker. The PIN is not format-checked: KRA's own sandbox sample pairs a TCC with `A12345678`. */
export const tccCheckBody = flatOrWrapped(z.looseObject({ kraPIN: identifier(20), tccNumber: identifier(30) }));

/** #5 eTIMS invoice checker: the CU invoice number (`{sdcId}/{invcNo}`) and its date. */
export const invoiceCheckBody = flatOrWrapped(z.looseObject({ invoiceNumber: identifier(64), invoiceDate: isoDate }));

/** #6 Customs declaration status. */
export const declarationBody = flatOrWrapped(z.looseObject({ DeclarationNo: identifier(40) }));

/** #7 Income-tax exemption checker. */
export const itExemptionBody = flatOrWrapped(z.looseObject({ pin: kraPin }));

/** #8 VAT exemption checker; `PINNo` is needed on KRA's default path, not on the `/checker/v1` variant. */
export const vatExemptionBody = flatOrWrapped(z.looseObject({ VatExemptionCertificateNo: identifier(40), PINNo: kraPin.optional() }));

/** #9 Import certificate by number. */
export const importCertByNumberBody = flatOrWrapped(z.looseObject({ certificate_no: identifier(40) }));

/** #10 Import certificates by PIN. */
export const importCertByPinBody = flatOrWrapped(z.looseObject({ pin_no: kraPin }));

/** #11 Excise licences by PIN. */
export const excisePinBody = flatOrWrapped(z.looseObject({ PINNo: kraPin }));

/** #12 Excise licence by number. */
export const exciseNumberBody = flatOrWrapped(z.looseObject({ ExciseLicenceNo: identifier(40) }));

/** #13 Know your station; `{iTaxUSSDKnowStationRequest:{kraPIN}}` is unwrapped like the other wrappers. */
export const stationBody = flatOrWrapped(z.looseObject({ kraPIN: kraPin }));

/** E-slip checker (§2.5): an e-slip number is a PRN. */
export const eslipBody = flatOrWrapped(z.looseObject({ EslipNumber: identifier(30) }));

/** PRN search (§2.5): `obligationId` from the obligations checker (29 in KRA's example). */
export const prnSearchBody = flatOrWrapped(z.looseObject({ taxPayerPin: kraPin, obligationId: intOrDigits.optional() }));
