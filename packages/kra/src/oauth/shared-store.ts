/**
 * The cross-process side of the token cache. The gateway implements it with Redis (SET PX for
 * values, SET NX PX for the lock) so that N gateway processes request one token per key, not N.
 */
import { randomUUID } from 'node:crypto';

/** Storage shared by every process that uses the same KRA credentials. */
export interface SharedTokenStore {
  /** The value stored under `key`, or null when absent or expired. */
  get(key: string): Promise<string | null>;
  /** Stores `value` under `key` for `ttlSeconds`. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /**
   * Takes an exclusive lock named `key` for at most `ttlMs` (so a crashed holder cannot block
   * others forever). Returns a function that releases it, or null when someone else holds it.
   */
  acquireLock(key: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
}

/**
 * An in-memory {@link SharedTokenStore}: for tests and for single-process deployments where two
 * caches should still share tokens. `now` is injectable so tests can move time.
 */
export function createMemoryTokenStore(options: { now?: () => number } = {}): SharedTokenStore {
  const now = options.now ?? Date.now;
  const values = new Map<string, { value: string; expiresAt: number }>();
  const locks = new Map<string, { owner: string; expiresAt: number }>();
  return {
    async get(key) {
      const entry = values.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= now()) {
        values.delete(key);
        return null;
      }
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      values.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
    },
    async acquireLock(key, ttlMs) {
      const held = locks.get(key);
      if (held && held.expiresAt > now()) return null;
      const owner = randomUUID();
      locks.set(key, { owner, expiresAt: now() + ttlMs });
      return async () => {
        // Release only our own lock: after expiry another process may hold it.
        if (locks.get(key)?.owner === owner) locks.delete(key);
      };
    },
  };
}
