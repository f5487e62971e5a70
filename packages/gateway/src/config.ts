/**
 * Gateway configuration: parsed once from the environment by one zod schema, so that a bad value
 * stops the process at start with a message naming the variable, instead of failing on first use.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalUrl = z.string().url().optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  USHURU_PORT: port.default(8080),
  USHURU_HOST: z.string().min(1).default('127.0.0.1'),
  USHURU_DATABASE_URL: z
    .string()
    .default('sqlite:./data/ushuru.db')
    .refine((v) => /^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(v), 'must start with sqlite: or postgres://'),
  USHURU_REDIS_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://'),
  USHURU_MASTER_KEY: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
  USHURU_DATA_DIR: z.string().optional(),
  USHURU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  USHURU_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  USHURU_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(200),
  USHURU_KRA_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  USHURU_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * How long a token or app row read by a request may be reused from memory (0 = never). Writes
   * invalidate at once (across processes through Redis); this bounds a missed invalidation.
   */
  USHURU_ROW_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(30_000),
  /** A request (headers and body) must arrive within this; the time to answer it is not counted. */
  USHURU_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** The request headers must arrive within this (and within USHURU_REQUEST_TIMEOUT_MS). */
  USHURU_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** An idle keep-alive connection is closed after this. */
  USHURU_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** Open connections per client address (0 = no cap; set 0 or a high value behind a proxy). */
  USHURU_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(0).default(256),
  /** Bearer token for GET /metrics; without it /metrics is closed (its counts span every tenant). */
  USHURU_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * The built-in simulator's control API (/__sim/*) needs this token in X-Sim-Control-Token; without
   * it the control API is off (every tenant's simulator calls reach that simulator).
   */
  USHURU_SIMULATOR_CONTROL_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Store request and response bodies of KRA calls in the request log (redacted). Off by default. */
  USHURU_LOG_BODIES: z.enum(['true', 'false', '1', '0']).default('false'),
  /** Days request-log rows are kept (0 = forever). */
  USHURU_LOG_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  USHURU_HOUSEKEEPING_INTERVAL_S: z.coerce.number().int().min(1).default(3600),
  /**
   * Built-in simulator: a fixed port (default 8090) so that the CLI and other processes can reach
   * the simulator the server runs; 0 = any free port; `off` = none.
   */
  USHURU_SIMULATOR_PORT: z.union([z.literal('off'), port]).default(8090),
  USHURU_SIMULATOR_SEED: z.coerce.number().int().default(1),
  // Base-URL overrides per KRA environment and host. Host A = legacy OSCU, host B = GavaConnect OSCU.
  USHURU_KRA_SANDBOX_PORTAL_URL: optionalUrl,
  USHURU_KRA_PRODUCTION_PORTAL_URL: optionalUrl,
  USHURU_KRA_SANDBOX_OSCU_LEGACY_URL: optionalUrl,
  USHURU_KRA_PRODUCTION_OSCU_LEGACY_URL: optionalUrl,
  USHURU_KRA_SANDBOX_OSCU_GAVACONNECT_URL: optionalUrl,
  USHURU_KRA_PRODUCTION_OSCU_GAVACONNECT_URL: optionalUrl,
  /** Points environment `simulator` at an external simulator (`ushuru sim`) instead of the built-in one. */
  USHURU_KRA_SIMULATOR_URL: optionalUrl,
  // eTIMS reference-data sync in the worker: seconds between syncs per dataset (0 = never), docs/kra/etims-oscu.md §9.5.
  USHURU_SYNC_TICK_S: z.coerce.number().int().min(1).default(60),
  USHURU_SYNC_CODES_INTERVAL_S: z.coerce.number().int().min(0).default(86_400),
  USHURU_SYNC_ITEM_CLASSES_INTERVAL_S: z.coerce.number().int().min(0).default(604_800),
  USHURU_SYNC_NOTICES_INTERVAL_S: z.coerce.number().int().min(0).default(3_600),
  USHURU_SYNC_BRANCHES_INTERVAL_S: z.coerce.number().int().min(0).default(86_400),
  USHURU_SYNC_ITEMS_INTERVAL_S: z.coerce.number().int().min(0).default(3_600),
  USHURU_SYNC_IMPORTED_ITEMS_INTERVAL_S: z.coerce.number().int().min(0).default(3_600),
  USHURU_SYNC_PURCHASES_INTERVAL_S: z.coerce.number().int().min(0).default(3_600),
  USHURU_SYNC_STOCK_MOVES_INTERVAL_S: z.coerce.number().int().min(0).default(3_600),
  // The eTIMS outbox (docs/architecture.md): how long a submission waits for KRA's signature before
  // answering 202, the retry backoff, the sweep that picks up work left by restarts and other
  // processes, and the age at which a waiting document is reported.
  USHURU_DOCUMENT_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),
  USHURU_OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).default(1_000),
  USHURU_OUTBOX_RETRY_MAX_MS: z.coerce.number().int().min(10).default(300_000),
  USHURU_OUTBOX_SWEEP_MS: z.coerce.number().int().min(50).default(5_000),
  USHURU_OUTBOX_STALE_AFTER_S: z.coerce.number().int().min(1).default(900),
  // Webhook deliveries: timeout per attempt, retry backoff, sweep, and whether private targets are allowed.
  USHURU_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  USHURU_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
  USHURU_WEBHOOK_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(6 * 3600_000),
  USHURU_WEBHOOK_SWEEP_MS: z.coerce.number().int().min(50).default(5_000),
  USHURU_WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false'),
});

