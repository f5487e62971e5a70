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

  describe.runIf(withRedis)('with Redis', () => {
    const redis = connectRedis(TEST_REDIS_URL);
    afterAll(() => redis.disconnect());

    it('shares one budget per token across gateway processes', async () => {
      const prefix = 'ushuru-test:' + randomBytes(4).toString('hex');
      const processA = createRateLimiter(redis, prefix);
      const processB = createRateLimiter(redis, prefix);
      const seen = [];
      for (let i = 0; i < 3; i++) {
        seen.push((await processA.consume('tok_x', 4)).allowed);
        seen.push((await processB.consume('tok_x', 4)).allowed);
      }
      expect(seen.filter(Boolean)).toHaveLength(4);
    });
  });
});
