/**
 * Batches `last_used_at` writes: remembers the latest use per row and writes them every few seconds
 * (and at shutdown), so that authenticating a request never waits on a write.
 */
import type { Kysely } from 'kysely';
import { isoSeconds, type Clock } from '../clock.js';
import type { Database } from './schema.js';

type Table = 'api_tokens' | 'kra_apps';

/** Records uses and flushes them in batches. */
export interface LastUsedRecorder {
  touch(table: Table, id: string | number): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function createLastUsedRecorder(db: Kysely<Database>, clock: Clock, intervalMs = 5_000): LastUsedRecorder {
  const pending: Record<Table, Map<string | number, number>> = { api_tokens: new Map(), kra_apps: new Map() };
  let flushing: Promise<void> = Promise.resolve();

  async function writeBatch(): Promise<void> {
    for (const table of Object.keys(pending) as Table[]) {
      const batch = pending[table];
      if (batch.size === 0) continue;
      pending[table] = new Map();
      // Group by timestamp (seconds): one UPDATE per distinct second instead of one per row.
      const bySecond = new Map<string, Array<string | number>>();
      for (const [id, at] of batch) {
        const key = isoSeconds(at);
        bySecond.set(key, [...(bySecond.get(key) ?? []), id]);
      }
      for (const [at, ids] of bySecond) {
        if (table === 'api_tokens')
          await db
            .updateTable('api_tokens')
            .set({ last_used_at: at })
            .where('id', 'in', ids as string[])
            .execute();
        else
          await db
            .updateTable('kra_apps')
            .set({ last_used_at: at })
            .where('id', 'in', ids as number[])
            .execute();
      }
    }
  }

  const flush = (): Promise<void> => {
    flushing = flushing.then(writeBatch, writeBatch);
    return flushing;
  };
  const timer = setInterval(() => void flush().catch(() => undefined), intervalMs);
  timer.unref();

  return {
    touch(table, id) {
      pending[table].set(id, clock.now());
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
