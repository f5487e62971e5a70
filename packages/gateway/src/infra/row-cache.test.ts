import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { privateRedis } from '../test-support/processes.js';
import { redisTestsEnabled, TEST_REDIS_URL } from '../test-support/services.js';
import { connectRedis } from './redis.js';
import { createRowCache, freezeDeep, type RowCache } from './row-cache.js';

const withRedis = await redisTestsEnabled();

/** A loader that counts its calls and answers what `rows` holds now (the "database"). */
function source(rows: Map<string, { v: number }>) {
  let loads = 0;
  return {
    loads: () => loads,
    load: (key: string) => async () => {
      loads++;
      const row = rows.get(key);
      return row ? { ...row } : undefined;
    },
  };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('row cache, one process', () => {
  it('answers from memory until a tag of the entry is invalidated', async () => {
    const rows = new Map([['a', { v: 1 }]]);
    const db = source(rows);
    const cache = createRowCache({ kind: 'local' });
    const read = () => cache.read('a', db.load('a'), () => ['t:a', 'tenant:1']);
    expect(await read()).toEqual({ v: 1 });
    rows.set('a', { v: 2 });
    expect(await read()).toEqual({ v: 1 });
    expect(db.loads()).toBe(1);
    await cache.invalidate(['tenant:1']);
    expect(await read()).toEqual({ v: 2 });
    expect(db.loads()).toBe(2);
    await cache.invalidate(['other']);
    expect(await read()).toEqual({ v: 2 });
    expect(db.loads()).toBe(2);
  });

  it('drops every entry sharing a tag, and only those', async () => {
    const rows = new Map([
      ['a', { v: 1 }],
      ['b', { v: 2 }],
      ['c', { v: 3 }],
    ]);
    const db = source(rows);
    const cache = createRowCache({ kind: 'local' });
    await cache.read('a', db.load('a'), () => ['tenant:1', 'a']);
    await cache.read('b', db.load('b'), () => ['tenant:1', 'b']);
    await cache.read('c', db.load('c'), () => ['tenant:2', 'c']);
    await cache.invalidate(['tenant:1']);
    expect(cache.size()).toBe(1);
    await cache.invalidate(['c']);
    expect(cache.size()).toBe(0);
    for (const k of ['a', 'b', 'c']) await cache.read(k, db.load(k), () => [k]);
    expect(db.loads()).toBe(6);
  });

  it('never keeps a missing row, so a row created a moment later is found', async () => {
    const rows = new Map<string, { v: number }>();
    const db = source(rows);
    const cache = createRowCache({ kind: 'local' });
    expect(await cache.read('a', db.load('a'), () => ['t'])).toBeUndefined();
    rows.set('a', { v: 1 });
    expect(await cache.read('a', db.load('a'), () => ['t'])).toEqual({ v: 1 });
  });

  it('does not keep a value that was loading while an invalidation happened (a read racing a revocation)', async () => {
    const cache = createRowCache({ kind: 'local' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stale = cache.read(
      'tok',
      async () => {
        await gate;
        return { revoked: false };
      },
      () => ['token:1'],
    );
    await cache.invalidate(['token:1']);
    release();
    expect(await stale).toEqual({ revoked: false });
    // The next read goes to the "database" again, which now says revoked.
    expect(
      await cache.read(
        'tok',
        async () => ({ revoked: true }),
        () => ['token:1'],
      ),
    ).toEqual({ revoked: true });
    expect(cache.size()).toBe(1);
  });

  it('expires entries after the TTL and holds at most maxEntries, dropping the least recently used', async () => {
    let now = 1_000;
    const rows = new Map([
      ['a', { v: 1 }],
      ['b', { v: 2 }],
      ['c', { v: 3 }],
    ]);
    const db = source(rows);
    const cache = createRowCache({ kind: 'local' }, { ttlMs: 100, maxEntries: 2, now: () => now });
    await cache.read('a', db.load('a'), () => ['a']);
    await cache.read('b', db.load('b'), () => ['b']);
    await cache.read('a', db.load('a'), () => ['a']);
    // Full: the least recently used (b) goes, a stays.
    await cache.read('c', db.load('c'), () => ['c']);
    expect(cache.size()).toBe(2);
    expect(db.loads()).toBe(3);
    await cache.read('a', db.load('a'), () => ['a']);
    await cache.read('c', db.load('c'), () => ['c']);
    expect(db.loads()).toBe(3);
    await cache.read('b', db.load('b'), () => ['b']);
    expect(db.loads()).toBe(4);
    now += 101;
    await cache.read('c', db.load('c'), () => ['c']);
    expect(db.loads()).toBe(5);
  });

  it('reads through every time when off, or with a TTL of 0', async () => {
    for (const cache of [createRowCache({ kind: 'off' }), createRowCache({ kind: 'local' }, { ttlMs: 0 })]) {
      const db = source(new Map([['a', { v: 1 }]]));
      await cache.read('a', db.load('a'), () => ['a']);
      await cache.read('a', db.load('a'), () => ['a']);
      expect(db.loads()).toBe(2);
      expect(cache.active()).toBe(false);
    }
  });

  it('passes a loader’s error on and keeps nothing', async () => {
    const cache = createRowCache({ kind: 'local' });
    await expect(
      cache.read(
        'a',
        async () => Promise.reject(new Error('boom')),
        () => ['a'],
      ),
    ).rejects.toThrow('boom');
    expect(cache.size()).toBe(0);
  });

  it('freezes a shared value all the way down', () => {
    const value = freezeDeep({ settings: { paths: { pin: { path: '/x' } } }, list: [{ a: 1 }] });
    expect(() => {
      (value.settings.paths.pin as { path: string }).path = '/y';
    }).toThrow(TypeError);
    expect(() => value.list.push({ a: 2 })).toThrow(TypeError);
  });
});

describe.runIf(withRedis)('row cache, several processes through Redis', () => {
  const opened: Array<{ disconnect(): void }> = [];
  const caches: RowCache[] = [];
  afterAll(async () => {
    for (const c of caches) await c.stop();
    for (const r of opened) r.disconnect();
  });

  function processCache(url: string, channel: string, onStateChange?: (active: boolean) => void) {
    const redis = connectRedis(url);
    opened.push(redis);
    const cache = createRowCache({ kind: 'redis', redis, channel }, onStateChange ? { onStateChange } : {});
    caches.push(cache);
    return cache;
  }

  it('drops an entry in every process when one of them invalidates it, before the write answers', async () => {
    const channel = 'ushuru-test:rc:' + randomBytes(4).toString('hex');
    const a = processCache(TEST_REDIS_URL, channel);
    const b = processCache(TEST_REDIS_URL, channel);
    await until(() => a.active() && b.active(), 'both subscriptions');
    const rows = new Map([['tok', { v: 1 }]]);
    const db = source(rows);
    await a.read('tok', db.load('tok'), () => ['token:1']);
    await b.read('tok', db.load('tok'), () => ['token:1']);
    expect(db.loads()).toBe(2);
    rows.set('tok', { v: 2 });
    await a.invalidate(['token:1']);
    // Redis sends the message to B before it answers A's PUBLISH; B reads it within a moment.
    await until(() => b.size() === 0, 'B to drop its copy', 2_000);
    expect(await b.read('tok', db.load('tok'), () => ['token:1'])).toEqual({ v: 2 });
  });

  it('stops caching while Redis is down (every read goes to the database) and resumes, empty, once it is back', async () => {
    const redis = await privateRedis();
    const states: boolean[] = [];
    const cache = processCache(redis.url, 'ushuru-test:rc:' + randomBytes(4).toString('hex'), (active) => states.push(active));
    await until(() => cache.active(), 'subscription');
    const db = source(new Map([['a', { v: 1 }]]));
    await cache.read('a', db.load('a'), () => ['a']);
    await cache.read('a', db.load('a'), () => ['a']);
    expect(db.loads()).toBe(1);

    await redis.stop();
    await until(() => !cache.active(), 'the cache to stop');
    expect(cache.size()).toBe(0);
    await cache.read('a', db.load('a'), () => ['a']);
    await cache.read('a', db.load('a'), () => ['a']);
    expect(db.loads()).toBe(3);
    expect(cache.size()).toBe(0);
    // Invalidating while Redis is down neither throws nor hangs the write that calls it.
    await cache.invalidate(['a']);

    await redis.start();
    await until(() => cache.active(), 'the cache to resume', 20_000);
    await cache.read('a', db.load('a'), () => ['a']);
    await cache.read('a', db.load('a'), () => ['a']);
    expect(db.loads()).toBe(4);
    expect(states).toEqual([true, false, true]);
    await redis.stop();
  }, 60_000);
});
