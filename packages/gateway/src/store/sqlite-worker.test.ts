/**
 * The SQLite worker thread. Checkpoints: the log reaches the database file within a few intervals
 * although the main connection's own threshold is far off, and closing the store stops the worker
 * and leaves every row in the file. Background writes: committed when their promise resolves, the
 * main connection's transactions wait for them instead of failing, and a batch of the request log
 * the worker cannot take is written on the main connection.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createRequestLogWriter } from '../requestlog/writer.js';
import { requestLogRow } from '../test-support/request-log.js';
import { openStore, type Store } from './db.js';
import { migrateToLatest } from './migrate.js';
import { BackgroundWriterUnavailable, FALLBACK_AUTOCHECKPOINT_PAGES } from './sqlite-worker.js';

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

describe('the SQLite worker’s checkpoints', () => {
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
      expect(store.background).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

let files = 0;
async function withStore(run: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(`sqlite:${join(dir, `${files++}.db`)}`);
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

const count = async (store: Store, table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(store.db)).rows[0]!.n);

describe('the SQLite worker’s background writes', () => {
  it('commits before its promise resolves, and reports a failed statement with SQLite’s message', async () => {
    await withStore(async (store) => {
      await sql`create table notes (id integer primary key, body text not null)`.execute(store.db);
      const background = store.background!;
      await Promise.all([1, 2, 3].map((id) => background.run('insert into notes (id, body) values (?, ?)', [id, `note ${id}`])));
      expect(await count(store, 'notes')).toBe(3);
      const failed = await background.run('insert into notes (id, body) values (?, ?)', [1, 'the secret value']).catch((err: Error) => err);
      expect(failed).toBeInstanceOf(Error);
      expect(failed).not.toBeInstanceOf(BackgroundWriterUnavailable);
      expect((failed as Error).message).toMatch(/UNIQUE constraint failed/);
      // The values bound are never part of the message.
      expect((failed as Error).message).not.toContain('the secret value');
    });
  });

  it('refuses work once stopped, as unavailable (so the caller writes it elsewhere)', async () => {
    await withStore(async (store) => {
      await store.background!.stop();
      await expect(store.background!.run('select 1', [])).rejects.toBeInstanceOf(BackgroundWriterUnavailable);
    });
  });

  it('makes a main-connection transaction that reads, waits, then writes wait for the lock instead of failing', async () => {
    await withStore(async (store) => {
      await sql`create table counters (name text primary key, value integer not null)`.execute(store.db);
      await sql`insert into counters (name, value) values ('a', 0)`.execute(store.db);
      let workerWrite: Promise<void> | undefined;
      await store.db.transaction().execute(async (trx) => {
        const before = await sql<{ value: number }>`select value from counters where name = 'a'`.execute(trx);
        // The worker writes while this transaction is open. A deferred transaction would now hold
        // an old snapshot and fail to write (SQLITE_BUSY); an immediate one holds the lock already.
        workerWrite = store.background!.run(`insert into counters (name, value) values ('b', 1)`, []);
        await new Promise((resolve) => setTimeout(resolve, 150));
        await sql`update counters set value = ${Number(before.rows[0]!.value) + 1} where name = 'a'`.execute(trx);
      });
      await workerWrite;
      const rows = await sql<{ name: string; value: number }>`select name, value from counters order by name`.execute(store.db);
      expect(rows.rows.map((r) => [r.name, Number(r.value)])).toEqual([
        ['a', 1],
        ['b', 1],
      ]);
    });
  });

  it('carries the request log’s batches, which fall back to the main connection when it is gone', async () => {
    await withStore(async (store) => {
      await migrateToLatest(store);
      await sql`insert into tenants (id, name, created_at) values ('t1', 'T', ${new Date().toISOString()})`.execute(store.db);
      const logger = pino({ level: 'silent' });
      const row = (i: number) => requestLogRow('t1', { route: `/r/${i}`, request_id: `req-${i}` });
      const writer = createRequestLogWriter(store.db, store.dialect, logger, { intervalMs: 3_600_000, batchSize: 5, background: store.background! });
      for (let i = 0; i < 12; i++) writer.record(row(i));
      await writer.flush();
      expect(await count(store, 'request_logs')).toBe(12);
      // The worker stops (it would be the same if it died): the next batches go through the main connection.
      await store.background!.stop();
      for (let i = 12; i < 20; i++) writer.record(row(i));
      await writer.stop();
      expect(await count(store, 'request_logs')).toBe(20);
    });
  });
});
