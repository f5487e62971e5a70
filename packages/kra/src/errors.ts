/**
 * One error type for every way a call to KRA can fail before a business answer is available.
 *
 * A business rejection that KRA states in a well-formed body (a portal `ok:false`, an OSCU result
 * code other than 000/001) is NOT an error: it is returned as data, because the gateway answers it
 * with 422 and the documents pipeline decides what to do. `KraCallError` is for the rest, and its
 * `kind` tells the gateway which HTTP status to use (the status codes in the README's "API conventions").
 */

/**
 * Why a KRA call failed.
 * - `unavailable`: host unreachable, connection refused or reset, DNS failure, HTTP 5xx (gateway → 502).
 * - `timeout`: no complete answer within the call's deadline; a write may or may not have landed (→ 504).
 * - `auth_failed`: KRA refused the OAuth credentials or the bearer token (→ 503).
 * - `rejected`: KRA's API gateway refused the request outright, without a business result code (host-B HTTP 400).
 * - `protocol`: KRA answered something we cannot interpret (non-JSON, missing envelope, wrong path).
 * - `config`: nothing was sent, because the app's configuration would not make a KRA API call (a
 *   path override outside KRA's API); `setting` names it (→ 422).
 */
export type KraErrorKind = 'unavailable' | 'timeout' | 'auth_failed' | 'rejected' | 'protocol' | 'config';

/** The error code and text KRA put in its answer, when it put any. Safe to show to the caller. */
export interface KraResponseSummary {
  errorCode: string | null;
  errorMessage: string | null;
}

/** Options of {@link KraCallError}. */
export interface KraCallErrorOptions {
  kraResponse?: KraResponseSummary;
  /** KRA's answer, untouched (parsed JSON or text). Never contains our request headers. */
  raw?: unknown;
  httpStatus?: number;
  /** For `config` errors: the setting at fault, e.g. `settings.paths.pinById.path`. */
  setting?: string;
  /** The underlying low-level error, for diagnostics; never shown to API callers. */
  cause?: unknown;
}

/**
 * A failed call to KRA. `message` is written to be shown to API callers and logged: it never
 * contains a consumer secret, a Basic header, a bearer token or a cmcKey.
 */
export class KraCallError extends Error {
  readonly kind: KraErrorKind;
  readonly kraResponse?: KraResponseSummary;
  readonly raw?: unknown;
  readonly httpStatus?: number;
  readonly setting?: string;

  constructor(kind: KraErrorKind, message: string, options: KraCallErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KraCallError';
    this.kind = kind;
    if (options.kraResponse) this.kraResponse = options.kraResponse;
    if (options.raw !== undefined) this.raw = options.raw;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
    if (options.setting !== undefined) this.setting = options.setting;
  }
}

/** Type guard for {@link KraCallError}, optionally of one kind. */
export function isKraCallError(value: unknown, kind?: KraErrorKind): value is KraCallError {
  return value instanceof KraCallError && (kind === undefined || value.kind === kind);
}

/**
 * Replaces every occurrence of the given secrets (and their Base64 forms, which is how a Basic
 * header carries them) with `[redacted]`. Used on any text that came back from KRA before it goes
 * into an error message, in case KRA echoes what we sent.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  return redactForms(text, secretForms(secrets));
}

/** Each secret as sent and as a Basic header carries it (Base64), skipping ones too short to matter. */
export function secretForms(secrets: ReadonlyArray<string | undefined>): string[] {
  const forms: string[] = [];
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    forms.push(secret, Buffer.from(secret).toString('base64'));
  }
  return forms;
}

function redactForms(text: string, forms: readonly string[]): string {
  let out = text;
  // `includes` first: almost every string holds no secret, and a scan is cheaper than split/join.
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  return out;
}

/**
 * {@link redactSecrets}, with the secrets' `forms` already worked out by {@link secretForms}, applied to
 * every string (keys included) of `parsed`, the value parsed from
 * the JSON `text` (or `text` itself when it was not JSON); a copy, made only when it may hold a secret: a JSON text with no backslash
 * has no escapes, so every string parsed from it is a piece of the text, and a text holding no form
 * of any secret gives none. A text with escapes is always walked (`\u0041` may spell a secret).
 */
export function redactParsed<T>(text: string, parsed: T, forms: readonly string[]): T {
  if (forms.length === 0) return parsed;
  if (!text.includes('\\') && !forms.some((form) => text.includes(form))) return parsed;
  return redactWithForms(parsed, forms);
}

function redactWithForms<T>(value: T, forms: readonly string[]): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactForms(v, forms);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [redactForms(k, forms), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
