/**
 * The HTTP layer: one `fetch` per attempt with a timeout, retries of what is safe to retry (429, 502,
 * 503, 504 and no answer at all) with jittered exponential backoff that honours `Retry-After`, and an
 * `Idempotency-Key` made once per write and sent on each of its attempts, so a retried write runs
 * once on the gateway.
 */
import { errorFromResponse, UshuruConnectionError, UshuruError, UshuruTimeoutError } from './errors.js';

export interface ClientOptions {
  /** The gateway, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** An Ushuru API token (`ush_…`). */
  token: string;
  /** The eTIMS app (branch) of eTIMS calls that name none (`X-KRA-App-Id`); optional when the tenant has one. */
  appId?: number | string;
  /** The developer.go.ke app of portal calls that name none; optional when the tenant has one. */
  portalAppId?: number | string;
  /** Time allowed for one attempt, in ms (default 60 000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Backoff: the first delay and the cap, in ms (defaults 500 and 8 000). */
  retryDelayMs?: { base?: number; max?: number };
  /** A `fetch` of your own (a proxy agent, instrumentation); default the global one. */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  /** The KRA app of this call, overriding the client's. */
  appId?: number | string | undefined;
  /** Which of the client's apps the call uses when it names none (set by the SDK's namespaces). */
  appKind?: 'etims' | 'portal' | undefined;
  /** Your own key for a write; default one made per call. */
  idempotencyKey?: string | undefined;
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /** How to read a success: JSON (default), text, or bytes. */
  responseType?: 'json' | 'text' | 'bytes';
}

export interface RawResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 60_000;

/** `Retry-After` as seconds, from either of its forms (seconds, or an HTTP date). */
function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });

/** A random key: crypto.randomUUID where the runtime has it (Node 20, browsers, edge). */
function newIdempotencyKey(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return `sdk_${c.randomUUID()}`;
  return `sdk_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

export class Transport {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    if (!options.baseUrl) throw new TypeError('Ushuru: baseUrl is required (e.g. http://127.0.0.1:8080)');
    if (!options.token) throw new TypeError('Ushuru: token is required (an API token, ush_…)');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const f = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (!f) throw new TypeError('Ushuru: no fetch in this runtime; pass options.fetch');
    this.fetchImpl = f;
  }

  /** The absolute URL of a path with its query (undefined and null values left out). */
  url(path: string, query?: Record<string, unknown>): string {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<RawResponse<T>> {
    const maxRetries = opts.maxRetries ?? this.options.maxRetries ?? 2;
    const write = method !== 'GET' && method !== 'HEAD';
    const headers: Record<string, string> = {
      accept: opts.responseType === 'json' || opts.responseType === undefined ? 'application/json' : '*/*',
      authorization: `Bearer ${this.options.token}`,
      ...opts.headers,
    };
    const appId = opts.appId ?? (opts.appKind === 'etims' ? this.options.appId : opts.appKind === 'portal' ? this.options.portalAppId : undefined);
    if (appId !== undefined) headers['x-kra-app-id'] = String(appId);
    // One key for every attempt of this write: the gateway runs it once and replays its answer.
    if (write) headers['idempotency-key'] = opts.idempotencyKey ?? newIdempotencyKey();
    let payload: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(opts.body);
    }
    const url = this.url(path, opts.query);
    for (let attempt = 0; ; attempt++) {
      let error: UshuruError;
      try {
        const res = await this.attempt(method, url, headers, payload, opts);
        if (res.ok) return { status: res.status, headers: res.headers, body: (await this.read(res, opts.responseType)) as T };
        const body = await res.json().catch(() => undefined);
        error = errorFromResponse(res.status, body, res.headers.get('x-request-id') ?? undefined, retryAfterSeconds(res.headers.get('retry-after')));
        // A write still running under this key on the gateway (409 with Retry-After) finishes soon: ask again.
        const inFlight = res.status === 409 && write && error.retryAfter !== undefined && error.code === 'conflict';
        if (!(RETRYABLE_STATUSES.has(res.status) || inFlight) || attempt >= maxRetries) throw error;
      } catch (err) {
        if (err instanceof UshuruError && !(err instanceof UshuruConnectionError)) {
          if (err.status !== 0 || attempt >= maxRetries) throw err;
        }
        if (opts.signal?.aborted) throw err;
        error =
          err instanceof UshuruError
            ? err
            : new UshuruConnectionError(`Could not reach ${this.baseUrl}: ${String((err as Error).message ?? err)}`, { status: 0, code: 'connection_error' });
        if (attempt >= maxRetries) throw error;
      }
      await sleep(this.delay(attempt, error.retryAfter), opts.signal);
    }
  }

  private async attempt(method: string, url: string, headers: Record<string, string>, payload: string | undefined, opts: RequestOptions): Promise<Response> {
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? 60_000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new UshuruTimeoutError(`No answer within ${timeoutMs} ms`, { status: 0, code: 'timeout' })), timeoutMs);
    const onAbort = () => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.fetchImpl(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}), signal: controller.signal, redirect: 'manual' });
    } catch (err) {
      if (controller.signal.reason instanceof UshuruTimeoutError) throw controller.signal.reason;
      if (opts.signal?.aborted) throw err;
      throw new UshuruConnectionError(`Could not reach ${new URL(url).origin}: ${String((err as Error).message ?? err)}`, {
        status: 0,
        code: 'connection_error',
      });
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async read(res: Response, type: RequestOptions['responseType']): Promise<unknown> {
    if (type === 'text') return res.text();
    if (type === 'bytes') return new Uint8Array(await res.arrayBuffer());
    return res.json();
  }

  /** Exponential backoff with full jitter, or the gateway's Retry-After when it said more. */
  private delay(attempt: number, retryAfter: number | undefined): number {
    const base = this.options.retryDelayMs?.base ?? 500;
    const max = this.options.retryDelayMs?.max ?? 8_000;
    const backoff = Math.min(max, base * 2 ** attempt);
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    return retryAfter === undefined ? jittered : Math.min(MAX_RETRY_AFTER_MS, Math.max(jittered, retryAfter * 1000));
  }
}
