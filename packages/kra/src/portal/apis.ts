/**
 * The developer.go.ke (GavaConnect) API catalogue: the one table that says, for each of the 22 KRA
 * portal APIs, what KRA expects on the wire (path, token path, request wrapper, envelope, codes).
 * Which routes a server exposes for them is the server's business (the gateway declares its own).
 * Source: docs/kra/portal.md §2 (paths, wrappers, codes), §4 (envelopes) and §8.1 (Salami routes).
 * Anything the spec tags [U] is listed in `unsettled` and can be overridden per app via
 * {@link resolvePortalApi}; nothing else in the code base should hard-code a KRA portal path.
 */
import { assertKraPath } from '../paths.js';

/** Stable ids of the 22 portal APIs (the 20 of docs/kra/portal.md §2.1 plus e-slip checker and PRN search of §2.5). */
export type PortalApiId =
  | 'pinByPin'
  | 'pinById'
  | 'obligations'
  | 'tccCheck'
  | 'invoiceCheck'
  | 'declaration'
  | 'itExemption'
  | 'vatExemption'
  | 'importCertByNumber'
  | 'importCertByPin'
  | 'excisePin'
  | 'exciseNumber'
  | 'station'
  | 'itWithholdingPrn'
  | 'rentalWithholdingPrn'
  | 'vatWithholdingPrn'
  | 'tccApplication'
  | 'pinRegistration'
  | 'totReturn'
  | 'nilReturn'
  | 'eslipCheck'
  | 'prnSearch';

/** KRA's two OAuth token paths (docs/kra/portal.md §1); both take GET `?grant_type=client_credentials`. */
export type PortalTokenPath = '/v1/token/generate' | '/oauth/v1/generate';

/**
 * How KRA wants the request body wrapped (docs/kra/portal.md §2): `none` = flat; otherwise the dotted chain of
 * wrapper keys, outermost first, e.g. `REQUEST.TAXPAYERDETAILS` = `{"REQUEST":{"TAXPAYERDETAILS":{…}}}`.
 */
export type PortalRequestWrapper = 'none' | 'TAXPAYERDETAILS' | 'REQUEST.TAXPAYERDETAILS' | 'iTaxUSSDKnowStationRequest';

/** All wrappers, for validating configuration values. */
export const PORTAL_REQUEST_WRAPPERS: readonly PortalRequestWrapper[] = ['none', 'TAXPAYERDETAILS', 'REQUEST.TAXPAYERDETAILS', 'iTaxUSSDKnowStationRequest'];

/**
 * Response envelope styles of docs/kra/portal.md §4: `flat` (PascalCase `ResponseCode`), `response` (`RESPONSE`-wrapped,
 * possibly with `RESULT`), `camel` (`responseCode`), `snake` (`response_code`), `unknown` (not documented).
 * The gateway-error style (`ErrorCode`) can come from any API. The normalizer detects the style from the
 * body; this field documents what KRA is expected to send.
 */
export type PortalEnvelopeStyle = 'flat' | 'response' | 'camel' | 'snake' | 'unknown';

/** One row of the catalogue. */
export interface PortalApiDefinition {
  id: PortalApiId;
  /** Number in docs/kra/portal.md §2.1 (21 = e-slip checker, 22 = PRN search, both §2.5). */
  specNumber: number;
  title: string;
  /** KRA path per KRA's own collections (the default we call). */
  kraPath: string;
  /** Other KRA paths seen in sources; candidates for an override. */
  alternatePaths: readonly string[];
  /** The path Salami's docs claim, when it differs from KRA's (documentation only; never called). */
  salamiKraPath?: string;
  tokenPath: PortalTokenPath;
  requestWrapper: PortalRequestWrapper;
  envelope: PortalEnvelopeStyle;
  /** Documented success codes. Besides these, any code ending in `000` is success (docs/kra/portal.md §4). */
  successCodes: readonly string[];
  /** Documented error codes, for documentation and tests. */
  knownErrorCodes: readonly string[];
  /** For withholding PRNs: the `transactionHeader.taxObligation` KRA expects, filled in when absent. */
  taxObligation?: 'WHTIT' | 'WHTRENT' | 'WHTVAT';
  /** What the spec marks as unsettled for this API ([U]); keep it configurable. */
  unsettled: readonly string[];
}

