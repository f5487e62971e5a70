import { afterEach, describe, expect, it } from 'vitest';
import { createTokenCache } from '../src/oauth/token-cache.js';
import { createMemoryTokenStore } from '../src/oauth/shared-store.js';
import { KraCallError } from '../src/errors.js';
import { startFakeKra, tokenReply, type FakeKra } from './helpers/fake-kra.js';

const SECRET = 'sup3r-s3cret-consumer-value';
const KEY = 'consumer-key-0001';

let fake: FakeKra | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function params(url: string) {
  return { environment: 'sandbox', baseUrl: url, tokenPath: '/v1/token/generate', consumerKey: KEY, consumerSecret: SECRET, timeoutMs: 2_000 };
}

describe('token cache', () => {
  it('requests with GET, Basic auth and grant_type, parses expires_in from a string, and caches', async () => {
    let n = 0;
    fake = await startFakeKra(() => tokenReply(`tok-${++n}`, '3599'));
    const cache = createTokenCache();
    const first = await cache.getToken(params(fake.url));
    const second = await cache.getToken(params(fake.url));
    expect(first).toMatchObject({ accessToken: 'tok-1', expiresInSeconds: 3599 });
    expect(second.accessToken).toBe('tok-1');
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req).toMatchObject({ method: 'GET', path: '/v1/token/generate', query: { grant_type: 'client_credentials' } });
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`);
  });

  it('refreshes 60 s before expiry (injected clock)', async () => {
    let n = 0;
    let clock = 1_000_000;
    fake = await startFakeKra(() => tokenReply(`tok-${++n}`, '3600'));
    const cache = createTokenCache({ now: () => clock });
    expect((await cache.getToken(params(fake.url))).accessToken).toBe('tok-1');
    clock += (3600 - 61) * 1000;
    expect((await cache.getToken(params(fake.url))).accessToken).toBe('tok-1');
    clock += 2_000; // now 59 s before expiry: inside the margin
    expect((await cache.getToken(params(fake.url))).accessToken).toBe('tok-2');
    expect(fake.requests).toHaveLength(2);
  });

  it('reuses a token shorter-lived than twice the margin until its half-life', async () => {
    let n = 0;
    let clock = 1_000_000;
    fake = await startFakeKra(() => tokenReply(`tok-${++n}`, '4'));
    const cache = createTokenCache({ now: () => clock });
    expect((await cache.getToken(params(fake.url))).accessToken).toBe('tok-1');
    clock += 1_900;
    expect((await cache.getToken(params(fake.url))).accessToken).toBe('tok-1');
    clock += 200; // past half of the 4 s lifetime
    expect((await cache.getToken(params(fake.url))).accessToken).toBe('tok-2');
    expect(fake.requests).toHaveLength(2);
  });

  it('sends exactly one token request for 100 concurrent callers', async () => {
    fake = await startFakeKra(() => ({ ...tokenReply('tok-shared'), delayMs: 50 }));
    const cache = createTokenCache();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => cache.getToken(params(fake!.url))));
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['tok-shared']));
    expect(fake.requests).toHaveLength(1);
  });

  it('shares one token request between two caches (two processes) through the shared store', async () => {
    fake = await startFakeKra(() => ({ ...tokenReply('tok-cross'), delayMs: 100 }));
    const store = createMemoryTokenStore();
    const a = createTokenCache({ store, lockPollMs: 10 });
    const b = createTokenCache({ store, lockPollMs: 10 });
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => a.getToken(params(fake!.url))),
      ...Array.from({ length: 10 }, () => b.getToken(params(fake!.url))),
    ]);
    expect(new Set(results.map((t) => t.accessToken))).toEqual(new Set(['tok-cross']));
    expect(fake.requests).toHaveLength(1);
    // A third process starting later reads the stored token without asking KRA.
    const c = createTokenCache({ store });
    expect((await c.getToken(params(fake.url))).accessToken).toBe('tok-cross');
    expect(fake.requests).toHaveLength(1);
  });

  it('keys the cache by environment, host and consumer key, never with the secret in clear', async () => {
    const cache = createTokenCache();
    const key = cache.keyFor(params('https://sbx.kra.go.ke'));
    expect(key).not.toContain(SECRET);
    expect(key).not.toContain(KEY);
    expect(key).not.toBe(cache.keyFor({ ...params('https://sbx.kra.go.ke'), environment: 'production' }));
    expect(key).not.toBe(cache.keyFor({ ...params('https://sbx.kra.go.ke'), consumerKey: 'other' }));
  });

  it('turns a refused token request into auth_failed without leaking the secret', async () => {
    fake = await startFakeKra(() => ({
      status: 401,
      body: { requestId: 'r1', errorCode: '401', errorMessage: `Client credentials are invalid for ${SECRET}` },
    }));
    const cache = createTokenCache();
    const err = (await cache.getToken(params(fake.url)).catch((e: unknown) => e)) as KraCallError;
    expect(err).toBeInstanceOf(KraCallError);
    expect(err.kind).toBe('auth_failed');
    expect(err.kraResponse?.errorCode).toBe('401');
    const basic = Buffer.from(`${KEY}:${SECRET}`).toString('base64');
    for (const text of [err.message, JSON.stringify(err.kraResponse)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(basic);
    }
    expect(err.message).toContain('Client credentials are invalid');
    // A failure is not cached: the next call asks again.
    await cache.getToken(params(fake.url)).catch(() => undefined);
    expect(fake.requests).toHaveLength(2);
  });

  it('invalidate() makes the next getToken fetch a new token, ignoring the rejected one in the shared store', async () => {
    let n = 0;
    fake = await startFakeKra(() => tokenReply(`tok-${++n}`));
    const store = createMemoryTokenStore();
    const cache = createTokenCache({ store });
    const first = await cache.getToken(params(fake.url));
    cache.invalidate(cache.keyFor(params(fake.url)), first.accessToken);
    expect((await cache.getToken(params(fake.url))).accessToken).toBe('tok-2');
    expect(fake.requests).toHaveLength(2);
  });
});

describe('how a failed token request is classified', () => {
  let kra: FakeKra | undefined;
  afterEach(async () => {
    await kra?.close();
    kra = undefined;
  });
  const params = (baseUrl: string) => ({ environment: 'sandbox', baseUrl, consumerKey: 'k-classify', consumerSecret: 's-classify', timeoutMs: 1_000 });

  it('a token service answering HTTP 5xx is a token failure (auth_failed), not KRA being down', async () => {
    kra = await startFakeKra(() => ({ status: 503, body: { fault: 'token backend down' } }));
    const err = await createTokenCache()
      .getToken(params(kra.url))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KraCallError);
    expect(err).toMatchObject({ kind: 'auth_failed', httpStatus: 503 });
  });

  it('a host that does not answer at all stays unavailable', async () => {
    const err = await createTokenCache()
      .getToken(params('http://127.0.0.1:9'))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unavailable' });
  });
});
