/**
 * The OSCU client: one typed method per operation (named as in KRA's spec, like the SDK in the
 * seed: `await oscu.selectInitOsdcInfo({tin, bhfId, dvcSrlNo})` then `res.data?.info?.cmcKey`),
 * over either transport. Retry rule (docs/kra/etims-oscu.md §9.4): reads are retried with
 * jittered exponential backoff on transient result codes and on `unavailable`/`timeout`; init,
 * writes and fiscal writes are NEVER resent here — the documents pipeline reconciles instead.
 */
import { isKraCallError } from '../errors.js';
import { OSCU_OPERATIONS, isRetryableOperation, type OscuOperationName } from './operations.js';
import { classifyResult, type OscuResultCategory } from './result-codes.js';
import type { OscuBusinessHeaders, OscuTransport } from './transport.js';
import type { OscuOperationTypes } from './types.js';

/** Read-retry policy. */
export interface OscuRetryPolicy {
  /** Total attempts for a read, first one included. Default 3; 1 disables retries. */
  attempts?: number;
  /** First backoff delay; doubles per attempt. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap on one delay. Default 8 000 ms. */
  maxDelayMs?: number;
}

/** Options of {@link createOscuClient}. */
export interface OscuClientOptions {
  transport: OscuTransport;
  /** Taxpayer PIN (11 characters), sent as the `tin` header. */
  tin: string;
  /** Branch id (`00` = head office), sent as the `bhfId` header. */
  bhfId: string;
  /** Communication key from device init; required by every operation except `selectInitOsdcInfo`. */
  cmcKey?: string;
  retry?: OscuRetryPolicy;
  /** Default per-call deadline passed to the transport. */
  timeoutMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests; returns [0, 1). */
  random?: () => number;
}

/** Options of one call. */
export interface OscuCallOptions {
  timeoutMs?: number;
}

/** KRA's answer to one OSCU call. */
export interface OscuResult<TData = unknown> {
  resultCd: string;
  resultMsg: string;
  resultDt: string;
  /** KRA's `data` (null for saves and for `001`). */
  data: TData | null;
  /** `000` or `001` (or a success variant). */
  ok: boolean;
  /** `001`: nothing found / nothing new. */
  empty: boolean;
  category: OscuResultCategory;
  httpStatus: number;
  path: string;
  /** Wall time of the last attempt. */
  latencyMs: number;
  /** How many times the request was sent (1 for writes). */
  attempts: number;
  /** KRA's body, untouched. */
  raw: unknown;
}

/** One typed method per OSCU operation. */
export type OscuOperationMethods = {
  [K in OscuOperationName]: (body: OscuOperationTypes[K]['request'], options?: OscuCallOptions) => Promise<OscuResult<OscuOperationTypes[K]['data']>>;
};

/** The OSCU client; see {@link createOscuClient}. */
export interface OscuClient extends OscuOperationMethods {
  readonly tin: string;
  readonly bhfId: string;
  /** Calls any operation with a KRA-native body (for `POST /api/etims/oscu/{operation}`). */
  call(operation: OscuOperationName, body: unknown, options?: OscuCallOptions): Promise<OscuResult>;
  /** A client identical to this one but sending `cmcKey` (e.g. right after init). */
  withCmcKey(cmcKey: string): OscuClient;
}

/** Creates an OSCU client for one device (taxpayer PIN + branch). */
export function createOscuClient(options: OscuClientOptions): OscuClient {
  const attempts = Math.max(1, Math.floor(options.retry?.attempts ?? 3));
  const baseDelayMs = options.retry?.baseDelayMs ?? 500;
  const maxDelayMs = options.retry?.maxDelayMs ?? 8_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  /** Equal jitter: half the exponential delay fixed, half random, so retries of many readers spread out. */
  const backoff = (attempt: number) => {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  };

  function headersFor(operation: OscuOperationName, body: unknown): OscuBusinessHeaders {
    if (operation === 'selectInitOsdcInfo' && typeof body === 'object' && body !== null) {
      // Init identifies the device by the body's tin/bhfId; no cmcKey exists yet.
      const b = body as { tin?: unknown; bhfId?: unknown };
      return {
        tin: typeof b.tin === 'string' ? b.tin : options.tin,
        bhfId: typeof b.bhfId === 'string' ? b.bhfId : options.bhfId,
      };
    }
    return { tin: options.tin, bhfId: options.bhfId, ...(options.cmcKey ? { cmcKey: options.cmcKey } : {}) };
  }

  async function call(operation: OscuOperationName, body: unknown, callOptions: OscuCallOptions = {}): Promise<OscuResult> {
    const maxAttempts = isRetryableOperation(operation) ? attempts : 1;
    const headers = headersFor(operation, body);
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs;
    const sendOptions = timeoutMs === undefined ? {} : { timeoutMs };
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await options.transport.send(operation, body, headers, sendOptions);
      } catch (err) {
        const transient = isKraCallError(err, 'unavailable') || isKraCallError(err, 'timeout');
        if (!transient || attempt >= maxAttempts) throw err;
        await sleep(backoff(attempt));
        continue;
      }
      const classification = classifyResult(response.resultCd);
      if (classification.transient && attempt < maxAttempts) {
        await sleep(backoff(attempt));
        continue;
      }
      return {
        resultCd: response.resultCd,
        resultMsg: response.resultMsg,
        resultDt: response.resultDt,
        data: response.data ?? null,
        ok: classification.ok,
        empty: classification.empty,
        category: classification.category,
        httpStatus: response.httpStatus,
        path: response.path,
        latencyMs: response.latencyMs,
        attempts: attempt,
        raw: response.raw,
      };
    }
  }

  const methods = Object.fromEntries(
    OSCU_OPERATIONS.map((operation) => [operation.name, (body: unknown, callOptions?: OscuCallOptions) => call(operation.name, body, callOptions)]),
  ) as unknown as OscuOperationMethods;

  // Added to the method table, not spread into a new literal (docs/architecture.md, "Hidden classes").
  return Object.assign(methods, {
    tin: options.tin,
    bhfId: options.bhfId,
    call,
    withCmcKey: (cmcKey: string) => createOscuClient({ ...options, cmcKey }),
  });
}
