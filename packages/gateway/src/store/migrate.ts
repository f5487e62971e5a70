/**
 * Schema migrations, run at start and by `ushuru migrate`. Migrations are code (not files found at
 * run time) so that they ship inside the package and run identically on both engines.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect, Store } from './db.js';
import * as m001 from './migrations/001_initial.js';
import * as m002 from './migrations/002_request_logs.js';
import * as m003 from './migrations/003_etims.js';
import * as m004 from './migrations/004_idempotency.js';
import * as m005 from './migrations/005_sequences.js';
import * as m006 from './migrations/006_etims_documents.js';
import * as m007 from './migrations/007_webhooks.js';
import * as m008 from './migrations/008_z_reports.js';
import * as m009 from './migrations/009_proformas_public_pages.js';
import * as m010 from './migrations/010_oscu_credentials.js';
import * as m011 from './migrations/011_dashboard_users.js';

type DialectMigration = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

/** Every migration, in order. Append only: never edit one that has shipped. */
const MIGRATIONS: Record<string, DialectMigration> = {
  '001_initial': m001,
  '002_request_logs': m002,
  '003_etims': m003,
  '004_idempotency': m004,
  '005_sequences': m005,
  '006_etims_documents': m006,
  '007_webhooks': m007,
  '008_z_reports': m008,
  '009_proformas_public_pages': m009,
  '010_oscu_credentials': m010,
  '011_dashboard_users': m011,
};

/** Applies every pending migration; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, store.dialect) };
      return out;
    },
  };
  // Name the schema explicitly: Kysely's table introspection would otherwise see other schemas' tables.
  const migrator = new Migrator({ db: store.db, provider, ...(store.schema ? { migrationTableSchema: store.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
