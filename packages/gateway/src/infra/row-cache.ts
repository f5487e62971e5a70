/**
 * A read-through cache for the rows every request reads (its API token, its KRA app), so that an
 * authenticated KRA call does not query the database twice before it starts. The profile of a PIN
 * check put those queries among the gateway's largest costs.
 *
 * Correctness comes before hits:
 * - every write to a cached row calls `invalidate` with the row's tags once it has committed, which
 *   drops the entries here and, with Redis, in every other gateway process (pub/sub);
 * - a value loaded while an invalidation happened is not stored (a generation counter), so a read
 *   that raced a revocation cannot keep the old row;
 * - with Redis, the cache is used only while this process is subscribed to the invalidations; while
 *   the subscription is down it is emptied and every read goes to the database;
 * - entries live at most `ttlMs` whatever happens, which bounds a missed message.
 * Without Redis on PostgreSQL other processes could write unseen: `mode: 'off'`.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RowCache {
  /**
   * The value under `key`, or `load()`'s answer, stored under `tagsOf(value)` when it is not
   * undefined and nothing was invalidated while it loaded. Cached values are shared: freeze them.
   */
  read<T extends object>(key: string, load: () => Promise<T | undefined>, tagsOf: (value: T) => ReadonlyArray<string>): Promise<T | undefined>;
  /**
   * The value under `key` when it is held now, without waiting; undefined otherwise (then `read` it).
   * For the request path's hot lookups, which then need no promise when the cache answers.
   */
  peek<T extends object>(key: string): T | undefined;
  /** Drops every entry with one of `tags`, here and in the other processes. Call after the write commits. */
  invalidate(tags: ReadonlyArray<string>): Promise<void>;
  /** Whether reads are served from memory now (false: off, or Redis subscription down). */
  active(): boolean;
  /** Entries held (for tests and metrics). */
  size(): number;
  stop(): Promise<void>;
}

export type RowCacheMode =
  /** One process owns the database (embedded SQLite): local invalidation is complete. */
  | { kind: 'local' }
  /** Several processes: invalidations travel on a Redis channel. */
  | { kind: 'redis'; redis: Redis; channel?: string }
  | { kind: 'off' };

export interface RowCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  /** Told when the shared cache stops or resumes (Redis subscription lost or back). */
  onStateChange?: (active: boolean) => void;
}

interface Entry {
  value: object;
  tags: ReadonlyArray<string>;
  expiresAt: number;
  /** Read since it was last put at the back of the order (see `evictOne`). */
  used: boolean;
}

/** The Redis channel invalidations travel on (docs/operations.md names it). */
export const INVALIDATION_CHANNEL = 'ushuru:row-cache:invalidate';

