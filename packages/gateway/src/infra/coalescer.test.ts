import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalescer.js';

/** A coalescer over a fake store whose writes finish only when the test says so. */
function harness(maxBatch = 100) {
  const calls: Array<{ kind: 'one' | 'batch'; items: number[]; finish(fail?: boolean): void }> = [];
  const write = (kind: 'one' | 'batch', items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({
        kind,
        items,
        finish: (fail) => (fail ? reject(new Error(`${kind} failed`)) : resolve(items.map((i) => i * 10))),
      });
    });
  const coalescer = createCoalescer<number, number>({
    runBatch: (items) => write('batch', items),
    runOne: async (item) => {
      if (item < 0) throw new Error(`item ${item} refused`);
      return (await write('one', [item]))[0]!;
    },
    maxBatch,
  });
  const tick = () => new Promise((r) => setImmediate(r));
  return { calls, coalescer, tick };
}

describe('createCoalescer', () => {
  it('runs a call alone and at once when nothing is in flight', async () => {
    const { calls, coalescer, tick } = harness();
    const answer = coalescer.run(7);
    await tick();
    expect(calls.map((c) => [c.kind, c.items])).toEqual([['one', [7]]]);
    calls[0]!.finish();
    expect(await answer).toBe(70);
  });

  it('writes the calls that arrived during a write together, each answered with its own result', async () => {
    const { calls, coalescer, tick } = harness();
    const first = coalescer.run(1);
    await tick();
    const rest = [2, 3, 4].map((i) => coalescer.run(i));
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    await tick();
    expect(calls.map((c) => [c.kind, c.items])).toEqual([
      ['one', [1]],
      ['batch', [2, 3, 4]],
    ]);
    calls[1]!.finish();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(coalescer.stats()).toEqual({ calls: 4, batches: 1, alone: 1 });
  });

  it('keeps batches within maxBatch', async () => {
    const { calls, coalescer, tick } = harness(2);
    const answers = [1, 2, 3, 4, 5].map((i) => coalescer.run(i));
    await tick();
    calls[0]!.finish();
    await tick();
    calls[1]!.finish();
    await tick();
    calls[2]!.finish();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50]);
    // The first went alone, as soon as it came; the others waited for it.
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('runs a failed batch again one call at a time: only the bad call fails', async () => {
    const { calls, coalescer, tick } = harness();
    const first = coalescer.run(1);
    await tick();
    const rest = [2, -3, 4].map((i) => coalescer.run(i).catch((err: Error) => err.message));
    calls[0]!.finish();
    await tick();
    calls[1]!.finish(true);
    // 2 and 4 alone (-3 is refused before it writes), in their order.
    for (let i = 0; i < 2; i++) {
      await tick();
      calls[calls.length - 1]!.finish();
    }
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 'item -3 refused', 40]);
    expect(calls.map((c) => [c.kind, c.items])).toEqual([
      ['one', [1]],
      ['batch', [2, -3, 4]],
      ['one', [2]],
      ['one', [4]],
    ]);
  });

  it('starts again after a failed write: the next call is not stuck behind it', async () => {
    const { calls, coalescer, tick } = harness();
    const failed = coalescer.run(1).catch((err: Error) => err.message);
    await tick();
    calls[0]!.finish(true);
    expect(await failed).toBe('one failed');
    const next = coalescer.run(2);
    await tick();
    calls[1]!.finish();
    expect(await next).toBe(20);
  });
});
