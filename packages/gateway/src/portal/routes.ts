/**
 * The 22 developer.go.ke routes: each written out here (URL, route name, scope), KRA's side of each
 * (path, wrapper, envelope) from the catalogue in `@ushuru/kra`, the request schemas from
 * ./schemas. One factory, one code path ({@link callPortalApi}) for all. The URLs and names are
 * Salami's, so Salami clients can switch by changing their base URL.
 */
import { PORTAL_APIS_BY_ID, type PortalApiId } from '@ushuru/kra';
import type { Scope } from '../auth/scopes.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { callPortalApi } from './call.js';
import { PORTAL_REQUESTS } from './schemas/index.js';

/** One portal route of the public API. */
interface PortalRoute {
  api: PortalApiId;
  url: string;
  name: string;
  scope: Extract<Scope, `kra:${string}`>;
  tag: string;
}

const CHECKERS = 'KRA checkers';

/** Every portal route, in KRA's order (spec numbers 1–22). */
export const PORTAL_ROUTES: readonly PortalRoute[] = [
  { api: 'pinByPin', url: '/api/kra/checkers/pin', name: 'api.kra.checkers.pin', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'pinById', url: '/api/kra/checkers/pin-by-id', name: 'api.kra.checkers.pin-by-id', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'obligations', url: '/api/kra/checkers/tax-obligations', name: 'api.kra.checkers.tax-obligations', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'tccCheck', url: '/api/kra/checkers/tcc', name: 'api.kra.checkers.tcc', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'invoiceCheck', url: '/api/kra/checkers/invoice', name: 'api.kra.checkers.invoice', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'declaration', url: '/api/kra/checkers/declaration', name: 'api.kra.checkers.declaration', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'itExemption', url: '/api/kra/checkers/it-exemption', name: 'api.kra.checkers.it-exemption', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'vatExemption', url: '/api/kra/checkers/vat-exemption', name: 'api.kra.checkers.vat-exemption', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'importCertByNumber', url: '/api/kra/checkers/import-cert-number', name: 'api.kra.checkers.import-cert-number', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'importCertByPin', url: '/api/kra/checkers/import-cert-pin', name: 'api.kra.checkers.import-cert-pin', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'excisePin', url: '/api/kra/checkers/excise-pin', name: 'api.kra.checkers.excise-pin', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'exciseNumber', url: '/api/kra/checkers/excise-number', name: 'api.kra.checkers.excise-number', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'station', url: '/api/kra/checkers/tax-service-office', name: 'api.kra.checkers.tax-service-office', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'itWithholdingPrn', url: '/api/kra/payments/it-withholding', name: 'api.kra.payments.it-withholding', scope: 'kra:payments', tag: 'KRA payments' },
  {
    api: 'rentalWithholdingPrn',
    url: '/api/kra/payments/rental-withholding',
    name: 'api.kra.payments.rental-withholding',
    scope: 'kra:payments',
    tag: 'KRA payments',
  },
  { api: 'vatWithholdingPrn', url: '/api/kra/payments/vat-withholding', name: 'api.kra.payments.vat-withholding', scope: 'kra:payments', tag: 'KRA payments' },
  {
    api: 'tccApplication',
    url: '/api/kra/compliance/tcc-application',
    name: 'api.kra.compliance.tcc-application',
    scope: 'kra:compliance',
    tag: 'KRA compliance',
  },
  { api: 'pinRegistration', url: '/api/kra/registration/pin', name: 'api.kra.registration.pin', scope: 'kra:registration', tag: 'KRA registration' },
  { api: 'totReturn', url: '/api/kra/returns/tot', name: 'api.kra.returns.tot', scope: 'kra:returns', tag: 'KRA returns' },
  { api: 'nilReturn', url: '/api/kra/returns/nil', name: 'api.kra.returns.nil', scope: 'kra:returns', tag: 'KRA returns' },
  { api: 'eslipCheck', url: '/api/kra/checkers/eslip', name: 'api.kra.checkers.eslip', scope: 'kra:checkers', tag: CHECKERS },
  { api: 'prnSearch', url: '/api/kra/checkers/prn', name: 'api.kra.checkers.prn', scope: 'kra:checkers', tag: CHECKERS },
];

/** The Fastify route of one portal API. */
function portalRoute({ api: apiId, url, name, scope, tag }: PortalRoute): RouteDef {
  const api = PORTAL_APIS_BY_ID[apiId];
  const request = PORTAL_REQUESTS[apiId];
  return defineRoute({
    method: 'POST',
    url,
    name,
    scope,
    appType: 'portal',
    summary: `${api.title} (KRA ${api.kraPath}). Flat or KRA-wrapped body; X-KRA-App-Id selects the app.`,
    tags: [tag],
    schema: { body: request.body },
    exampleBody: request.example,
    handler: ({ deps, auth, body, req, kraApp }) => callPortalApi({ deps, auth, req, apiId, body, kraApp }),
  }) as RouteDef;
}

/** Every portal route. */
export const portalRoutes: RouteDef[] = PORTAL_ROUTES.map(portalRoute);
