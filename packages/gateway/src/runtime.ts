/**
 * Assembles the gateway's dependencies from configuration: store (migrated), master key, Redis,
 * rate limiter, batched last-used writes, KRA URLs. Shared by the server, the CLI and the tests.
 */
import { createTokenCache } from '@ushuru/kra';
import type { DestinationStream } from 'pino';
import { createRateLimiter } from './auth/rate-limit.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { resolveMasterKey } from './crypto/master-key.js';
import { createSecretBox } from './crypto/secret-box.js';
import type { GatewayDeps } from './deps.js';
import { createOutbox } from './etims/documents/outbox.js';
import { insertDocument, insertDocuments } from './etims/documents/records.js';
import { createCoalescer } from './infra/coalescer.js';
import { createWebhookDeliverer } from './webhooks/delivery.js';
import { connectRedis } from './infra/redis.js';
import { createRedisTokenStore } from './infra/redis-token-store.js';
import { createRowCache, type RowCacheMode } from './infra/row-cache.js';
import { createKraUrls } from './kra/urls.js';
import { createLogger } from './logging.js';
import { createRequestLogWriter } from './requestlog/writer.js';
import { openStore, type OpenStoreOptions } from './store/db.js';
import { createLastUsedRecorder } from './store/last-used.js';
import { migrateToLatest } from './store/migrate.js';

export interface RuntimeOptions {
  clock?: Clock;
  logDestination?: DestinationStream;
  store?: OpenStoreOptions;
  /** URL of the built-in simulator, once it runs. */
  simulatorUrl?: () => string | undefined;
}

/** Dependencies plus the function that releases them. */
export interface Runtime {
  deps: GatewayDeps;
  close(): Promise<void>;
}

/** Opens and migrates the store and builds every dependency. */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config.logLevel, options.logDestination);
  const store = await openStore(config.databaseUrl, { onWarning: (message) => logger.warn(message), ...options.store });
  try {
    const applied = await migrateToLatest(store);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  } catch (err) {
    await store.close();
    throw err;
  }
  const master = resolveMasterKey(config.masterKey, config.dataDir);
  if (master.generatedAt) {
    logger.warn(
      { file: master.generatedAt },
      'USHURU_MASTER_KEY is not set: generated a master key for this machine. Back it up; set USHURU_MASTER_KEY in production.',
    );
  }
  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : undefined;
  const lastUsed = createLastUsedRecorder(store.db, clock);
  // Embedded SQLite has one process, which sees every write; several processes share invalidations
  // through Redis; PostgreSQL without Redis may have writers this process never hears of.
  const cacheMode: RowCacheMode = store.dialect === 'sqlite' ? { kind: 'local' } : redis ? { kind: 'redis', redis } : { kind: 'off' };
  const rowCache = createRowCache(cacheMode, { ttlMs: config.rowCacheTtlMs });
  const requestLog = createRequestLogWriter(store.db, store.dialect, logger, store.background ? { background: store.background } : {});
  const deps: Omit<GatewayDeps, 'outbox' | 'webhooks'> & { outbox?: GatewayDeps['outbox']; webhooks?: GatewayDeps['webhooks'] } = {
    config,
    store,
    db: store.db,
    clock,
    secretBox: createSecretBox(master.key),
    rateLimiter: createRateLimiter(redis),
    rowCache,
    lastUsed,
    requestLog,
    kraUrls: createKraUrls(config, options.simulatorUrl ?? (() => undefined)),
    logger,
    redis,
    tokenCache: createTokenCache({ ...(redis ? { store: createRedisTokenStore(redis) } : {}), now: () => clock.now() }),
    documentInserts: createCoalescer({
      runBatch: (docs) => insertDocuments(store.db, docs),
      runOne: (doc) => insertDocument(store.db, doc),
      maxBatch: 100,
    }),
  };
  // The outbox sends with these very dependencies, so it is made once they exist.
  deps.webhooks = createWebhookDeliverer(deps as GatewayDeps);
  deps.outbox = createOutbox(deps as GatewayDeps);
  const { outbox, webhooks } = deps;
  return {
    deps: deps as GatewayDeps,
    async close() {
      await outbox.stop();
      await webhooks.stop();
      await lastUsed.stop();
      await requestLog.stop();
      await rowCache.stop();
      await store.close();
      if (redis) redis.disconnect();
    },
  };
}
