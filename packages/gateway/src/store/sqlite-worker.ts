/**
 * The SQLite database's worker thread: a second connection to the same file that does, off the
 * event loop, what no request should wait for.
 *
 * - **Checkpoints.** SQLite's automatic checkpoint runs inside the commit that crosses its threshold
 *   (1,000 pages): that commit copies the log into the database file and syncs it, on the event loop.
 *   Under load that was a 5-12 ms pause every few seconds, in the p99 of every request (measured with
 *   the request log's 50-row INSERTs: 30 of 2,000 took over 3 ms, the longest 12 ms; with no
 *   automatic checkpoint, none took over 0.8 ms). The worker runs a PASSIVE checkpoint, which
 *   neither waits for nor blocks readers and writers, once a second. The main connection keeps an
 *   automatic checkpoint at a much larger size, so the log stays bounded should the worker stop.
 * - **Background writes** ({@link BackgroundWriter.run}): statements nobody waits on for an answer,
 *   the request log's batches. better-sqlite3 is synchronous, so a 50-row INSERT ran on the event
 *   loop. SQLite lets one writer at a time, and each connection waits for the other through the
 *   busy timeout; for that to be safe the main connection begins every transaction IMMEDIATE
 *   (store/db.ts): a deferred transaction that read and then wrote would fail outright if the
 *   worker committed in between. A statement the worker cannot run, because it is gone or the file
 *   stayed locked past the busy timeout, rejects with {@link BackgroundWriterUnavailable}: the caller
 *   runs it on the main connection instead, so nothing is lost.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages of log after which the main connection checkpoints by itself (the worker's fallback). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

/** The worker, as the store hands it out. */
export interface BackgroundWriter {
  /** Runs one statement on the worker's connection; resolves once it is committed. */
  run(sql: string, params: ReadonlyArray<unknown>): Promise<void>;
  /** Stops checkpointing and closes the worker's connection once the statements already sent have run. */
  stop(): Promise<void>;
}

/** The statement was not run: run it on the main connection. */
export class BackgroundWriterUnavailable extends Error {
  override name = 'BackgroundWriterUnavailable';
}

export interface SqliteWorkerOptions {
  /** How often the log is checkpointed. Default 1 000 ms. */
  checkpointIntervalMs?: number;
  /** How long a background write waits for a lock held by the main connection. Default 5 000 ms. */
  busyTimeoutMs?: number;
  /** Called with the message of a failed checkpoint or a worker that stopped (never with data). */
  onError?: (message: string) => void;
}

/** A statement's answer (`id`), or a failed checkpoint's message (no `id`). */
interface Reply {
  id?: number;
  error?: string;
  busy?: boolean;
}

// CommonJS, evaluated in the worker. Statements are kept by text: the request log sends a few texts
// (one per batch size) over and over.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.pragma('foreign_keys = ON');
db.pragma('synchronous = NORMAL');
const report = (err) => parentPort.postMessage({ error: String((err && err.message) || err) });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    report(err);
  }
}, workerData.checkpointIntervalMs);
const statements = new Map();
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    try {
      db.close();
    } catch (err) {
      report(err);
    }
    parentPort.close();
    return;
  }
  try {
    let statement = statements.get(message.sql);
    if (!statement) {
      statement = db.prepare(message.sql);
      if (statements.size >= 100) statements.delete(statements.keys().next().value);
      statements.set(message.sql, statement);
    }
    statement.run(message.params);
    parentPort.postMessage({ id: message.id });
  } catch (err) {
    const code = String((err && err.code) || '');
    parentPort.postMessage({ id: message.id, error: String((err && err.message) || err), busy: code.startsWith('SQLITE_BUSY') });
  }
});
`;

/** Starts the worker for `file` (an existing database in WAL mode). */
export function startSqliteWorker(file: string, options: SqliteWorkerOptions = {}): BackgroundWriter {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, checkpointIntervalMs: options.checkpointIntervalMs ?? 1_000, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 },
  });
  // Referenced only while statements are on their way: the worker never keeps an idle process alive
  // (the main connection's fallback covers a stopped worker), and a process about to exit still
  // sees its last batch written.
  worker.unref();
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let nextId = 0;
  let gone = false;
  let stopped: Promise<void> | undefined;

  const failAll = () => {
    gone = true;
    for (const { reject } of pending.values()) reject(new BackgroundWriterUnavailable('the SQLite worker stopped'));
    pending.clear();
  };
  worker.on('message', (reply: Reply) => {
    if (reply.id === undefined) {
      if (reply.error !== undefined) options.onError?.(`WAL checkpoint failed: ${reply.error}`);
      return;
    }
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.error === undefined) waiting.resolve();
    else if (reply.busy) waiting.reject(new BackgroundWriterUnavailable(`the database stayed locked: ${reply.error}`));
    else waiting.reject(new Error(reply.error));
  });
  worker.on('error', (err) => {
    options.onError?.(`SQLite worker stopped: ${err.message}`);
    failAll();
  });
  worker.on('exit', (code) => {
    if (!stopped && code !== 0) options.onError?.(`SQLite worker exited with code ${code}`);
    failAll();
  });

  return {
    run(sql, params) {
      if (gone || stopped) return Promise.reject(new BackgroundWriterUnavailable('the SQLite worker is stopped'));
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (pending.size === 1) worker.ref();
        worker.postMessage({ id, sql, params });
      });
    },
    stop() {
      if (stopped) return stopped;
      if (gone) return (stopped = Promise.resolve());
      stopped = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        // Held while it closes: an unref'd worker alone would let the process exit mid-close, before
        // whoever awaits this (a CLI about to print its error) runs again. Messages are handled in
        // order: what was sent before 'stop' is written first.
        worker.ref();
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
