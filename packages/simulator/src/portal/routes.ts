/**
 * One table for every portal API: route id, KRA's default path first, then the alternates other
 * sources use (docs/kra/portal.md §2.1 "configurable"). Alternates share the route id, so a fault
 * on `portal.pinbyid` hits both of its paths.
 */
import type { PortalApi } from './business-handler.js';
import {
  checkDeclaration,
  checkExciseLicenceByNumber,
  checkExciseLicenceByPin,
  checkImportCertificateByNumber,
  checkImportCertificateByPin,
  checkInvoice,
  checkItExemption,
  checkObligations,
  checkPinById,
  checkPinByPin,
  checkStation,
  checkTcc,
  checkVatExemption,
} from './checkers.js';
import { applyForTcc, fileNilReturn, fileTotReturn, registerPin } from './filings.js';
import { checkEslip, generateWithholdingPrn, searchPrns } from './payments.js';

/** One KRA business API. */
export interface PortalApiRoute {
  routeId: string;
  /** Default KRA path first. */
  paths: readonly string[];
  api: PortalApi;
}

/** Route id of the OAuth token endpoint. */
export const PORTAL_TOKEN_ROUTE_ID = 'portal.token';

/** Both of KRA's token paths (`GET`). */
export const PORTAL_TOKEN_PATHS: readonly string[] = ['/v1/token/generate', '/oauth/v1/generate'];

/** The 20 APIs of §2.1 plus e-slip and PRN search (§2.5), all `POST`. */
export const PORTAL_API_ROUTES: readonly PortalApiRoute[] = [
  { routeId: 'portal.pinbypin', paths: ['/checker/v1/pinbypin'], api: checkPinByPin },
  { routeId: 'portal.pinbyid', paths: ['/checker/v1/pin', '/checker/v1/pinbyid'], api: checkPinById },
  { routeId: 'portal.obligations', paths: ['/dtd/checker/v1/obligation'], api: checkObligations },
  { routeId: 'portal.tcc', paths: ['/v1/kra-tcc/validate'], api: checkTcc },
  { routeId: 'portal.invoice', paths: ['/checker/v1/invoice'], api: checkInvoice },
  { routeId: 'portal.declaration', paths: ['/checker/v1/simple/declaration'], api: checkDeclaration },
  { routeId: 'portal.itExemption', paths: ['/checker/v1/itexemption'], api: checkItExemption },
  { routeId: 'portal.vatExemption', paths: ['/dtd/checker/v1/vatexemption', '/checker/v1/vatexemption'], api: checkVatExemption },
  { routeId: 'portal.importCertByNumber', paths: ['/cbc/checker/v1/importcertificate/num'], api: checkImportCertificateByNumber },
  { routeId: 'portal.importCertByPin', paths: ['/cbc/checker/v1/importcertificate/pin'], api: checkImportCertificateByPin },
  { routeId: 'portal.exciseByPin', paths: ['/checker/v1/ExciseLicenseByPin'], api: checkExciseLicenceByPin },
  { routeId: 'portal.exciseByNumber', paths: ['/checker/v1/ExciseLicenseByNum'], api: checkExciseLicenceByNumber },
  { routeId: 'portal.station', paths: ['/dtd/checker/v1/station'], api: checkStation },
  { routeId: 'portal.prnWhtIt', paths: ['/generate/v1/prn/whtit'], api: generateWithholdingPrn('WHTIT') },
  { routeId: 'portal.prnWhtRental', paths: ['/generate/v1/prn/whtrental'], api: generateWithholdingPrn('WHTRENT') },
  { routeId: 'portal.prnWhtVat', paths: ['/generate/v1/prn/whtvat'], api: generateWithholdingPrn('WHTVAT') },
  { routeId: 'portal.tccApplication', paths: ['/dtd/application/v1/tcc', '/application/v1/tcc'], api: applyForTcc },
  { routeId: 'portal.pinRegistration', paths: ['/v1/generate/pin'], api: registerPin },
  { routeId: 'portal.totReturn', paths: ['/filing/v1/tot/paymentregistration'], api: fileTotReturn },
  { routeId: 'portal.nilReturn', paths: ['/dtd/return/v1/nil'], api: fileNilReturn },
  { routeId: 'portal.eslip', paths: ['/payment/checker/v1/eslip'], api: checkEslip },
  { routeId: 'portal.prnSearch', paths: ['/dtd/checker/v1/prn'], api: searchPrns },
];
