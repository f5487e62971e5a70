/**
 * Group commit: calls that arrive while a write is in flight are written together by the next one.
 * At low load every call runs alone, at once, with no added wait; under load, the calls that queued
 * behind the running write go out as one batch (one statement, one round trip, one commit on
 * PostgreSQL instead of one each). A batch that fails is run again one call at a time, so that every
 * caller gets its own answer (a unique violation is one caller's 409, not its neighbours').
 */

export interface Coalescer<I, O> {
  /** Runs `item`, alone or in a batch with others; resolves with its own result or rejects with its own error. */
  run(item: I): Promise<O>;
  /** Calls so far, and the statements that wrote them (batches of several, and calls run alone). */
  stats(): { calls: number; batches: number; alone: number };
}

export interface CoalescerOptions<I, O> {
  /** Writes several items at once; the results in the items' order. */
  runBatch(items: I[]): Promise<O[]>;
  /** Writes one item (a batch of one, and each item of a batch that failed). */
  runOne(item: I): Promise<O>;
  /** The most items in one batch. */
  maxBatch: number;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(reason: unknown): void;
}

export function createCoalescer<I, O>(options: CoalescerOptions<I, O>): Coalescer<I, O> {
  let waiting: Array<Waiting<I, O>> = [];
  let writing = false;
  const counts = { calls: 0, batches: 0, alone: 0 };

  async function one(w: Waiting<I, O>): Promise<void> {
    counts.alone++;
    try {
      w.resolve(await options.runOne(w.item));
    } catch (err) {
      w.reject(err);
    }
  }

  async function batch(ws: Array<Waiting<I, O>>): Promise<void> {
    if (ws.length === 1) return one(ws[0]!);
    let results: O[];
    counts.batches++;
    try {
      results = await options.runBatch(ws.map((w) => w.item));
    } catch {
      for (const w of ws) await one(w);
      return;
    }
    ws.forEach((w, i) => w.resolve(results[i]!));
  }

  async function writeAll(): Promise<void> {
    writing = true;
    try {
      while (waiting.length > 0) {
        const next = waiting.slice(0, options.maxBatch);
        waiting = waiting.slice(next.length);
        await batch(next);
      }
    } finally {
      writing = false;
    }
  }

  return {
    stats: () => ({ ...counts }),
    run(item) {
      counts.calls++;
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (!writing) void writeAll();
      });
    },
  };
}
