/**
 * Host B: KRA's GavaConnect "integrator" host (`https://sbx.kra.go.ke/etims-oscu/api/v1/`), behind
 * Apigee. Same business headers as host A plus an OAuth bearer token from the shared token cache;
 * host-B path names; answers wrapped as `{responseHeader, responseBody:{resultCd,…}}`
 * (docs/kra/etims-oscu.md §1). Gateway refusals come without a `responseBody`.
 */
import type { Dispatcher } from 'undici';
import { KraCallError, redactSecrets } from '../errors.js';
import { requestJson, withoutReservedHeaders, type KraHttpResponse } from '../http.js';
import type { TokenCache } from '../oauth/token-cache.js';
import { DEFAULT_TOKEN_PATH, type TokenRequestParams } from '../oauth/token-request.js';
import { joinKraUrl, originOf } from '../url.js';
import { resolveOscuPath, type OscuPathOverrides } from './operations.js';
import { businessHeaders, missingEnvelopeError, readResultEnvelope, withCallFacts, type OscuTransport } from './transport.js';

/** Options of {@link createGavaConnectOscuTransport}. */
export interface GavaConnectOscuTransportOptions {
  /** Host-B base including `/etims-oscu/api/v1/`, e.g. `OSCU_DEFAULT_HOSTS.gavaconnect.sandbox`. */
  baseUrl: string;
  /** Environment name, part of the token cache key. */
  environment: string;
  /** developer.go.ke app credentials for the eTIMS OSCU product. */
  credentials: { consumerKey: string; consumerSecret: string };
  tokenCache: TokenCache;
  /** Host that issues tokens. Default: the origin of `baseUrl`. */
  tokenBaseUrl?: string;
  /** Default `/v1/token/generate`. */
  tokenPath?: string;
  /** Default per-call deadline. Default 30 000 ms. */
  timeoutMs?: number;
  /** Path overrides per operation (host-B names are unverified). */
  paths?: OscuPathOverrides;
  /** Extra headers some deployments need, e.g. `apigee_app_id` ([U] in the spec). */
  extraHeaders?: Record<string, string>;
  dispatcher?: Dispatcher;
}

/** Creates a host-B transport. */
export function createGavaConnectOscuTransport(options: GavaConnectOscuTransportOptions): OscuTransport {
  // Frozen: the token cache then keeps its key instead of hashing the credentials on every call.
  const tokenParams: TokenRequestParams = Object.freeze({
    environment: options.environment,
    baseUrl: options.tokenBaseUrl ?? originOf(options.baseUrl),
    tokenPath: options.tokenPath ?? DEFAULT_TOKEN_PATH,
    consumerKey: options.credentials.consumerKey,
    consumerSecret: options.credentials.consumerSecret,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });

  // The app's own credentials are scrubbed from answers too; one list for every call (see requestJson's `redact`).
  const redact = Object.freeze([options.credentials.consumerKey, options.credentials.consumerSecret]);

  return {
    kind: 'gavaconnect',
    async send(operation, body, headers, sendOptions = {}) {
      const path = resolveOscuPath(operation, 'B', options.paths);
      const url = joinKraUrl(options.baseUrl, path, `oscu_paths.${operation}`);
      const timeoutMs = sendOptions.timeoutMs ?? options.timeoutMs ?? 30_000;
      const post = (accessToken: string) =>
        requestJson({
          method: 'POST',
          url,
          // Host B's /initialize takes the device from the body; integrators that reached it send none of
          // the business headers there (docs/kra/etims-oscu.md §1: "not sent on /initialize").
          headers: {
            ...withoutReservedHeaders(options.extraHeaders),
            ...(operation === 'selectInitOsdcInfo' ? {} : businessHeaders(operation, headers)),
            authorization: `Bearer ${accessToken}`,
          },
          json: body ?? {},
          timeoutMs,
          redact,
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });

      const started = performance.now();
      const first = await options.tokenCache.getToken(tokenParams);
      let response = await post(first.accessToken);
      if (response.status === 401) {
        // Apigee refused the token ("Unauthorised-Invalid Access Token"): one retry with a fresh one.
        options.tokenCache.invalidate(options.tokenCache.keyFor(tokenParams), first.accessToken);
        const fresh = await options.tokenCache.getToken(tokenParams);
        response = await post(fresh.accessToken);
      }
      const latencyMs = Math.round(performance.now() - started);
      return withCallFacts(unwrap(path, response, headers.cmcKey), response, path, latencyMs);
    },
  };
}

/** Host B's envelope → the common result, or the right error when there is no result. */
function unwrap(path: string, response: KraHttpResponse, cmcKey: string | undefined) {
  const body = response.body;
  const record = isRecord(body) ? body : undefined;
  const envelope = readResultEnvelope(record?.responseBody) ?? readResultEnvelope(body);
  if (envelope && response.status !== 401) return envelope;

  const { code, message } = gatewayMessage(record, response.status);
  const safeMessage = message === null ? null : redactSecrets(message, [cmcKey]);
  const kraResponse = { errorCode: code, errorMessage: safeMessage };
  const suffix = safeMessage ? `: ${safeMessage}` : '';
  if (response.status === 401) {
    throw new KraCallError('auth_failed', `KRA's eTIMS gateway rejected a freshly issued token for ${path}${suffix}`, {
      httpStatus: 401,
      kraResponse,
      raw: body,
    });
  }
  if (response.status >= 400 || (record && isRecord(record.responseHeader ?? record.header))) {
    throw new KraCallError('rejected', `KRA's eTIMS gateway refused ${path} (HTTP ${response.status})${suffix}`, {
      httpStatus: response.status,
      kraResponse,
      raw: body,
    });
  }
  throw missingEnvelopeError(path, response.status, body);
}

/** Code and text from `{responseHeader:{responseCode, customerMessage, debugMessage}}` or the flatter `{header:{…}}`. */
function gatewayMessage(body: Record<string, unknown> | undefined, httpStatus: number): { code: string; message: string | null } {
  const header = body && (isRecord(body.responseHeader) ? body.responseHeader : isRecord(body.header) ? body.header : body);
  const code = header?.responseCode ?? header?.statusCode ?? header?.code ?? httpStatus;
  const parts = [header?.customerMessage, header?.debugMessage, header?.message, header?.responseMessage]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim());
  return { code: String(code).trim(), message: parts.length > 0 ? [...new Set(parts)].join(' — ') : null };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
