/**
 * PostgreSQL schemas for tests. Every test file gets schemas of its own, named after the test run;
 * they are all dropped once, when the run ends (global-setup.ts), never while other files run:
 * Kysely's migrator inspects every schema's tables, and a schema dropped at that moment makes its
 * catalog query fail ("schema … does not exist").
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pgConnection } from '../store/db.js';

export const TEST_PG_URL = process.env.USHURU_TEST_PG_URL ?? 'postgres://127.0.0.1:5432/test';

/** The current run's id (set by the global setup), or undefined outside a full vitest run. */
function runId(): string | undefined {
  const id = process.env.USHURU_TEST_RUN_ID;
  return id && /^[a-z0-9]{1,16}$/.test(id) ? id : undefined;
}

/** A fresh schema name for this run, e.g. `t_1a2b3c_9f8e7d6c5b4a`. */
export function testSchemaName(prefix: string): string {
  return `${prefix}_${runId() ?? 'adhoc'}_${randomBytes(6).toString('hex')}`;
}

/** Drops `schema` now when no run-wide teardown will (a file run on its own without the global setup). */
export async function dropSchemaUnlessRunCleansUp(schema: string): Promise<void> {
  if (runId()) return;
  await dropSchemas([schema]);
}

/** Drops every schema of run `id`. */
export async function dropRunSchemas(id: string): Promise<void> {
  const client = new pg.Client(pgConnection(TEST_PG_URL));
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`%\\_${id}\\_%`]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function dropSchemas(schemas: string[]): Promise<void> {
  const client = new pg.Client(pgConnection(TEST_PG_URL));
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}
