/** Shared helpers for the simulator's tests: a running simulator, tokens, JSON calls. */
import { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, startSimulator, type RunningSimulator, type StartSimulatorOptions } from '../src/index.js';

/** A parsed JSON answer. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Basic auth header for a key/secret pair. */
export function basicAuth(key = DEFAULT_CONSUMER_KEY, secret = DEFAULT_CONSUMER_SECRET): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

/** A harness around one running simulator. */
export interface SimHarness {
  sim: RunningSimulator;
  token(path?: string): Promise<string>;
  /** Drops the cached bearer token (after a reset or clock jump). */
  forgetToken(): void;
  get(path: string, headers?: Record<string, string>, signal?: AbortSignal): Promise<JsonAnswer>;
  post(path: string, body: unknown, opts?: { token?: string | null; raw?: string; signal?: AbortSignal }): Promise<JsonAnswer>;
}

/** Starts a simulator on a random port. Callers must `sim.stop()` in afterAll. */
export async function startHarness(opts: StartSimulatorOptions = {}): Promise<SimHarness> {
  const sim = await startSimulator({ port: 0, ...opts });
  let cachedToken: string | undefined;
  const harness: SimHarness = {
    sim,
    async token(path = '/v1/token/generate') {
      const answer = await harness.get(`${path}?grant_type=client_credentials`, { authorization: basicAuth() });
      if (answer.status !== 200) throw new Error(`token request failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.access_token as string;
    },
    forgetToken() {
      cachedToken = undefined;
    },
    async get(path, headers = {}, signal) {
      const res = await fetch(sim.url + path, { headers, signal });
      return { status: res.status, headers: res.headers, body: (await res.json()) as JsonAnswer['body'] };
    },
    async post(path, body, opts = {}) {
      let token = opts.token;
      if (token === undefined) token = cachedToken ??= await harness.token();
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const res = await fetch(sim.url + path, { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body), signal: opts.signal });
      return { status: res.status, headers: res.headers, body: (await res.json()) as JsonAnswer['body'] };
    },
  };
  return harness;
}