const DEFAULT_TOKEN_PATH: PortalTokenPath = '/v1/token/generate';

function api(
  row: Omit<PortalApiDefinition, 'alternatePaths' | 'tokenPath' | 'requestWrapper' | 'knownErrorCodes' | 'unsettled'> & {
    alternatePaths?: readonly string[];
    tokenPath?: PortalTokenPath;
    requestWrapper?: PortalRequestWrapper;
    knownErrorCodes?: readonly string[];
    unsettled?: readonly string[];
  },
): PortalApiDefinition {
  return {
    ...row,
    alternatePaths: row.alternatePaths ?? [],
    tokenPath: row.tokenPath ?? DEFAULT_TOKEN_PATH,
    requestWrapper: row.requestWrapper ?? 'none',
    knownErrorCodes: row.knownErrorCodes ?? [],
    unsettled: row.unsettled ?? [],
  };
}

const CATALOGUE: readonly PortalApiDefinition[] = [
  api({
    id: 'pinByPin',
    specNumber: 1,
    title: 'PIN Checker by PIN',
    kraPath: '/checker/v1/pinbypin',
    envelope: 'flat',
    successCodes: ['23000'],
    knownErrorCodes: ['19005'],
  }),
  api({
    id: 'pinById',
    specNumber: 2,
    title: 'PIN Checker by ID',
    kraPath: '/checker/v1/pin',
    alternatePaths: ['/checker/v1/pinbyid'],
    salamiKraPath: '/checker/v1/pinbyid',
    envelope: 'flat',
    successCodes: ['30000'],
    knownErrorCodes: ['19006'],
    unsettled: ['path', 'body'],
  }),
  api({
    id: 'obligations',
    specNumber: 3,
    title: 'Taxpayer Obligations',
    kraPath: '/dtd/checker/v1/obligation',
    salamiKraPath: '/checker/v1/obligations',
    envelope: 'flat',
    successCodes: ['20000'],
    knownErrorCodes: ['20001'],
  }),
  api({ id: 'tccCheck', specNumber: 4, title: 'TCC Checker', kraPath: '/v1/kra-tcc/validate', envelope: 'flat', successCodes: ['83000'] }),
  api({
    id: 'invoiceCheck',
    specNumber: 5,
    title: 'Invoice Checker (eTIMS)',
    kraPath: '/checker/v1/invoice',
    envelope: 'camel',
    successCodes: ['40000'],
    knownErrorCodes: ['40001', '40005', '50000'],
  }),
  api({
    id: 'declaration',
    specNumber: 6,
    title: 'Customs Declaration Status',
    kraPath: '/checker/v1/simple/declaration',
    envelope: 'unknown',
    successCodes: [],
    unsettled: ['response envelope'],
  }),
  api({
    id: 'itExemption',
    specNumber: 7,
    title: 'Income Tax Exemption Checker',
    kraPath: '/checker/v1/itexemption',
    envelope: 'snake',
    successCodes: ['200'],
    knownErrorCodes: ['600', '900'],
  }),
  api({
    id: 'vatExemption',
    specNumber: 8,
    title: 'VAT Exemption Checker',
    kraPath: '/dtd/checker/v1/vatexemption',
    alternatePaths: ['/checker/v1/vatexemption'],
    salamiKraPath: '/checker/v1/vatexemption',
    envelope: 'snake',
    successCodes: ['83000'],
    knownErrorCodes: ['83002'],
    unsettled: ['path', 'body'],
  }),
  api({
    id: 'importCertByNumber',
    specNumber: 9,
    title: 'Import Certificate by Number',
    kraPath: '/cbc/checker/v1/importcertificate/num',
    salamiKraPath: '/checker/v1/importcert/bynumber',
    envelope: 'snake',
    successCodes: ['83000'],
    knownErrorCodes: ['83002'],
    unsettled: ['response block name'],
  }),
  api({
    id: 'importCertByPin',
    specNumber: 10,
    title: 'Import Certificate by PIN',
    kraPath: '/cbc/checker/v1/importcertificate/pin',
    salamiKraPath: '/checker/v1/importcert/bypin',
    envelope: 'snake',
    successCodes: ['83000'],
    knownErrorCodes: ['83002'],
    unsettled: ['response block name'],
  }),
  api({
    id: 'excisePin',
    specNumber: 11,
    title: 'Excise Licence by PIN',
    kraPath: '/checker/v1/ExciseLicenseByPin',
    salamiKraPath: '/checker/v1/exciselicense/bypin',
    envelope: 'flat',
    successCodes: ['80000'],
    knownErrorCodes: ['80002'],
    unsettled: ['response key spelling'],
  }),
  api({
    id: 'exciseNumber',
    specNumber: 12,
    title: 'Excise Licence by Number',
    kraPath: '/checker/v1/ExciseLicenseByNum',
    salamiKraPath: '/checker/v1/exciselicense/bynumber',
    envelope: 'flat',
    successCodes: ['80000'],
    knownErrorCodes: ['80002'],
    unsettled: ['response key spelling'],
  }),
  api({
    id: 'station',
    specNumber: 13,
    title: 'Know Your Station (Tax Service Office)',
    kraPath: '/dtd/checker/v1/station',
    salamiKraPath: '/checker/v1/station',
    envelope: 'response',
    successCodes: ['84000'],
    knownErrorCodes: ['84002'],
    unsettled: ['request wrapper', 'response envelope'],
  }),
  api({
    id: 'itWithholdingPrn',
    specNumber: 14,
    title: 'Income Tax Withholding PRN',
    kraPath: '/generate/v1/prn/whtit',
    envelope: 'camel',
    successCodes: ['70000'],
    knownErrorCodes: ['70001'],
    taxObligation: 'WHTIT',
    unsettled: ['detail fields'],
  }),
  api({
    id: 'rentalWithholdingPrn',
    specNumber: 15,
    title: 'Rental Income Withholding PRN',
    kraPath: '/generate/v1/prn/whtrental',
    envelope: 'camel',
    successCodes: ['70000'],
    knownErrorCodes: ['70001'],
    taxObligation: 'WHTRENT',
  }),
  api({
    id: 'vatWithholdingPrn',
    specNumber: 16,
    title: 'VAT Withholding PRN',
    kraPath: '/generate/v1/prn/whtvat',
    envelope: 'camel',
    successCodes: ['70000'],
    knownErrorCodes: ['70001'],
    taxObligation: 'WHTVAT',
  }),
  api({
    id: 'tccApplication',
    specNumber: 17,
    title: 'TCC Application',
    kraPath: '/dtd/application/v1/tcc',
    alternatePaths: ['/application/v1/tcc'],
    salamiKraPath: '/application/v1/tcc',
    requestWrapper: 'REQUEST.TAXPAYERDETAILS',
    envelope: 'response',
    successCodes: ['85000'],
    unsettled: ['path', 'request wrapper'],
  }),
  api({
    id: 'pinRegistration',
    specNumber: 18,
    title: 'Individual PIN Registration',
    kraPath: '/v1/generate/pin',
    requestWrapper: 'TAXPAYERDETAILS',
    envelope: 'response',
    successCodes: ['80000'],
    knownErrorCodes: ['80002'],
  }),
  api({
    id: 'totReturn',
    specNumber: 19,
    title: 'TOT Return Filing',
    kraPath: '/filing/v1/tot/paymentregistration',
    requestWrapper: 'TAXPAYERDETAILS',
    envelope: 'flat',
    successCodes: ['87000'],
    unsettled: ['response wrapper'],
  }),
  api({
    id: 'nilReturn',
    specNumber: 20,
    title: 'NIL Return Filing',
    kraPath: '/dtd/return/v1/nil',
    tokenPath: '/oauth/v1/generate',
    requestWrapper: 'TAXPAYERDETAILS',
    envelope: 'response',
    successCodes: ['82000'],
    knownErrorCodes: ['82001', '82002', '82004'],
    unsettled: ['number vs string fields', 'token path'],
  }),
  api({
    id: 'eslipCheck',
    specNumber: 21,
    title: 'E-slip Checker',
    kraPath: '/payment/checker/v1/eslip',
    tokenPath: '/oauth/v1/generate',
    envelope: 'unknown',
    successCodes: [],
    unsettled: ['response envelope', 'token path'],
  }),
  api({
    id: 'prnSearch',
    specNumber: 22,
    title: 'Search PRN from iTax',
    kraPath: '/dtd/checker/v1/prn',
    envelope: 'unknown',
    successCodes: [],
    unsettled: ['response envelope'],
  }),
];

