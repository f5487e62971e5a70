/**
 * The one place that talks HTTP to KRA: a keep-alive connection pool and `requestJson()`, which
 * turns every low-level failure into a {@link KraCallError} with a kind the gateway can act on.
 */
import { Agent, type Dispatcher } from 'undici';
import { KraCallError, redactParsed, secretForms, type KraResponseSummary } from './errors.js';
import { exchange, type LazyHeaders, type RawAnswer } from './exchange.js';

/** Default deadline of one KRA call. Odoo allows eTIMS 120 s; callers pass more for huge lists. */
export const DEFAULT_KRA_TIMEOUT_MS = 30_000;

/** Options of {@link createKraAgent}. */
export interface KraAgentOptions {
  /** TCP + TLS connect deadline. */
  connectTimeoutMs?: number;
  /** How long an idle keep-alive socket stays open. */
  keepAliveTimeoutMs?: number;
  /** Upper bound on keep-alive hints from the server. */
  keepAliveMaxTimeoutMs?: number;
  /** Maximum sockets per origin. */
  connectionsPerOrigin?: number;
}

/**
 * Creates a keep-alive connection pool for KRA hosts. Per-call deadlines are enforced by
 * `requestJson`, so the agent's own header/body timeouts are switched off: a long item-class
 * download must not be cut by a pool-wide default.
 */
export function createKraAgent(options: KraAgentOptions = {}): Agent {
  return new Agent({
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: options.keepAliveMaxTimeoutMs ?? 600_000,
    connections: options.connectionsPerOrigin ?? 64,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}

let sharedAgent: Agent | undefined;

/** The process-wide KRA connection pool, created on first use. */
export function getSharedKraAgent(): Agent {
  sharedAgent ??= createKraAgent();
  return sharedAgent;
}

/** Closes the process-wide pool (graceful shutdown, test teardown). A later call creates a new one. */
export async function closeSharedKraAgent(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  if (agent) await agent.close();
}

/**
 * Headers nobody may add to a KRA call through configuration: HTTP's own framing and routing
 * headers, the credentials we send, and the OSCU business headers (the device identity is the
 * app's). `extraHeaders` naming one of them are dropped; the gateway refuses them when written.
 */
const RESERVED_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'te',
  'trailer',
  'host',
  'expect',
  'upgrade',
  'connection',
  'keep-alive',
  'proxy-connection',
  'cookie',
  'tin',
  'bhfid',
  'cmckey',
  'x-sim-control-token',
]);

/** True for a header name that configuration may not set (case-insensitive). */
export function isReservedKraHeader(name: string): boolean {
  return RESERVED_HEADERS.has(name.toLowerCase());
}

/** `headers` without the reserved ones. */
export function withoutReservedHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !isReservedKraHeader(name)));
}

/** One HTTP request to KRA. */
export interface KraHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON when present. */
  json?: unknown;
  /** Whole-call deadline (connect + headers + body). Default {@link DEFAULT_KRA_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Connection pool; default the shared one. */
  dispatcher?: Dispatcher;
  /**
   * Credentials to scrub from KRA's answer (e.g. the consumer key and secret), besides those this
   * function finds in the request's own Authorization and cmcKey headers. A caller that passes the
   * same frozen list on every call (a client's own credentials) has the forms to scrub worked out
   * once per list and header values, not on every call; a list that is not frozen is read every time.
   */
  redact?: ReadonlyArray<string | undefined>;
}

/** A header that carries a credential, by its lower-case name. */
type SecretHeader = { name: 'authorization' | 'cmckey'; value: string };

/** The values of the headers that carry credentials (Authorization, cmcKey), in header order. */
function secretHeaderValues(headers: Record<string, string>): SecretHeader[] {
  const out: SecretHeader[] = [];
  for (const name in headers) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'cmckey') out.push({ name: lower, value: headers[name]! });
  }
  return out;
}

/**
 * Secrets carried by the request's headers: the Authorization value and its token part (and, for
 * Basic, the decoded key:secret), and the cmcKey, after `more`. KRA may echo any of them in an error text.
 */
function headerSecrets(carried: readonly SecretHeader[], more: ReadonlyArray<string | undefined> = []): Array<string | undefined> {
  const out: Array<string | undefined> = [...more];
  for (const { name, value } of carried) {
    out.push(value);
    if (name !== 'authorization') continue;
    const [, scheme, token] = AUTHORIZATION_RE.exec(value) ?? [];
    if (token) {
      out.push(token);
      if (scheme!.toLowerCase() === 'basic') {
        const decoded = Buffer.from(token, 'base64').toString('utf8');
        out.push(decoded, ...decoded.split(':'));
      }
    }
  }
  return out;
}

/**
 * The last forms worked out per frozen `redact` list, with the header values they were worked out
 * with. Keyed by the caller's list object (a client's), so an entry lives only as long as that
 * client: no process-wide table of secrets.
 */
const formsByRedactList = new WeakMap<ReadonlyArray<string | undefined>, { carried: readonly SecretHeader[]; forms: readonly string[] }>();

/** The same secret headers, in the same order. */
function sameHeaders(a: readonly SecretHeader[], b: readonly SecretHeader[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.name !== b[i]!.name || a[i]!.value !== b[i]!.value) return false;
  return true;
}

