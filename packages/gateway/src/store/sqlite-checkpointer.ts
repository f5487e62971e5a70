/**
 * Checkpoints the SQLite write-ahead log from a worker thread.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses its threshold (1,000 pages):
 * that commit copies the log into the database file and syncs it, on the event loop. Under load
 * that was a 5-12 ms pause every few seconds, in the p99 of every request (measured with the request
 * log's 50-row INSERTs: 30 of 2,000 took over 3 ms, the longest 12 ms; with no automatic checkpoint,
 * none took over 0.8 ms). Here a worker with its own connection runs a PASSIVE checkpoint, which
 * neither waits for nor blocks readers and writers, once a second. The main connection keeps an
 * automatic checkpoint at a much larger size, so the log stays bounded should the worker ever stop.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages of log after which the main connection checkpoints by itself (the worker's fallback). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

export interface Checkpointer {
  /** Stops the worker and closes its connection. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  /** Called with the message of a failed checkpoint or a worker that stopped (never with data). */
  onError?: (message: string) => void;
}

// CommonJS, evaluated in the worker: it opens the same file and checkpoints on a timer.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const report = (err) => parentPort.postMessage({ error: String((err && err.message) || err) });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    report(err);
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try {
    db.close();
  } catch (err) {
    report(err);
  }
  parentPort.close();
});
`;

/** Starts checkpointing `file` (a database in WAL mode) from a worker thread. */
export function startCheckpointer(file: string, options: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs ?? 1_000 } });
  // It never keeps the process alive; the main connection's fallback covers a stopped worker.
  worker.unref();
  let stopping = false;
  let exited = false;
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(`WAL checkpoint failed: ${message.error}`);
  });
  worker.on('error', (err) => options.onError?.(`WAL checkpointer stopped: ${err.message}`));
  worker.on('exit', (code) => {
    exited = true;
    if (!stopping && code !== 0) options.onError?.(`WAL checkpointer exited with code ${code}`);
  });
  return {
    stop() {
      if (stopping || exited) return Promise.resolve();
      stopping = true;
      return new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        // Held while it closes: an unref'd worker alone would let the process exit mid-close,
        // before whoever awaits this (a CLI about to print its error) runs again.
        worker.ref();
        worker.postMessage('stop');
      });
    },
  };
}