/** The 22 portal APIs, in spec order. */
export const PORTAL_APIS: readonly PortalApiDefinition[] = CATALOGUE;

/** The same catalogue keyed by id. */
export const PORTAL_APIS_BY_ID: Readonly<Record<PortalApiId, PortalApiDefinition>> = Object.fromEntries(CATALOGUE.map((row) => [row.id, row])) as Record<
  PortalApiId,
  PortalApiDefinition
>;

/** Type guard for ids coming from configuration or URLs. */
export function isPortalApiId(value: string): value is PortalApiId {
  return Object.prototype.hasOwnProperty.call(PORTAL_APIS_BY_ID, value);
}

/** Per-app overrides of what the spec leaves unsettled (from the app's settings). */
export interface PortalApiOverride {
  path?: string;
  tokenPath?: string;
  wrapper?: PortalRequestWrapper;
  /**
   * Result codes that also mean success, for APIs whose answers the spec leaves unknown (customs
   * declaration, e-slip, PRN search): added to the API's own, never replacing them.
   */
  successCodes?: readonly string[];
}

/** Overrides for several APIs at once, as an app's settings hold them. */
export type PortalApiOverrides = Partial<Record<PortalApiId, PortalApiOverride>>;

/** A catalogue row with overrides applied: what a call actually uses. */
export interface ResolvedPortalApi extends PortalApiDefinition {
  /** Path to call (override or KRA default). */
  path: string;
  /** Token path to use (override or the API's default). */
  effectiveTokenPath: string;
  /** Request wrapper to apply (override or the API's default). */
  wrapper: PortalRequestWrapper;
}

