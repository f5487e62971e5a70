/**
 * Runs writes that no request waits for (the request log's batches) on a worker thread with its own
 * SQLite connection, so that their INSERTs never block the event loop.
 *
 * better-sqlite3 is synchronous: a 50-row request-log INSERT ran on the event loop, about a tenth
 * of the main thread's CPU per KRA call under load (measured side by side, BENCHMARKS.md). The
 * worker's connection writes to the same file; SQLite lets one writer at a time, and each waits for
 * the other through the busy timeout. For that to be safe the main connection begins every
 * transaction IMMEDIATE (store/db.ts): a deferred transaction that read and then wrote would fail
 * outright if the worker committed in between.
 *
 * A write the worker cannot run because it is gone, or because the file stayed locked past the busy
 * timeout, rejects with {@link BackgroundWriterUnavailable}: the caller runs it on the main
 * connection instead, so nothing is lost.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker's side of {@link BackgroundWriter}. */
export interface BackgroundWriter {
  /** Runs one statement on the worker's connection; resolves once it is committed. */
  run(sql: string, params: ReadonlyArray<unknown>): Promise<void>;
  /** Closes the worker's connection once the statements already sent have run. */
  stop(): Promise<void>;
}

/** The statement was not run: run it on the main connection. */
export class BackgroundWriterUnavailable extends Error {
  override name = 'BackgroundWriterUnavailable';
}

export interface BackgroundWriterOptions {
  /** How long the worker waits for a write lock held by the main connection. Default 5 000 ms. */
  busyTimeoutMs?: number;
  /** Called when the worker stops unexpectedly (never with data). */
  onError?: (message: string) => void;
}

interface Reply {
  id: number;
  error?: string;
  busy?: boolean;
}

// CommonJS, evaluated in the worker. Statements are kept by text: the request log sends a few
// texts (one per batch size) over and over.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.pragma('foreign_keys = ON');
db.pragma('synchronous = NORMAL');
const statements = new Map();
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
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

/**
 * A writer for `file` (an existing database in WAL mode). Its worker starts with the first
 * statement: a command that opens the store and never writes in the background starts no thread.
 */
export function startBackgroundWriter(file: string, options: BackgroundWriterOptions = {}): BackgroundWriter {
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let worker: Worker | undefined;
  let nextId = 0;
  let gone = false;
  let stopped: Promise<void> | undefined;

  const failAll = () => {
    gone = true;
    for (const { reject } of pending.values()) reject(new BackgroundWriterUnavailable('the SQLite background writer stopped'));
    pending.clear();
  };

  function spawn(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 } });
    // Referenced only while statements are on their way: the worker never keeps an idle process
    // alive, and a process that is about to exit still sees its last batch written.
    started.unref();
    started.on('message', (reply: Reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if (reply.error === undefined) waiting.resolve();
      else if (reply.busy) waiting.reject(new BackgroundWriterUnavailable(`the database stayed locked: ${reply.error}`));
      else waiting.reject(new Error(reply.error));
    });
    started.on('error', (err) => {
      options.onError?.(`SQLite background writer stopped: ${err.message}`);
      failAll();
    });
    started.on('exit', (code) => {
      if (!stopped && code !== 0) options.onError?.(`SQLite background writer exited with code ${code}`);
      failAll();
    });
    return started;
  }

  return {
    run(sql, params) {
      if (gone || stopped) return Promise.reject(new BackgroundWriterUnavailable('the SQLite background writer is stopped'));
      worker ??= spawn();
      const id = nextId++;
      const target = worker;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (pending.size === 1) target.ref();
        target.postMessage({ id, sql, params });
      });
    },
    stop() {
      if (stopped) return stopped;
      const running = worker;
      if (!running || gone) {
        gone = true;
        stopped = Promise.resolve();
        return stopped;
      }
      stopped = new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        // Messages are handled in order: what was sent before 'stop' is written first.
        running.ref();
        running.postMessage('stop');
      });
      return stopped;
    },
  };
}
