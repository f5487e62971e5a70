/**
 * Redis implementation of the KRA token cache's shared store: N gateway processes share one OAuth
 * token per credential pair and one refresh in flight (SET NX PX lock, released only by its owner).
 *
 * While Redis is down the store steps aside rather than fail KRA calls: a read finds nothing, a write
 * is skipped, and the lock is granted locally, so each process falls back to its own single flight
 * (one token request per key per process) until Redis is back.
 */
import { randomUUID } from 'node:crypto';
import type { SharedTokenStore } from '@ushuru/kra';
import type { Redis } from 'ioredis';

// Deletes the lock only if this process still owns it (it may have expired and been re-taken).
const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const localLock = async (): Promise<void> => undefined;

/** A SharedTokenStore over `redis`, with keys under `prefix`. */
export function createRedisTokenStore(redis: Redis, prefix = 'ushuru:kra-token'): SharedTokenStore {
  return {
    async get(key) {
      return redis.get(`${prefix}:v:${key}`).catch(() => null);
    },
    async set(key, value, ttlSeconds) {
      await redis.set(`${prefix}:v:${key}`, value, 'EX', Math.max(1, Math.floor(ttlSeconds))).catch(() => undefined);
    },
    async acquireLock(key, ttlMs) {
      const lockKey = `${prefix}:lock:${key}`;
      const owner = randomUUID();
      let taken: string | null;
      try {
        taken = await redis.set(lockKey, owner, 'PX', Math.max(1, Math.floor(ttlMs)), 'NX');
      } catch {
        return localLock;
      }
      if (taken !== 'OK') return null;
      return async () => {
        await redis.eval(RELEASE_IF_OWNER, 1, lockKey, owner).catch(() => undefined);
      };
    },
  };
}
