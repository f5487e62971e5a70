/**
 * KRA OAuth tokens, cached per (environment, host, token path, consumer key + secret) and refreshed
 * `refreshMarginSeconds` before they expire. However many callers ask at once, one key has at most
 * one token request in flight: in this process through a shared promise, across processes through
 * the optional {@link SharedTokenStore} lock (the other processes wait for the winner's token).
 */
import { createHash } from 'node:crypto';
import { requestAccessToken, type KraAccessToken, type TokenRequestParams, DEFAULT_TOKEN_PATH } from './token-request.js';
import type { SharedTokenStore } from './shared-store.js';

/** Options of {@link createTokenCache}. */
export interface TokenCacheOptions {
  /** Cross-process store and lock (Redis in the gateway). Without it, caching is per process. */
  store?: SharedTokenStore;
  /** Refresh this long before expiry. Default 60 (as Salami; gc-odoo uses 300). */
  refreshMarginSeconds?: number;
  /** Clock in epoch ms, injectable for tests. */
  now?: () => number;
  /** How long a cross-process refresh lock lives at most. Default 15 s. */
  lockTtlMs?: number;
  /** How long to wait for another process's token before requesting one anyway. Default 10 s. */
  lockWaitMs?: number;
  /** Poll interval while waiting for another process. Default 100 ms. */
  lockPollMs?: number;
  /** The token request itself; injectable for tests. Default {@link requestAccessToken}. */
  fetchToken?: (params: TokenRequestParams) => Promise<KraAccessToken>;
}

/** Options of one {@link TokenCache.getToken} call. */
export interface GetTokenOptions {
  /** Ignore any cached token and request a new one (credential test). Joins a request already in flight. */
  forceRefresh?: boolean;
}

/** A KRA token cache; see {@link createTokenCache}. */
export interface TokenCache {
  /** A valid token for these credentials, from cache or from KRA. Throws `KraCallError` (`auth_failed`, …). */
  getToken(params: TokenRequestParams, options?: GetTokenOptions): Promise<KraAccessToken>;
  /** The cache key of these credentials (the secret only as a hash). */
  keyFor(params: TokenRequestParams): string;
  /**
   * Drops the cached token of `key` after KRA rejected it (HTTP 401), so the next `getToken`
   * requests a new one; `rejectedToken` also stops this process re-reading that same token from
   * the shared store.
   */
  invalidate(key: string, rejectedToken?: string): void;
}

interface StoredToken {
  accessToken: string;
  expiresAt: number;
  expiresInSeconds: number;
}

/** Builds the cache key. Hashing keeps the secret out of Redis key names and memory dumps. */
export function tokenCacheKey(params: Pick<TokenRequestParams, 'environment' | 'baseUrl' | 'tokenPath' | 'consumerKey' | 'consumerSecret'>): string {
  const digest = createHash('sha256')
    .update(
      [params.environment, params.baseUrl.replace(/\/+$/, ''), params.tokenPath ?? DEFAULT_TOKEN_PATH, params.consumerKey, params.consumerSecret].join(
        '\u0000',
      ),
    )
    .digest('hex')
    .slice(0, 32);
  return `kra:token:${params.environment}:${digest}`;
}

/** Creates a token cache. One per process is enough; it holds any number of credential pairs. */
export function createTokenCache(options: TokenCacheOptions = {}): TokenCache {
  const now = options.now ?? Date.now;
  const marginMs = (options.refreshMarginSeconds ?? 60) * 1000;
  const lockTtlMs = options.lockTtlMs ?? 15_000;
  const lockWaitMs = options.lockWaitMs ?? 10_000;
  const lockPollMs = options.lockPollMs ?? 100;
  const fetchToken = options.fetchToken ?? ((params: TokenRequestParams) => requestAccessToken(params, now));
  const store = options.store;

  const tokens = new Map<string, StoredToken>();
  const inFlight = new Map<string, Promise<KraAccessToken>>();
  const rejected = new Map<string, string>();

  // A token living shorter than twice the margin would never count as fresh and every call would
  // fetch a new one: for those, refresh at half-life instead.
  const isFresh = (token: StoredToken | undefined): token is StoredToken => token !== undefined && token.expiresAt - marginFor(token) > now();
  const marginFor = (token: StoredToken): number => (token.expiresInSeconds > 0 ? Math.min(marginMs, (token.expiresInSeconds * 1000) / 2) : marginMs);

  async function readStore(key: string): Promise<StoredToken | undefined> {
    if (!store) return undefined;
    const text = await store.get(key);
    if (!text) return undefined;
    try {
      const parsed = JSON.parse(text) as StoredToken;
      if (typeof parsed.accessToken !== 'string' || typeof parsed.expiresAt !== 'number') return undefined;
      if (rejected.get(key) === parsed.accessToken) return undefined;
      return isFresh(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async function fetchAndShare(key: string, params: TokenRequestParams): Promise<StoredToken> {
    const token = await fetchToken(params);
    if (store) {
      const ttlSeconds = Math.max(1, Math.ceil((token.expiresAt - now()) / 1000));
      await store.set(key, JSON.stringify(token), ttlSeconds);
    }
    return token;
  }

  /** The cross-process single flight: one process requests, the others poll the store for its token. */
  async function obtain(key: string, params: TokenRequestParams, skipStore: boolean): Promise<StoredToken> {
    if (!store) return fetchToken(params);
    if (!skipStore) {
      const shared = await readStore(key);
      if (shared) return shared;
    }
    // Real time, not the injected clock: this bounds how long a caller actually waits.
    const deadline = Date.now() + lockWaitMs;
    for (;;) {
      const release = await store.acquireLock(`${key}:lock`, lockTtlMs);
      if (release) {
        try {
          // Another process may have stored a token between our read and our lock.
          const shared = skipStore ? undefined : await readStore(key);
          return shared ?? (await fetchAndShare(key, params));
        } finally {
          await release().catch(() => undefined);
        }
      }
      await sleep(lockPollMs);
      const shared = await readStore(key);
      if (shared) return shared;
      // The holder is slow or gone: request our own token rather than fail the caller.
      if (Date.now() >= deadline) return fetchAndShare(key, params);
    }
  }

  // Keys of the parameter objects seen: a client asks with the same frozen object on every call, and
  // hashing it each time was about 1 % of a gateway's CPU.
  const keys = new WeakMap<TokenRequestParams, string>();
  const keyOf = (params: TokenRequestParams): string => {
    let key = keys.get(params);
    if (key === undefined) {
      key = tokenCacheKey(params);
      if (Object.isFrozen(params)) keys.set(params, key);
    }
    return key;
  };

  return {
    keyFor: keyOf,

    getToken(params, getOptions = {}) {
      const key = keyOf(params);
      const cached = tokens.get(key);
      if (!getOptions.forceRefresh && isFresh(cached)) return Promise.resolve(cached);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const promise = obtain(key, params, getOptions.forceRefresh === true)
        .then((token) => {
          tokens.set(key, token);
          rejected.delete(key);
          return token;
        })
        .finally(() => {
          inFlight.delete(key);
        });
      inFlight.set(key, promise);
      return promise;
    },

    invalidate(key, rejectedToken) {
      const cached = tokens.get(key);
      tokens.delete(key);
      const bad = rejectedToken ?? cached?.accessToken;
      if (bad) rejected.set(key, bad);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
