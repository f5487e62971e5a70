/**
 * Opens the store: SQLite (embedded default, one process) or PostgreSQL (several processes),
 * behind one Kysely query API. SQLite runs in WAL mode with foreign keys and a busy timeout so it
 * behaves like a server database for one process.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startSqliteWorker, type BackgroundWriter } from './sqlite-worker.js';

export type Dialect = 'sqlite' | 'postgres';

/** An open store with its dialect, which a few statements (locks, upserts) depend on. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL schema in use, when not the default search path. */
  schema?: string;
  /**
   * SQLite in a file: the worker thread's connection (store/sqlite-worker.ts), for writes no request
   * waits for. PostgreSQL needs none: its writes never block the event loop.
   */
  background?: BackgroundWriter;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL schema to use (tests give each file its own); created when missing. */
  pgSchema?: string;
  /** Pool size for PostgreSQL. */
  pgPoolSize?: number;
  /** How often the SQLite log is checkpointed off the event loop (store/sqlite-worker.ts). Default 1 s. */
  walCheckpointIntervalMs?: number;
  /** Told about trouble the store copes with by itself (a failed background checkpoint). */
  onWarning?: (message: string) => void;
}

/** Opens `url` (`sqlite:<file>`, `sqlite::memory:` or `postgres://…`). */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), options);
  return openPostgres(url, options);
}

function openSqlite(file: string, options: OpenStoreOptions): Store {
  const inMemory = file === ':memory:';
  if (!inMemory) createPrivately(file);
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // Checkpoints and the request log's writes happen in a worker, not on the event loop (see the module).
  const background = inMemory
    ? undefined
    : startSqliteWorker(file, {
        ...(options.walCheckpointIntervalMs ? { checkpointIntervalMs: options.walCheckpointIntervalMs } : {}),
        onError: options.onWarning,
      });
  if (background) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    ...(background ? { background } : {}),
    async close() {
      await background?.stop();
      await db.destroy();
    },
  };
}

/**
 * The database holds sealed credentials and every tenant's documents: its folder is created 0700
 * and the file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the database
 * file's mode). Files an older version created readable by others are tightened.
 */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch {
      // -wal and -shm exist only while a connection is open.
    }
  }
}

/** Connection settings; a URL without a user name connects as the OS user, like psql does. */
export function pgConnection(url: string): pg.ClientConfig {
  const parsed = new URL(url);
  // pg lets the connection string's (missing) user override a separate `user` option: set it in the URL.
  if (!parsed.username) parsed.username = process.env.PGUSER || process.env.USER || userInfo().username;
  return { connectionString: parsed.toString() };
}

/**
 * Kysely prepares every query anew; compiling SQL was a tenth of the gateway's CPU per request.
 * Statements are reused by SQL text (bounded, oldest dropped first). Safe because better-sqlite3 is
 * synchronous: a statement is never in use by two queries at once.
 *
 * Kysely begins transactions DEFERRED. Here they begin IMMEDIATE, taking the write lock at once:
 * with a second writer on the file (the worker's background writes), a deferred transaction that read, then
 * wrote after the other had committed, would fail with SQLITE_BUSY instead of waiting for the lock.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const sql = text === 'begin' ? 'begin immediate' : text;
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

async function openPostgres(url: string, options: OpenStoreOptions): Promise<Store> {
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  if (schema) {
    const admin = new pg.Client(pgConnection(url));
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    ...pgConnection(url),
    max: options.pgPoolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', ...(schema ? { schema } : {}), close: () => db.destroy() };
}
