/**
 * Portable bulk upsert (`INSERT … ON CONFLICT (keys) DO UPDATE SET col = excluded.col`), the same
 * statement on SQLite and PostgreSQL. Rows are de-duplicated by key first, because PostgreSQL
 * refuses to update one row twice in a statement.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

const CHUNK = 200;

/** Inserts or updates `rows` of `table` on the primary key `keys`. */
export async function upsertRows(
  db: Kysely<Database>,
  table: keyof Database,
  keys: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const unique = new Map<string, Record<string, unknown>>();
  for (const row of rows) unique.set(JSON.stringify(keys.map((k) => row[k])), row);
  const all = [...unique.values()];
  const updates = Object.keys(first).filter((c) => !keys.includes(c));
  for (let i = 0; i < all.length; i += CHUNK) {
    await db
      .insertInto(table)
      .values(all.slice(i, i + CHUNK) as never)
      .onConflict((oc) => oc.columns(keys as never).doUpdateSet(Object.fromEntries(updates.map((c) => [c, sql.ref(`excluded.${c}`)])) as never))
      .execute();
  }
}