export type RawEnv = z.infer<typeof envSchema>;

/** The KRA environments a KRA app can target. */
export const KRA_ENVIRONMENTS = ['simulator', 'sandbox', 'production'] as const;
export type KraEnvironment = (typeof KRA_ENVIRONMENTS)[number];

/** Parsed, validated gateway configuration. */
export interface Config {
  env: RawEnv['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  /** Base64 master key as given; undefined when it must be generated (non-production only). */
  masterKey: string | undefined;
  dataDir: string;
  logLevel: RawEnv['USHURU_LOG_LEVEL'];
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  kraTimeoutMs: number;
  shutdownGraceMs: number;
  /** Lifetime of cached token and app rows (see infra/row-cache.ts); 0 = off. */
  rowCacheTtlMs: number;
  /** Deadlines and caps on client connections (see http/connection-limits.ts). */
  connections: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number; maxConnectionsPerIp: number };
  /** Bearer token of GET /metrics; undefined = /metrics closed. */
  metricsToken: string | undefined;
  /** Body capture in the request log (`USHURU_LOG_BODIES`). */
  logBodies: boolean;
  /** Clean-up of expired idempotency keys and old request-log rows. */
  housekeeping: { intervalSeconds: number; logRetentionDays: number };
  simulator: { port: number | 'off'; seed: number; externalUrl: string | undefined; controlToken: string | undefined };
  /** eTIMS outbox: the submission wait, retry backoff, sweep interval and stale age. */
  outbox: { documentWaitMs: number; retryBaseMs: number; retryMaxMs: number; sweepMs: number; staleAfterSeconds: number };
  /** Webhook deliveries. */
  webhooks: { timeoutMs: number; retryBaseMs: number; retryMaxMs: number; sweepMs: number; allowPrivate: boolean };
  /** eTIMS sync worker: tick and per-dataset intervals in seconds (0 = dataset not scheduled). */
  sync: { tickSeconds: number; intervals: Record<string, number> };
  kraUrls: {
    sandbox: { portal?: string; oscuLegacy?: string; oscuGavaconnect?: string };
    production: { portal?: string; oscuLegacy?: string; oscuGavaconnect?: string };
  };
}

