import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { nextInSequence } from './sequences.js';

describe('sequences', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await createTestGateway();
  });
  afterAll(() => gw.close());

  it('counts from floor + 1 and keeps scopes and names apart', async () => {
    expect(await nextInSequence(gw.deps.db, 'a', 'n', 41)).toBe(42);
    expect(await nextInSequence(gw.deps.db, 'a', 'n', 41)).toBe(43);
    expect(await nextInSequence(gw.deps.db, 'a', 'other')).toBe(1);
    expect(await nextInSequence(gw.deps.db, 'b', 'n')).toBe(1);
  });

  it('never hands the same value to concurrent callers, gap-free', async () => {
    const values = await Promise.all(Array.from({ length: 50 }, () => nextInSequence(gw.deps.db, 'c', 'n')));
    expect(new Set(values).size).toBe(50);
    expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
