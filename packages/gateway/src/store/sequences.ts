/**
 * Gap-free named counters. Each call is one INSERT … ON CONFLICT DO UPDATE … RETURNING, atomic on
 * SQLite and PostgreSQL alike, so concurrent callers (threads or gateway processes) never receive the
 * same value.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * The next value of counter `name` within `scope`. The first call returns `floor + 1`, so a counter
 * introduced over existing data can start above what is already used.
 */
export async function nextInSequence(db: Kysely<Database>, scope: string, name: string, floor = 0): Promise<number> {
  const row = await db
    .insertInto('sequences')
    .values({ scope, name, last_value: floor + 1 })
    .onConflict((oc) => oc.columns(['scope', 'name']).doUpdateSet({ last_value: sql<number>`sequences.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}
