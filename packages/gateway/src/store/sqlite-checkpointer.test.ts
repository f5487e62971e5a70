/**
 * The SQLite log is checkpointed by the worker, not inside a commit: rows written reach the
 * database file within a few intervals although the main connection's own threshold is far off,
 * and closing the store stops the worker and leaves every row in the file.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from './db.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from './sqlite-checkpointer.js';

const dir = mkdtempSync(join(tmpdir(), 'ushuru-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** About 2 MiB of rows: well under the main connection's own checkpoint threshold. */
async function writeRows(store: Store): Promise<void> {
  await sql`create table filler (id integer primary key, body text not null)`.execute(store.db);
  for (let batch = 0; batch < 20; batch++) {
    const values = Array.from({ length: 50 }, (_, i) => sql`(${batch * 50 + i}, ${'x'.repeat(2_000)})`);
    await sql`insert into filler (id, body) values ${sql.join(values)}`.execute(store.db);
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

describe('the SQLite checkpointer', () => {
  it('moves the log into the database file from its worker, with the main connection’s own checkpoint far off', async () => {
    const file = join(dir, 'moved.db');
    const warnings: string[] = [];
    const store = await openStore(`sqlite:${file}`, { walCheckpointIntervalMs: 100, onWarning: (m) => warnings.push(m) });
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
      expect(rows[0]!.wal_autocheckpoint).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
      const before = statSync(file).size;
      await writeRows(store);
      // The rows are in the log; only a checkpoint copies them into the file itself.
      expect(await waitFor(() => statSync(file).size > before + 1_500_000, 5_000)).toBe(true);
    } finally {
      await store.close();
    }
    expect(warnings).toEqual([]);
    // Closed: the worker is gone and every row is in the file (no log left to replay).
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
    const reopened = await openStore(`sqlite:${file}`);
    try {
      const { rows } = await sql<{ n: number }>`select count(*) as n from filler`.execute(reopened.db);
      expect(Number(rows[0]!.n)).toBe(1_000);
    } finally {
      await reopened.close();
    }
  }, 20_000);

  it('is not started for an in-memory database', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
      expect(rows[0]!.wal_autocheckpoint).toBe(1_000);
    } finally {
      await store.close();
    }
  });
});