/** Creates a cache in `mode`. */
export function createRowCache(mode: RowCacheMode, options: RowCacheOptions = {}): RowCache {
  const ttlMs = options.ttlMs ?? 30_000;
  // A working set, not every tenant: an opened app is a kilobyte or two, so 20,000 entries stay near 40 MiB.
  const maxEntries = options.maxEntries ?? 20_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  // Most tags name one entry (a token's id): the key itself is kept until a second one comes.
  const byTag = new Map<string, string | Set<string>>();
  let generation = 0;
  let enabled = mode.kind === 'local' && ttlMs > 0;

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      if (keys === key) byTag.delete(tag);
      else if (typeof keys === 'object') {
        keys.delete(key);
        if (keys.size === 0) byTag.delete(tag);
      }
    }
  }

  function dropTags(tags: ReadonlyArray<string>): void {
    generation++;
    for (const tag of tags) {
      const keys = byTag.get(tag);
      if (typeof keys === 'string') remove(keys);
      else if (keys) for (const key of [...keys]) remove(key);
    }
  }

  function clear(): void {
    generation++;
    entries.clear();
    byTag.clear();
  }

  function setEnabled(next: boolean): void {
    if (next === enabled) return;
    clear();
    enabled = next;
    options.onStateChange?.(next);
  }

  function store(key: string, tags: ReadonlyArray<string>, value: object): void {
    remove(key);
    if (entries.size >= maxEntries) evictOne();
    entries.set(key, { value, tags, expiresAt: now() + ttlMs, used: false });
    for (const tag of tags) {
      const keys = byTag.get(tag);
      if (keys === undefined || keys === key) byTag.set(tag, key);
      else if (typeof keys === 'string') byTag.set(tag, new Set([keys, key]));
      else keys.add(key);
    }
  }

  /** The live entry under `key`, if any. */
  function hit<T extends object>(key: string): T | undefined {
    if (!enabled) return undefined;
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now()) {
      remove(key);
      return undefined;
    }
    entry.used = true;
    return entry.value as T;
  }

  /**
   * Drops the least recently used entry, by second chance: from the front of the Map's order, an
   * entry read since it was put at the back goes to the back once more, and the first one not read
   * goes. A hit only marks its entry: moving it to the back on every hit (delete, then set) made the
   * Map rebuild its table every few requests, and each new table was kept by the old one until a
   * full garbage collection.
   */
  function evictOne(): void {
    for (const [key, entry] of entries) {
      if (!entry.used) return remove(key);
      entry.used = false;
      entries.delete(key);
      entries.set(key, entry);
    }
  }

  // Shared mode: a subscriber connection of its own (a subscribed connection can do nothing else).
  const origin = randomUUID();
  let subscriber: Redis | undefined;
  let channel = INVALIDATION_CHANNEL;
  let publisher: Redis | undefined;
  if (mode.kind === 'redis' && ttlMs > 0) {
    channel = mode.channel ?? INVALIDATION_CHANNEL;
    publisher = mode.redis;
    const sub = mode.redis.duplicate({ autoResubscribe: false, enableOfflineQueue: false });
    subscriber = sub;
    // Errors are reported once by the main connection's handlers (infra/redis.ts); here they only stop the cache.
    sub.on('error', () => setEnabled(false));
    sub.on('close', () => setEnabled(false));
    sub.on('ready', () => {
      // Enabled only once the subscription is confirmed: a write published before then is not seen,
      // and the cache is empty and filled only from reads made after it.
      sub.subscribe(channel).then(
        () => setEnabled(true),
        () => setEnabled(false),
      );
    });
    sub.on('message', (from: string, text: string) => {
      if (from !== channel) return;
      try {
        const message = JSON.parse(text) as { origin?: string; tags?: unknown };
        if (message.origin === origin || !Array.isArray(message.tags)) return;
        dropTags(message.tags.filter((t): t is string => typeof t === 'string'));
      } catch {
        clear();
      }
    });
  }

  return {
    async read<T extends object>(key: string, load: () => Promise<T | undefined>, tagsOf: (value: T) => ReadonlyArray<string>) {
      const held = hit<T>(key);
      if (held !== undefined) return held;
      const before = generation;
      const value = await load();
      if (value !== undefined && enabled && generation === before) store(key, tagsOf(value), value);
      return value;
    },
    async invalidate(tags) {
      dropTags(tags);
      if (!publisher || !subscriber) return;
      // Awaited, so that the write's answer leaves only once the other processes have been told. A
      // failed publish means Redis is down: the other processes' subscriptions are down with it,
      // which has emptied and stopped their caches.
      await publisher.publish(channel, JSON.stringify({ origin, tags })).catch(() => undefined);
    },
    peek: hit,
    active: () => enabled,
    size: () => entries.size,
    async stop() {
      enabled = false;
      clear();
      subscriber?.disconnect();
    },
  };
}

/** Freezes `value` and every object under it, so that a cached value shared by requests cannot be changed by one. */
export function freezeDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value as Record<string, unknown>)) freezeDeep(child);
  return value;
}
