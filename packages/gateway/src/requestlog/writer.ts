/**
 * Batches request-log rows: `record()` only appends to memory, and a timer (plus shutdown) writes
 * them in multi-row INSERTs, so a KRA call never waits on a log write. A store outage loses log rows,
 * never requests; the buffer is capped so a long outage cannot exhaust memory.
 */
import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { Dialect } from '../store/db.js';
import { BackgroundWriterUnavailable, type BackgroundWriter } from '../store/sqlite-worker.js';
import type { Database } from '../store/schema.js';
import type { RequestLogsTable } from './table.js';

/** A row as written (the id is assigned by the store). */
export type RequestLogRow = Omit<Selectable<RequestLogsTable>, 'id'>;

/** The columns of a row, in the order of the INSERT's values. */
const COLUMNS = [
  'tenant_id',
  'token_id',
  'app_id',
  'kind',
  'route',
  'kra_path',
  'status',
  'kra_http_status',
  'kra_code',
  'error',
  'latency_ms',
  'request_id',
  'request_body',
  'response_body',
  'created_at',
] as const satisfies ReadonlyArray<keyof RequestLogRow>;

/**
 * The INSERT of `rows` rows, written once per row count and engine. Built by hand rather than by
 * Kysely's builder: building and compiling a 50-row INSERT per batch (750 values) was a few % of a
 * KRA call's CPU, and the same text lets SQLite reuse its prepared statement (store/db.ts).
 */
function insertText(dialect: Dialect, rows: number): string {
  let n = 0;
  const tuple = () => `(${COLUMNS.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
  return `insert into request_logs (${COLUMNS.join(', ')}) values ${Array.from({ length: rows }, tuple).join(', ')}`;
}

/** Buffers rows and writes them in batches. */
export interface RequestLogWriter {
  /** Queues a row; never throws, never waits. */
  record(row: RequestLogRow): void;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left (shutdown). */
  stop(): Promise<void>;
}

/** Options of {@link createRequestLogWriter}. */
export interface RequestLogWriterOptions {
  /** How often queued rows are written. Default 1 000 ms. */
  intervalMs?: number;
  /** Rows per INSERT; also the queue length that triggers an early write. Default 50 (a short block on SQLite). */
  batchSize?: number;
  /** Rows kept while the store is unreachable; older rows are dropped beyond it. Default 50 000. */
  maxQueued?: number;
  /** Bytes of queued rows (bodies dominate when capture is on); older rows are dropped beyond it. Default 64 MiB. */
  maxQueuedBytes?: number;
  /**
   * Where batches are written off the event loop (SQLite in a file: `Store.background`). A batch it
   * cannot take is written through `db` instead.
   */
  background?: BackgroundWriter;
}

/** Approximate memory of a queued row: its captured bodies plus a fixed share for the rest. */
function rowBytes(row: RequestLogRow): number {
  return 256 + (row.request_body?.length ?? 0) + (row.response_body?.length ?? 0);
}

/** Creates the writer and starts its timer (unref'd: it never keeps the process alive). */
export function createRequestLogWriter(db: Kysely<Database>, dialect: Dialect, logger: Logger, options: RequestLogWriterOptions = {}): RequestLogWriter {
  const batchSize = options.batchSize ?? 50;
  const background = options.background;
  const texts = new Map<number, string>();
  const insert = (batch: RequestLogRow[]) => {
    let text = texts.get(batch.length);
    if (text === undefined) texts.set(batch.length, (text = insertText(dialect, batch.length)));
    const values: unknown[] = [];
    for (const row of batch) for (const column of COLUMNS) values.push(row[column]);
    const onMainConnection = () => db.executeQuery(CompiledQuery.raw(text, values));
    if (!background) return onMainConnection();
    return background.run(text, values).catch((err: unknown) => {
      if (err instanceof BackgroundWriterUnavailable) return onMainConnection();
      throw err;
    });
  };
  const maxQueued = options.maxQueued ?? 50_000;
  const maxQueuedBytes = options.maxQueuedBytes ?? 64 * 1024 * 1024;
  let queue: RequestLogRow[] = [];
  let queuedBytes = 0;
  let dropped = 0;
  let flushing: Promise<void> = Promise.resolve();
  let earlyFlushScheduled = false;

  /**
   * Writes the queue in batches; with `whole` false only full batches, leaving the rest for the
   * timer or the next full batch. (Rows keep arriving while batches are written: writing whatever
   * had come meant INSERTs of one or two rows back to back under load, at four times the CPU of a
   * row in a full batch.)
   */
  async function writeQueued(whole: boolean): Promise<void> {
    for (let first = true; queue.length >= (whole ? 1 : batchSize); first = false) {
      // Between batches the event loop serves requests: an INSERT on the main SQLite connection (in
      // memory, or the worker's fallback) blocks it while it runs, and batches written back to back
      // were a pause long enough to show in the p99 of every call.
      if (!first) await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.splice(0, batchSize);
      for (const row of batch) queuedBytes -= rowBytes(row);
      try {
        await insert(batch);
      } catch (err) {
        // Retrying could block every later batch behind a poison row: log and move on.
        logger.warn({ err, rows: batch.length }, 'request log batch could not be written; rows dropped');
      }
    }
    if (dropped > 0) {
      logger.warn({ dropped }, 'request log queue overflowed; oldest rows dropped');
      dropped = 0;
    }
  }

  const write = (whole: boolean): Promise<void> => {
    const run = () => writeQueued(whole);
    flushing = flushing.then(run, run);
    return flushing;
  };
  const flush = (): Promise<void> => write(true);
  const timer = setInterval(() => void flush(), options.intervalMs ?? 1_000);
  timer.unref();

  return {
    record(row) {
      queue.push(row);
      queuedBytes += rowBytes(row);
      // Oldest rows go first when the queue is too long or too large (body capture on a slow store).
      let drop = 0;
      while (queue.length - drop > maxQueued || (queuedBytes > maxQueuedBytes && queue.length - drop > 1)) {
        queuedBytes -= rowBytes(queue[drop]!);
        drop++;
      }
      if (drop > 0) {
        dropped += drop;
        queue = queue.slice(drop);
      }
      if (queue.length >= batchSize && !earlyFlushScheduled) {
        earlyFlushScheduled = true;
        setImmediate(() => {
          earlyFlushScheduled = false;
          void write(false);
        });
      }
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