/** Every form of every secret the request carries or the caller named, to scrub from the answer. */
function formsToScrub(headers: Record<string, string>, redact: ReadonlyArray<string | undefined> | undefined): readonly string[] {
  const carried = secretHeaderValues(headers);
  // Only a frozen list can be remembered: one its caller may still change must be read every call.
  if (!redact || !Object.isFrozen(redact)) return secretForms(headerSecrets(carried, redact));
  const known = formsByRedactList.get(redact);
  if (known && sameHeaders(known.carried, carried)) return known.forms;
  const forms = secretForms(headerSecrets(carried, redact));
  formsByRedactList.set(redact, { carried, forms });
  return forms;
}

/** `<scheme> <credentials>` of an Authorization header. */
const AUTHORIZATION_RE = /^(\S+)\s+(\S+)/;

/** KRA's answer: `body` is parsed JSON when it parses, else the text (`''` when empty). */
export interface KraHttpResponse {
  status: number;
  body: unknown;
  /** Names lower-cased, repeats joined with ", ". A getter on {@link requestJson}'s answers: a spread copy does not carry it. */
  headers: Record<string, string>;
}

/**
 * {@link KraHttpResponse} of {@link requestJson}: KRA's headers are decoded only if read. It keeps
 * the headers, not the raw answer, whose unscrubbed text must not outlive the call.
 */
class ScrubbedAnswer implements KraHttpResponse {
  readonly #headers: LazyHeaders;

  constructor(
    readonly status: number,
    readonly body: unknown,
    headers: LazyHeaders,
  ) {
    this.#headers = headers;
  }

  get headers(): Record<string, string> {
    return this.#headers.record;
  }
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The abort reason of a passed deadline; one object, compared by identity (an Error per call cost a stack trace each). */
const DEADLINE_PASSED = new Error('kra-deadline');

/**
 * Sends one request and returns KRA's answer for any HTTP status below 500, because KRA states
 * most business errors in the body (often with HTTP 200) and the caller judges them.
 *
 * Throws {@link KraCallError}:
 * - `timeout` when the deadline passes (the request may have reached KRA);
 * - `unavailable` when the host cannot be reached, the connection drops, or KRA answers 5xx.
 *
 * Error messages name the method and KRA path (never the host, never headers, so never credentials), and KRA's answer
 * is scrubbed of the credentials the request carried, whatever its status.
 */
export async function requestJson(req: KraHttpRequest): Promise<KraHttpResponse> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_KRA_TIMEOUT_MS;
  // Named only in error messages: built when one is thrown (parsing the URL on every call cost ~0.7 %).
  const where = () => `${req.method} ${describeUrl(req.url)}`;
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let payload: string | undefined;
  if (req.json !== undefined) {
    payload = JSON.stringify(req.json);
    headers['content-type'] = 'application/json';
  }
  let answer: RawAnswer;
  try {
    answer = await exchange({
      dispatcher: req.dispatcher ?? getSharedKraAgent(),
      method: req.method,
      url: req.url,
      headers,
      body: payload,
      timeoutMs,
      deadlineReason: DEADLINE_PASSED,
    });
  } catch (err) {
    if (err === DEADLINE_PASSED) throw new KraCallError('timeout', `KRA did not answer ${where()} within ${timeoutMs} ms`, { cause: err });
    throw classifyTransportError(err, where());
  }
  // Scrubbed before anyone sees it: an answer that echoes our credentials must not carry them on.
  const response = new ScrubbedAnswer(answer.status, redactParsed(answer.text, parseBody(answer.text), formsToScrub(headers, req.redact)), answer.headers);
  if (response.status >= 500) {
    throw new KraCallError('unavailable', `KRA answered HTTP ${response.status} to ${where()}`, {
      httpStatus: response.status,
      raw: response.body,
      ...summaryOption(response.body),
    });
  }
  return response;
}

/** Maps a low-level network error to a {@link KraCallError}. Exported for transports with their own I/O. */
export function classifyTransportError(err: unknown, where: string): KraCallError {
  const code = errorCode(err);
  if (code && TIMEOUT_CODES.has(code)) {
    return new KraCallError('timeout', `KRA did not answer ${where} in time (${code})`, { cause: err });
  }
  const reason = code && UNAVAILABLE_CODES.has(code) ? code : (code ?? 'network error');
  return new KraCallError('unavailable', `KRA host unreachable for ${where} (${reason})`, { cause: err });
}

/** Finds a Node/undici error code on the error or along its `cause` chain. */
function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Parsed JSON; else `''` for a blank answer, else the text. (Blankness is checked only when parsing fails: trimming every answer copied it.) */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.trim() === '' ? '' : text;
  }
}

/**
 * The path only: messages reach API callers, who need to know which KRA API failed but not the
 * internal address of the host (a private simulator, a proxy), and a query could carry secrets.
 */
function describeUrl(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return 'an invalid URL';
  }
}

/** Extracts `{errorCode, errorMessage}` from any of KRA's error shapes, if the body has one. */
export function summarizeKraError(body: unknown): KraResponseSummary | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const code = b.ErrorCode ?? b.errorCode;
  const message = b.ErrorMessage ?? b.errorMessage;
  if (code === undefined && message === undefined) return undefined;
  return {
    errorCode: code === undefined || code === null ? null : String(code).trim(),
    errorMessage: message === undefined || message === null ? null : String(message).trim(),
  };
}

function summaryOption(body: unknown): { kraResponse?: KraResponseSummary } {
  const summary = summarizeKraError(body);
  return summary ? { kraResponse: summary } : {};
}
