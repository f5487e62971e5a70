/**
 * Calls KRA's portal APIs with one app's credentials: resolves the API from the catalogue (with
 * the app's overrides), wraps the body, attaches a cached OAuth token, retries once with a fresh
 * token on HTTP 401, and normalizes the answer. A definite KRA rejection comes back as `ok:false`
 * (the gateway answers 422); transport and credential failures throw `KraCallError`.
 */
import type { Dispatcher } from 'undici';
import { KraCallError } from '../errors.js';
import { requestJson, summarizeKraError, type KraHttpResponse } from '../http.js';
import { joinKraUrl } from '../url.js';
import type { TokenCache } from '../oauth/token-cache.js';
import type { TokenRequestParams } from '../oauth/token-request.js';
import { resolvePortalApi, type PortalApiId, type PortalApiOverrides, type ResolvedPortalApi } from './apis.js';
import { normalizePortalResponse, type NormalizedPortalResponse } from './normalize.js';
import { preparePortalRequestBody } from './wrap.js';

/** Consumer key and secret of a developer.go.ke app. */
export interface PortalCredentials {
  consumerKey: string;
  consumerSecret: string;
}

/** Options of {@link createPortalClient}. */
export interface PortalClientOptions {
  /** KRA portal host, e.g. `PORTAL_DEFAULT_HOSTS.sandbox`, or the simulator's URL. */
  baseUrl: string;
  /** Environment name; keeps token caches of different environments apart. */
  environment: string;
  credentials: PortalCredentials;
  tokenCache: TokenCache;
  /** Per-call deadline in ms. Default 30 000. */
  timeoutMs?: number;
  /** Per-API path / token path / wrapper overrides from the app's settings. */
  overrides?: PortalApiOverrides;
  /** Connection pool; default the shared one. */
  dispatcher?: Dispatcher;
}

/** The result of one portal call. */
export interface PortalCallResult extends NormalizedPortalResponse {
  /** HTTP status of KRA's (last) answer; informational only — `ok` is judged by the body. */
  httpStatus: number;
  /** The KRA path that was called. */
  kraPath: string;
  /** Wall time of the call including a token fetch and the 401 retry, in ms. */
  latencyMs: number;
}

/** Options of one {@link PortalClient.call}. */
export interface PortalCallOptions {
  timeoutMs?: number;
}

/** A client bound to one app's credentials; see {@link createPortalClient}. */
export interface PortalClient {
  /** Calls a portal API with a flat or already-wrapped body. */
  call(apiId: PortalApiId, body: unknown, options?: PortalCallOptions): Promise<PortalCallResult>;
  /**
   * Requests a fresh token with the app's credentials (the "test app" button). Resolves with the
   * token's lifetime; throws `KraCallError` `auth_failed` when KRA refuses the credentials.
   */
  testCredentials(options?: { tokenPath?: string }): Promise<{ expiresInSeconds: number; tokenPath: string }>;
}

/** Creates a portal client for one app. */
export function createPortalClient(options: PortalClientOptions): PortalClient {
  const timeoutMs = options.timeoutMs ?? 30_000;

  // One frozen object per token path, so that the token cache finds its key without hashing again.
  const paramsByPath = new Map<string, TokenRequestParams>();
  function tokenParams(tokenPath: string): TokenRequestParams {
    let params = paramsByPath.get(tokenPath);
    if (!params) {
      params = Object.freeze({
        environment: options.environment,
        baseUrl: options.baseUrl,
        tokenPath,
        consumerKey: options.credentials.consumerKey,
        consumerSecret: options.credentials.consumerSecret,
        timeoutMs,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
      paramsByPath.set(tokenPath, params);
    }
    return params;
  }

  // One list for every call, so that requestJson works out the forms to scrub once (see its `redact`).
  const redact = Object.freeze([options.credentials.consumerKey, options.credentials.consumerSecret]);

  async function send(api: ResolvedPortalApi, wireBody: unknown, callTimeoutMs: number): Promise<KraHttpResponse> {
    const params = tokenParams(api.effectiveTokenPath);
    const url = joinKraUrl(options.baseUrl, api.path, `paths.${api.id}.path`);
    const post = (accessToken: string) =>
      requestJson({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${accessToken}` },
        redact,
        json: wireBody,
        timeoutMs: callTimeoutMs,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });

    const first = await options.tokenCache.getToken(params);
    const response = await post(first.accessToken);
    if (response.status !== 401) return response;

    // KRA rejected the token (expired early, revoked): one retry with a fresh one (docs/kra/portal.md §1, gc-odoo).
    options.tokenCache.invalidate(options.tokenCache.keyFor(params), first.accessToken);
    const fresh = await options.tokenCache.getToken(params);
    const retried = await post(fresh.accessToken);
    if (retried.status !== 401) return retried;
    const summary = summarizeKraError(retried.body);
    throw new KraCallError('auth_failed', `KRA rejected a freshly issued token for ${api.path} (HTTP 401)`, {
      httpStatus: 401,
      raw: retried.body,
      ...(summary ? { kraResponse: summary } : {}),
    });
  }

  return {
    async call(apiId, body, callOptions = {}) {
      const api = resolvePortalApi(apiId, options.overrides?.[apiId]);
      const started = performance.now();
      const response = await send(api, preparePortalRequestBody(api, body), callOptions.timeoutMs ?? timeoutMs);
      const latencyMs = Math.round(performance.now() - started);
      const judged = interpret(api, response);
      // Field by field, not `{ ...judged, httpStatus, … }`: on Node 20 a spread followed by more
      // fields makes a new hidden class on every call (docs/architecture.md, "Hidden classes").
      return {
        ok: judged.ok,
        code: judged.code,
        message: judged.message,
        data: judged.data,
        raw: judged.raw,
        envelope: judged.envelope,
        httpStatus: response.status,
        kraPath: api.path,
        latencyMs,
      };
    },

    async testCredentials(testOptions = {}) {
      const tokenPath = testOptions.tokenPath ?? '/v1/token/generate';
      const token = await options.tokenCache.getToken(tokenParams(tokenPath), { forceRefresh: true });
      return { expiresInSeconds: token.expiresInSeconds, tokenPath };
    },
  };
}

/**
 * Judges KRA's answer. A JSON object is normalized by the §4 rule; an HTTP error status whose body
 * carries no KRA code at all (an API-gateway fault, a 404 page) cannot be a success even though the
 * rule would say so, and a body that is not JSON is a protocol error (wrong path or host).
 */
function interpret(api: ResolvedPortalApi, response: KraHttpResponse): NormalizedPortalResponse {
  const body = response.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new KraCallError('protocol', `KRA answered ${api.path} with HTTP ${response.status} and a body that is not a JSON object`, {
      httpStatus: response.status,
      raw: body,
    });
  }
  const normalized = normalizePortalResponse(body, api);
  if (response.status >= 400 && normalized.ok && normalized.code === null) {
    return {
      ok: false,
      code: `HTTP_${response.status}`,
      message: normalized.message ?? faultString(body) ?? `KRA answered HTTP ${response.status}`,
      data: null,
      raw: normalized.raw,
      envelope: normalized.envelope,
    };
  }
  return normalized;
}

/** Apigee faults: `{"fault":{"faultstring":"…"}}`. */
function faultString(body: object): string | null {
  const fault = (body as { fault?: { faultstring?: unknown } }).fault;
  return typeof fault?.faultstring === 'string' ? fault.faultstring : null;
}