/** Thrown when the environment is invalid; its message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses and validates `env` (normally `process.env`). Throws ConfigError naming the bad variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset" for optional variables, as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.USHURU_MASTER_KEY) {
    throw new ConfigError('Invalid configuration:\n  USHURU_MASTER_KEY: required when NODE_ENV=production (32 bytes, base64)');
  }
  return {
    env: e.NODE_ENV,
    port: e.USHURU_PORT,
    host: e.USHURU_HOST,
    databaseUrl: e.USHURU_DATABASE_URL,
    redisUrl: e.USHURU_REDIS_URL || undefined,
    masterKey: e.USHURU_MASTER_KEY || undefined,
    dataDir: e.USHURU_DATA_DIR ?? defaultDataDir(e.USHURU_DATABASE_URL),
    logLevel: e.USHURU_LOG_LEVEL,
    bodyLimitBytes: e.USHURU_BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.USHURU_RATE_LIMIT_PER_MINUTE,
    kraTimeoutMs: e.USHURU_KRA_TIMEOUT_MS,
    shutdownGraceMs: e.USHURU_SHUTDOWN_GRACE_MS,
    rowCacheTtlMs: e.USHURU_ROW_CACHE_TTL_MS,
    connections: {
      requestTimeoutMs: e.USHURU_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: e.USHURU_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: e.USHURU_KEEP_ALIVE_TIMEOUT_MS,
      maxConnectionsPerIp: e.USHURU_MAX_CONNECTIONS_PER_IP,
    },
    metricsToken: e.USHURU_METRICS_TOKEN,
    logBodies: e.USHURU_LOG_BODIES === 'true' || e.USHURU_LOG_BODIES === '1',
    housekeeping: { intervalSeconds: e.USHURU_HOUSEKEEPING_INTERVAL_S, logRetentionDays: e.USHURU_LOG_RETENTION_DAYS },
    simulator: {
      port: e.USHURU_SIMULATOR_PORT,
      seed: e.USHURU_SIMULATOR_SEED,
      externalUrl: e.USHURU_KRA_SIMULATOR_URL,
      controlToken: e.USHURU_SIMULATOR_CONTROL_TOKEN,
    },
    outbox: {
      documentWaitMs: e.USHURU_DOCUMENT_WAIT_MS,
      retryBaseMs: e.USHURU_OUTBOX_RETRY_BASE_MS,
      retryMaxMs: Math.max(e.USHURU_OUTBOX_RETRY_MAX_MS, e.USHURU_OUTBOX_RETRY_BASE_MS),
      sweepMs: e.USHURU_OUTBOX_SWEEP_MS,
      staleAfterSeconds: e.USHURU_OUTBOX_STALE_AFTER_S,
    },
    webhooks: {
      timeoutMs: e.USHURU_WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.USHURU_WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: Math.max(e.USHURU_WEBHOOK_RETRY_MAX_MS, e.USHURU_WEBHOOK_RETRY_BASE_MS),
      sweepMs: e.USHURU_WEBHOOK_SWEEP_MS,
      allowPrivate: e.USHURU_WEBHOOKS_ALLOW_PRIVATE === 'true' || e.USHURU_WEBHOOKS_ALLOW_PRIVATE === '1',
    },
    sync: {
      tickSeconds: e.USHURU_SYNC_TICK_S,
      intervals: {
        codes: e.USHURU_SYNC_CODES_INTERVAL_S,
        'item-classes': e.USHURU_SYNC_ITEM_CLASSES_INTERVAL_S,
        notices: e.USHURU_SYNC_NOTICES_INTERVAL_S,
        branches: e.USHURU_SYNC_BRANCHES_INTERVAL_S,
        items: e.USHURU_SYNC_ITEMS_INTERVAL_S,
        'imported-items': e.USHURU_SYNC_IMPORTED_ITEMS_INTERVAL_S,
        purchases: e.USHURU_SYNC_PURCHASES_INTERVAL_S,
        'stock-moves': e.USHURU_SYNC_STOCK_MOVES_INTERVAL_S,
      },
    },
    kraUrls: {
      sandbox: {
        portal: e.USHURU_KRA_SANDBOX_PORTAL_URL,
        oscuLegacy: e.USHURU_KRA_SANDBOX_OSCU_LEGACY_URL,
        oscuGavaconnect: e.USHURU_KRA_SANDBOX_OSCU_GAVACONNECT_URL,
      },
      production: {
        portal: e.USHURU_KRA_PRODUCTION_PORTAL_URL,
        oscuLegacy: e.USHURU_KRA_PRODUCTION_OSCU_LEGACY_URL,
        oscuGavaconnect: e.USHURU_KRA_PRODUCTION_OSCU_GAVACONNECT_URL,
      },
    },
  };
}

/** The data directory defaults to the folder of the SQLite file, or `./data` for PostgreSQL. */
function defaultDataDir(databaseUrl: string): string {
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length);
    if (file === ':memory:') return './data';
    const slash = file.lastIndexOf('/');
    return slash > 0 ? file.slice(0, slash) : '.';
  }
  return './data';
}
