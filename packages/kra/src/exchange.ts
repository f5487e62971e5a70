/**
 * One HTTP exchange on an undici dispatcher, collected whole: status, headers and body text.
 *
 * undici's `request()` wraps every answer in a Readable stream and takes its deadline as an
 * AbortSignal. For KRA's answers (a few hundred bytes of JSON read in one go) the stream, the signal
 * and their listeners were a fifth of the memory a gateway request allocated. Here a plain handler
 * collects the chunks and a timer aborts the exchange through undici's own `abort` callback.
 */
import type { Dispatcher } from 'undici';
import { BoundedMemo } from './memo.js';

/** undici's raw header list: `[name, value, name, value, …]`. */
type RawHeaders = Buffer[] | string[] | null;

/**
 * Response headers as a record (names lower-cased, repeats joined with ", "), decoded when first
 * read: no caller on a request's path reads KRA's headers, and decoding them on every call was ~1 %
 * of a KRA call's CPU.
 */
export class LazyHeaders {
  #raw: RawHeaders;
  #record: Record<string, string> | undefined;

  constructor(raw: RawHeaders) {
    this.#raw = raw;
  }

  get record(): Record<string, string> {
    if (this.#record === undefined) {
      this.#record = headerRecord(this.#raw);
      this.#raw = null;
    }
    return this.#record;
  }
}

/** What came back: the status, the headers and the body as text. */
export interface RawAnswer {
  status: number;
  headers: LazyHeaders;
  text: string;
}

/** One request to send. */
export interface Exchange {
  dispatcher: Dispatcher;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Whole-exchange deadline, from now: waiting for a connection, sending, and reading the answer. */
  timeoutMs: number;
  /** What the promise rejects with when the deadline passes (compared by identity by the caller). */
  deadlineReason: Error;
}

/** Origin and path of the URLs called, split once: the same few KRA URLs are called over and over. */
const splitUrls = new BoundedMemo<{ origin: string; path: string }>();

function split(url: string): { origin: string; path: string } {
  return splitUrls.get(url, () => {
    const parsed = new URL(url);
    return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
  });
}

/**
 * Sends the request and resolves with the whole answer, or rejects with undici's error, or with
 * `deadlineReason` once `timeoutMs` has passed (the exchange is then aborted: a request still
 * waiting for a connection is aborted as soon as it gets one, before anything is written).
 */
export function exchange(x: Exchange): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    const { origin, path } = split(x.url);
    let settled = false;
    let abort: ((reason: Error) => void) | undefined;
    let status = 0;
    let rawHeaders: RawHeaders = null;
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(x.deadlineReason);
      abort?.(x.deadlineReason);
    }, x.timeoutMs);
    const finish = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve({ status, headers: new LazyHeaders(rawHeaders), text: bodyText(chunks) });
    };
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortExchange) {
        if (settled) abortExchange(x.deadlineReason);
        else abort = abortExchange;
      },
      onHeaders(statusCode, headers) {
        status = statusCode;
        rawHeaders = headers;
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        finish(undefined);
      },
      onError(error) {
        finish(error);
      },
    };
    try {
      x.dispatcher.dispatch({ origin, path, method: x.method, headers: x.headers, body: x.body ?? null }, handler);
    } catch (error) {
      finish(error as Error);
    }
  });
}

function bodyText(chunks: Buffer[]): string {
  if (chunks.length === 0) return '';
  if (chunks.length === 1) return chunks[0]!.toString('utf8');
  return Buffer.concat(chunks).toString('utf8');
}

/** undici's raw header list (`[name, value, name, value, …]`) as a record. */
function headerRecord(raw: RawHeaders): Record<string, string> {
  // No prototype: a header named `__proto__` or `constructor` is just a header.
  const out = Object.create(null) as Record<string, string>;
  if (!raw) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('utf8');
    const before = out[name];
    out[name] = before === undefined ? value : `${before}, ${value}`;
  }
  return out;
}
