/**
 * @ushuru/kra — the KRA client library: HTTP transport with typed errors, the developer.go.ke
 * portal catalogue/normalizer/client, KRA OAuth token caching, and eTIMS OSCU transports and client.
 * No database, no server. Start with {@link createPortalClient} and {@link createOscuClient}.
 */

/** Typed KRA call failures: `KraCallError` (kind `unavailable|timeout|auth_failed|rejected|protocol`), its guard and secret redaction. */
export { KraCallError, isKraCallError, redactSecrets } from './errors.js';
/** Kinds and payloads carried by {@link KraCallError}. */
export type { KraErrorKind, KraResponseSummary, KraCallErrorOptions } from './errors.js';

/** Keep-alive pool factory, the shared pool, and `requestJson()` (the only HTTP call site). */
export {
  createKraAgent,
  getSharedKraAgent,
  closeSharedKraAgent,
  requestJson,
  classifyTransportError,
  summarizeKraError,
  isReservedKraHeader,
  withoutReservedHeaders,
  DEFAULT_KRA_TIMEOUT_MS,
} from './http.js';
/** Request/response shapes of `requestJson()` and pool options. */
export type { KraAgentOptions, KraHttpRequest, KraHttpResponse } from './http.js';

/** URL joining that refuses to leave KRA's API (KRA prints `//` in paths; overrides are tenants' input). */
export { joinKraUrl, originOf } from './url.js';
/** The rules every KRA path must meet, per family (portal API, OAuth token, OSCU operation). */
export { kraPathProblem, assertKraPath } from './paths.js';
export type { KraPathFamily } from './paths.js';

/** Default KRA hosts per environment and helpers that honour configured overrides. */
export { PORTAL_DEFAULT_HOSTS, OSCU_DEFAULT_HOSTS, resolveOscuBaseUrl, resolvePortalBaseUrl } from './hosts.js';
/** `sandbox | production`. */
export type { KraEnvironment } from './hosts.js';

/** The 22-API portal catalogue and its override resolution. */
export { PORTAL_APIS, PORTAL_APIS_BY_ID, PORTAL_REQUEST_WRAPPERS, isPortalApiId, resolvePortalApi } from './portal/apis.js';
/** Types of the portal catalogue. */
export type {
  PortalApiId,
  PortalApiDefinition,
  PortalApiOverride,
  PortalApiOverrides,
  ResolvedPortalApi,
  PortalTokenPath,
  PortalRequestWrapper,
  PortalEnvelopeStyle,
} from './portal/apis.js';

/** The portal response normalizer (docs/kra/etims-oscu.md §4 success rule) and deep trimming. */
export { normalizePortalResponse, trimDeep } from './portal/normalize.js';
/** Normalized portal response types. */
export type { NormalizedPortalResponse, NormalizeOptions, DetectedEnvelope } from './portal/normalize.js';

/** Request-body wrapping (`TAXPAYERDETAILS`, `REQUEST.TAXPAYERDETAILS`, …) and PRN `taxObligation` defaulting. */
export { wrapPortalBody, unwrapPortalBody, preparePortalRequestBody } from './portal/wrap.js';

/** The portal client (one app's credentials). */
export { createPortalClient } from './portal/client.js';
/** Portal client types. */
export type { PortalClient, PortalClientOptions, PortalCallResult, PortalCallOptions, PortalCredentials } from './portal/client.js';

/** KRA OAuth token request (GET + Basic, `expires_in` as a string). */
export { requestAccessToken, parseExpiresIn, maskKey, DEFAULT_TOKEN_PATH } from './oauth/token-request.js';
/** Token request types. */
export type { TokenRequestParams, KraAccessToken } from './oauth/token-request.js';

/** Single-flight token cache with refresh margin and optional cross-process store. */
export { createTokenCache, tokenCacheKey } from './oauth/token-cache.js';
/** Token cache types. */
export type { TokenCache, TokenCacheOptions, GetTokenOptions } from './oauth/token-cache.js';

/** In-memory shared token store (tests, single process). */
export { createMemoryTokenStore } from './oauth/shared-store.js';
/** The cross-process store interface the gateway implements with Redis. */
export type { SharedTokenStore } from './oauth/shared-store.js';

/** The 21-operation OSCU table and path resolution. */
export { OSCU_OPERATIONS, OSCU_OPERATIONS_BY_NAME, isOscuOperationName, isRetryableOperation, resolveOscuPath } from './oscu/operations.js';
/** OSCU operation table types. */
export type { OscuOperationName, OscuOperationKind, OscuOperationDefinition, OscuPathOverrides } from './oscu/operations.js';

/** The request fields of the 21 OSCU operations (types, lengths, required flags, code lists), and wire types derived from them. */
export { OSCU_REQUEST_FIELDS, OSCU_TAX_BANDS, OSCU_TAX_HEADER_FIELDS } from './oscu/fields.js';
/** Field table types. */
export type { OscuField, OscuFieldType, OscuRequestFieldTable, OscuRecordOf, OscuRequestOf } from './oscu/fields.js';
/** The code lists OSCU request fields take values from (receipt, registration, payment, stock IO, … types). */
export {
  YES_NO,
  SALES_RECEIPT_TYPES,
  PURCHASE_RECEIPT_TYPES,
  REGISTRATION_TYPES,
  TAX_TYPES,
  PAYMENT_TYPES,
  SALE_STATUSES,
  PURCHASE_STATUSES,
  TRANSACTION_TYPES,
  STOCK_IN_TYPES,
  STOCK_OUT_TYPES,
  STOCK_IO_TYPES,
  CREDIT_NOTE_REASONS,
  ITEM_TYPES,
  IMPORT_ITEM_STATUSES,
  IMPORT_ITEM_DECISIONS,
  OSCU_CODE_CLASS_LISTS,
} from './oscu/code-lists.js';

/** OSCU result codes and their handling. */
export { OSCU_RESULT_CODES, classifyResult } from './oscu/result-codes.js';
/** OSCU result code types. */
export type { OscuResultCategory, OscuResultCodeInfo, OscuResultClassification } from './oscu/result-codes.js';

/** The transport interface both OSCU hosts implement. */
export type { OscuTransport, OscuTransportResponse, OscuBusinessHeaders, OscuSendOptions } from './oscu/transport.js';
/** Host A (spec v2.0 `etims-api`, headers only). */
export { createLegacyOscuTransport } from './oscu/transport-legacy.js';
/** Host A options. */
export type { LegacyOscuTransportOptions } from './oscu/transport-legacy.js';
/** Host B (GavaConnect `etims-oscu/api/v1`, OAuth, wrapped envelope). */
export { createGavaConnectOscuTransport } from './oscu/transport-gavaconnect.js';
/** Host B options. */
export type { GavaConnectOscuTransportOptions } from './oscu/transport-gavaconnect.js';

/** The typed OSCU client with the read-only retry rule. */
export { createOscuClient } from './oscu/client.js';
/** OSCU client types. */
export type { OscuClient, OscuClientOptions, OscuResult, OscuRetryPolicy, OscuCallOptions, OscuOperationMethods } from './oscu/client.js';

/** OSCU wire types per operation. */
export type * from './oscu/types.js';

/** The eTIMS tax engine (pure, integer cents): sale and credit-note line amounts, the 15 band fields, rates from code list 04, money helpers. */
export * from './tax/index.js';
