import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../infra/redis.js';
import { redisTestsEnabled, TEST_REDIS_URL } from '../test-support/services.js';
import { createRateLimiter } from './rate-limit.js';

const withRedis = await redisTestsEnabled();

describe('rate limiter', () => {
  it('counts in memory per token', async () => {
    const limiter = createRateLimiter();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.consume('tok_a', 3));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]?.resetSeconds).toBeGreaterThan(0);
    expect((await limiter.consume('tok_b', 3)).allowed).toBe(true);
  });

  it('decides in memory at once, and starts a new window when the last one ended', async () => {
    const limiter = createRateLimiter(undefined, { windowMs: 150 });
    const first = limiter.consume('tok_w', 2);
    expect(first).not.toBeInstanceOf(Promise);
    expect(first).toMatchObject({ allowed: true, limit: 2, remaining: 1, resetSeconds: 1 });
    expect(limiter.consume('tok_w', 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.consume('tok_w', 2)).toMatchObject({ allowed: false, remaining: 0 });
    // The same token under another limit (its limit was changed) is counted apart.
    expect(limiter.consume('tok_w', 5)).toMatchObject({ allowed: true, remaining: 4 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(limiter.consume('tok_w', 2)).toMatchObject({ allowed: true, remaining: 1 });
  });

  describe.runIf(withRedis)('with Redis', () => {
    const redis = connectRedis(TEST_REDIS_URL);
    afterAll(() => redis.disconnect());

    const newPrefix = () => 'ushuru-test:' + randomBytes(4).toString('hex');
    const counted = async (prefix: string, limit: number, token: string) => Number((await redis.get(`${prefix}:${limit}:${token}`)) ?? 0);

    it('shares one budget per token across gateway processes', async () => {
      const prefix = newPrefix();
      const processA = createRateLimiter(redis, { keyPrefix: prefix });
      const processB = createRateLimiter(redis, { keyPrefix: prefix });
      const seen = [];
      for (let i = 0; i < 3; i++) {
        seen.push((await processA.consume('tok_x', 4)).allowed);
        seen.push((await processB.consume('tok_x', 4)).allowed);
      }
      expect(seen.filter(Boolean)).toHaveLength(4);
    });

    it('takes a large budget in reservations of 1 %, and still lets through exactly the limit across processes', async () => {
      const prefix = newPrefix();
      const processA = createRateLimiter(redis, { keyPrefix: prefix });
      const processB = createRateLimiter(redis, { keyPrefix: prefix });
      // 25 requests through A: three reservations of 10, not 25 calls.
      let last;
      for (let i = 0; i < 25; i++) last = await processA.consume('tok_big', 1_000);
      expect(await counted(prefix, 1_000, 'tok_big')).toBe(30);
      expect(last).toMatchObject({ allowed: true, limit: 1_000, remaining: 975 });
      // Both processes until both are refused: every unit of the budget is used, none twice.
      let allowed = 25;
      let refusedA = false;
      let refusedB = false;
      for (let i = 0; i < 2_000 && !(refusedA && refusedB); i++) {
        const a = await processA.consume('tok_big', 1_000);
        const b = await processB.consume('tok_big', 1_000);
        allowed += Number(a.allowed) + Number(b.allowed);
        refusedA ||= !a.allowed;
        refusedB ||= !b.allowed;
      }
      expect(allowed).toBe(1_000);
      expect(await counted(prefix, 1_000, 'tok_big')).toBe(1_000);
      expect(await processA.consume('tok_big', 1_000)).toMatchObject({ allowed: false, remaining: 0 });
    });

    it('lets many requests of one process at once share a reservation, refusing none while budget is left', async () => {
      const prefix = newPrefix();
      const limiter = createRateLimiter(redis, { keyPrefix: prefix });
      const answers = await Promise.all(Array.from({ length: 120 }, () => limiter.consume('tok_burst', 200)));
      expect(answers.filter((a) => a.allowed)).toHaveLength(120);
      // Reservations of 2 (1 % of 200): one call per two requests, whoever waited.
      expect(await counted(prefix, 200, 'tok_burst')).toBe(120);
      const more = await Promise.all(Array.from({ length: 100 }, () => limiter.consume('tok_burst', 200)));
      expect(more.filter((a) => a.allowed)).toHaveLength(80);
    });

    it('never carries a reservation, or a refusal, into the next window', async () => {
      const prefix = newPrefix();
      const limiter = createRateLimiter(redis, { keyPrefix: prefix, windowMs: 400 });
      expect((await limiter.consume('tok_w', 1_000)).remaining).toBe(999);
      for (let i = 0; i < 9; i++) await limiter.consume('tok_w', 1_000);
      await new Promise((r) => setTimeout(r, 500));
      // A new window: the last window's leftover is not used, a new reservation is taken.
      expect(await limiter.consume('tok_w', 1_000)).toMatchObject({ allowed: true, remaining: 999 });
      expect(await counted(prefix, 1_000, 'tok_w')).toBe(10);
      const small = createRateLimiter(redis, { keyPrefix: prefix, windowMs: 400 });
      expect((await small.consume('tok_s', 1)).allowed).toBe(true);
      expect((await small.consume('tok_s', 1)).allowed).toBe(false);
      await new Promise((r) => setTimeout(r, 500));
      expect((await small.consume('tok_s', 1)).allowed).toBe(true);
    });
  });
});