/**
 * Returns the API's definition with the app's overrides applied. Throws on an unknown id, and a
 * `config` KraCallError on a path that is not a KRA API path of its family (see paths.ts), so a
 * configuration mistake fails loudly at the call site instead of reaching another URL.
 */
export function resolvePortalApi(id: PortalApiId, overrides?: PortalApiOverride): ResolvedPortalApi {
  // Every portal call resolves its API (twice: to log the path, and to send). A cached app's settings
  // are one frozen object from call to call, so the answer is kept per such object; overrides that
  // could still change (not frozen) are resolved every time.
  const memo = overrides ? resolvedByOverrides.get(overrides) : resolvedPlain;
  const known = memo?.get(id);
  if (known) return known;
  const resolved = Object.freeze(resolveUncached(id, overrides));
  if (overrides && typeof overrides === 'object' && Object.isFrozen(overrides)) {
    let perApi = resolvedByOverrides.get(overrides);
    if (!perApi) resolvedByOverrides.set(overrides, (perApi = new Map()));
    perApi.set(id, resolved);
  } else if (!overrides) resolvedPlain.set(id, resolved);
  return resolved;
}

const resolvedPlain = new Map<PortalApiId, ResolvedPortalApi>();
const resolvedByOverrides = new WeakMap<object, Map<PortalApiId, ResolvedPortalApi>>();

function resolveUncached(id: PortalApiId, overrides?: PortalApiOverride): ResolvedPortalApi {
  const definition = PORTAL_APIS_BY_ID[id];
  if (!definition) throw new Error(`Unknown KRA portal API id: ${String(id)}`);
  const path = assertKraPath(overrides?.path?.trim() || definition.kraPath, 'portal', `paths.${id}.path`);
  const tokenPath = assertKraPath(overrides?.tokenPath?.trim() || definition.tokenPath, 'token', `paths.${id}.tokenPath`);
  const wrapper = overrides?.wrapper ?? definition.requestWrapper;
  if (!PORTAL_REQUEST_WRAPPERS.includes(wrapper)) {
    throw new Error(`Invalid wrapper override for KRA portal API ${id}: ${String(wrapper)}`);
  }
  const extra = overrides?.successCodes ?? [];
  if (!Array.isArray(extra) || extra.some((c) => typeof c !== 'string' || c.trim() === '')) {
    throw new Error(`Invalid successCodes override for KRA portal API ${id}: must be a list of codes`);
  }
  const successCodes = [...new Set([...definition.successCodes, ...extra.map((c) => c.trim())])];
  return { ...definition, path, effectiveTokenPath: tokenPath, wrapper, successCodes };
}
