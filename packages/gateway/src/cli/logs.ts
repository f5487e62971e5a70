/**
 * `ushuru logs tail [-n N] [--follow]`: the request log (every KRA call made through the gateway),
 * oldest first like `tail`. With `--follow` it polls for new entries every few seconds until
 * interrupted; the interval is bounded so a typo cannot hammer the gateway or stall for hours.
 */
import type { Command } from 'commander';
import type { Ushuru } from '@ushuru/sdk';
import { apiCommand, clientOf, parseInteger, type CommonFlags } from './command.js';
import { parseAppId } from './connection.js';
import { cell, writeOut } from './output.js';

/** One entry of `GET /api/logs`. */
export interface LogEntry {
  id: number;
  request_id: string;
  app_id: number | null;
  kind: string;
  route: string;
  kra_path: string | null;
  status: number | null;
  kra_code: string | null;
  error: string | null;
  latency_ms: number | null;
  created_at: string;
}

interface TailFlags extends CommonFlags {
  lines: string;
  follow?: boolean;
  interval: string;
  status?: string;
  route?: string;
  kraCode?: string;
}

type LogQuery = NonNullable<Parameters<Ushuru['logs']['list']>[0]>;

/** Pages fetched per poll at most: a burst beyond that many pages is summarised, not replayed. */
const MAX_PAGES_PER_POLL = 10;
const PAGE_SIZE = 200;

export function formatLogEntry(e: LogEntry): string {
  return [
    e.created_at,
    String(e.status ?? '-').padStart(3),
    e.kind.padEnd(6),
    cell(e.kra_path).padEnd(28),
    cell(e.kra_code).padEnd(5),
    `${e.latency_ms ?? '-'}ms`.padStart(7),
    e.route,
    e.request_id,
    e.error ? `error: ${e.error}` : '',
  ]
    .join('  ')
    .trimEnd();
}

/** The entries newer than `afterId` (all, when undefined), newest first, at most `max`. */
async function newest(sdk: Ushuru, query: LogQuery, max: number, afterId: number | undefined): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  let pages = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await sdk.logs.list({ ...query, limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
    pages += 1;
    for (const entry of page.data as unknown as LogEntry[]) {
      if (afterId !== undefined && entry.id <= afterId) return out;
      out.push(entry);
      if (out.length >= max) return out;
    }
    if (page.nextCursor === null || pages >= MAX_PAGES_PER_POLL) return out;
    cursor = page.nextCursor;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

export function registerLogCommands(program: Command): void {
  const logs = program.command('logs').description('The request log: KRA calls made through the gateway');

  apiCommand(logs, 'tail', 'Print the latest request-log entries, oldest first; --follow keeps printing new ones (Ctrl-C stops)', [
    'ushuru logs tail',
    'ushuru logs tail -n 100 --status 502',
    'ushuru logs tail --follow --interval 5 --app 2',
    'ushuru logs tail --json | jq .kra_code',
  ])
    .option('-n, --lines <n>', 'how many of the latest entries to print first (0-1000)', '20')
    .option('-f, --follow', 'keep polling for new entries until interrupted')
    .option('--interval <seconds>', 'seconds between polls with --follow (1-60)', '2')
    .option('--status <code>', 'only answers with this HTTP status')
    .option('--route <route>', 'only calls made by this gateway route (e.g. /api/etims/sales)')
    .option('--kra-code <code>', 'only KRA answers with this result code (e.g. 000, 994)')
    .action(async (opts: TailFlags) => {
      const lines = parseInteger('--lines', opts.lines, 0, 1000);
      const intervalMs = parseInteger('--interval', opts.interval, 1, 60) * 1000;
      const appId = parseAppId(opts.app);
      const query: LogQuery = {
        ...(appId !== undefined ? { app_id: String(appId) } : {}),
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.route ? { route: opts.route } : {}),
        ...(opts.kraCode ? { kra_code: opts.kraCode } : {}),
      };
      const { sdk } = clientOf(opts);
      // One JSON object per line with --json: the output is a stream, and `jq` reads it as one.
      const print = (entries: LogEntry[]) => {
        for (const e of [...entries].reverse()) writeOut(opts.json ? JSON.stringify(e) : formatLogEntry(e));
      };

      const first = lines > 0 || opts.follow ? await newest(sdk, query, Math.max(lines, 1), undefined) : [];
      let lastId = first[0]?.id ?? 0;
      print(first.slice(0, lines));
      if (!opts.follow) return;

      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        while (!stop.signal.aborted) {
          await pause(intervalMs, stop.signal);
          if (stop.signal.aborted) break;
          const fresh = await newest(sdk, query, PAGE_SIZE * MAX_PAGES_PER_POLL, lastId);
          if (fresh.length > 0) {
            lastId = fresh[0]!.id;
            print(fresh);
          }
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
