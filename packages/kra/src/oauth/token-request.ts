/**
 * KRA's OAuth client-credentials call (docs/kra/portal.md §1): HTTP GET
 * `{host}{tokenPath}?grant_type=client_credentials` with Basic auth, answering
 * `{"access_token":"…","expires_in":"3599"}` (a string) or `{"errorCode":"401","errorMessage":"…"}`.
 */
import type { Dispatcher } from 'undici';
import { KraCallError, redactSecrets } from '../errors.js';
import { requestJson, summarizeKraError } from '../http.js';
import { assertKraPath } from '../paths.js';
import { joinKraUrl } from '../url.js';

/** What a token request needs. The secret never leaves this module except in the Basic header. */
export interface TokenRequestParams {
  /** `sandbox`, `production`, `simulator`…: part of the cache key so environments never share tokens. */
  environment: string;
  /** Host that issues tokens, e.g. `https://sbx.kra.go.ke`. */
  baseUrl: string;
  /** `/v1/token/generate` (default) or `/oauth/v1/generate`. */
  tokenPath?: string;
  consumerKey: string;
  consumerSecret: string;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

/** An access token and when it stops being valid. */
export interface KraAccessToken {
  accessToken: string;
  /** Epoch milliseconds at which KRA said the token expires. */
  expiresAt: number;
  /** `expires_in` as KRA sent it, parsed to seconds. */
  expiresInSeconds: number;
}

/** Lifetime assumed when KRA omits or garbles `expires_in` (its docs say "e.g. 3600"). */
const FALLBACK_EXPIRES_IN_SECONDS = 3600;

/** Default token path (docs/kra/portal.md §1). */
export const DEFAULT_TOKEN_PATH = '/v1/token/generate';

/**
 * Requests a new token. Throws `KraCallError` `auth_failed` when KRA answers without a token
 * (wrong credentials, unsubscribed app, token service failing with HTTP 5xx), `unavailable`/`timeout`
 * when KRA cannot be reached or does not answer in time.
 * No message ever includes the secret or the Basic header, even if KRA echoes them.
 */
export async function requestAccessToken(params: TokenRequestParams, now: () => number = Date.now): Promise<KraAccessToken> {
  const tokenPath = assertKraPath(params.tokenPath ?? DEFAULT_TOKEN_PATH, 'token', 'token path');
  const url = new URL(joinKraUrl(params.baseUrl, tokenPath, 'token path'));
  url.searchParams.set('grant_type', 'client_credentials');
  const basic = Buffer.from(`${params.consumerKey}:${params.consumerSecret}`).toString('base64');
  const secrets = [params.consumerSecret, params.consumerKey, basic, `${params.consumerKey}:${params.consumerSecret}`];

  let response;
  try {
    response = await requestJson({
      method: 'GET',
      url: url.toString(),
      headers: { authorization: `Basic ${basic}` },
      redact: [params.consumerKey, params.consumerSecret],
      ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}),
      ...(params.dispatcher ? { dispatcher: params.dispatcher } : {}),
    });
  } catch (err) {
    if (err instanceof KraCallError) {
      // The token service answered but gave no token (HTTP 5xx): no token can be generated, which
      // callers report as a token failure. No answer at all (unreachable, timeout) keeps its kind,
      // so that monitoring can tell KRA being down from its token service failing.
      const kind = err.kind === 'unavailable' && err.httpStatus !== undefined ? 'auth_failed' : err.kind;
      throw new KraCallError(kind, `Token request failed: ${redactSecrets(err.message, secrets)}`, {
        ...(err.httpStatus !== undefined ? { httpStatus: err.httpStatus } : {}),
        ...(err.kraResponse ? { kraResponse: err.kraResponse } : {}),
        cause: err,
      });
    }
    throw err;
  }

  const body = response.body;
  const token = isRecord(body) && typeof body.access_token === 'string' ? body.access_token.trim() : '';
  if (response.status >= 200 && response.status < 300 && token !== '') {
    const expiresInSeconds = parseExpiresIn(isRecord(body) ? body.expires_in : undefined);
    return { accessToken: token, expiresInSeconds, expiresAt: now() + expiresInSeconds * 1000 };
  }

  const summary = summarizeKraError(body);
  const kraText = summary?.errorMessage ? `: ${redactSecrets(summary.errorMessage, secrets)}` : '';
  throw new KraCallError('auth_failed', `KRA refused the token request for consumer key ${maskKey(params.consumerKey)} (HTTP ${response.status})${kraText}`, {
    httpStatus: response.status,
    ...(summary
      ? {
          kraResponse: {
            errorCode: summary.errorCode,
            errorMessage: summary.errorMessage === null ? null : redactSecrets(summary.errorMessage, secrets),
          },
        }
      : {}),
    raw: typeof body === 'string' ? redactSecrets(body, secrets) : body,
  });
}

/** `expires_in` arrives as a string of seconds (`"3599"`); accept numbers too. */
export function parseExpiresIn(value: unknown): number {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : FALLBACK_EXPIRES_IN_SECONDS;
}

/** Shows enough of a consumer key to tell apps apart in logs: `abcd…wxyz`. */
export function maskKey(key: string): string {
  return key.length <= 8 ? '…' : `${key.slice(0, 4)}…${key.slice(-4)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
