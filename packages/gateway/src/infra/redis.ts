/** The optional Redis connection shared by the token cache, rate limits and locks. */
import { Redis } from 'ioredis';

/** Connects to `url`; commands fail fast rather than queueing forever while Redis is down. */
export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5_000, lazyConnect: false });
}
