/**
 * Everything a route handler may use, built once at start (see `server.ts`) or per test
 * (see `test-support/`). Infrastructure sits behind these small interfaces.
 */
import type { TokenCache } from '@ushuru/kra';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { RateLimiter } from './auth/rate-limit.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Outbox } from './etims/documents/outbox.js';
import type { DocumentRow, DocumentToQueue } from './etims/documents/records.js';
import type { Coalescer } from './infra/coalescer.js';
import type { WebhookDeliverer } from './webhooks/delivery.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { KraUrls } from './kra/urls.js';
import type { RowCache } from './infra/row-cache.js';
import type { CallContext } from './requestlog/call-context.js';
import type { RequestLogWriter } from './requestlog/writer.js';
import type { Store } from './store/db.js';
import type { LastUsedRecorder } from './store/last-used.js';
import type { Database } from './store/schema.js';

export interface GatewayDeps {
  config: Config;
  store: Store;
  db: Kysely<Database>;
  clock: Clock;
  secretBox: SecretBox;
  rateLimiter: RateLimiter;
  /** Token and app rows of the request path, invalidated on every write (see infra/row-cache.ts). */
  rowCache: RowCache;
  lastUsed: LastUsedRecorder;
  /** Batched request-log writes; record through `recordKraCall()` in `requestlog/record.ts`. */
  requestLog: RequestLogWriter;
  kraUrls: KraUrls;
  logger: Logger;
  redis: Redis | undefined;
  /** KRA OAuth tokens, shared through Redis when configured. */
  tokenCache: TokenCache;
  /** New queued documents, written together when they arrive together (group commit: infra/coalescer.ts). */
  documentInserts: Coalescer<DocumentToQueue, DocumentRow>;
  /** The eTIMS outbox of this process (sends fiscal documents; see etims/documents/outbox.ts). */
  outbox: Outbox;
  /** Webhook deliveries of this process (see webhooks/delivery.ts). */
  webhooks: WebhookDeliverer;
  /** Who the KRA calls made with these dependencies are for (set per request or job: requestlog/call-context.ts). */
  callContext?: CallContext;
}
