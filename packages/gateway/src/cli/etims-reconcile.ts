/**
 * `ushuru etims reconcile --from YYYY-MM-DD --to YYYY-MM-DD [--app ID] [--json]`: compares the
 * branch's signed sales and credit notes of the range with what KRA holds (etims/reports/reconcile.ts),
 * from this process, on the same store as the server. Pages through the whole range, shows progress
 * on stderr, then prints a table (or JSON) on stdout.
 *
 * Exit code: 0 when every number matched; 2 when KRA and Ushuru differ somewhere (a variance, a
 * number missing at KRA, a number KRA holds without a document here); 1 on an error, including
 * numbers KRA could not be asked about (the check is incomplete: run it again).
 */
import type { Command } from 'commander';
import type { AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import {
  DEFAULT_RECONCILE_LIMIT,
  MAX_GAP_NUMBERS,
  MAX_RECONCILE_LIMIT,
  reconcileRange,
  type ReconcileItem,
  type ReconcileSummary,
} from '../etims/reports/reconcile.js';
import { checkDateRange } from '../etims/reports/report-inputs.js';
import { withCallContext } from '../requestlog/call-context.js';
import { describeError, findEtimsApp, openRuntime } from './etims-sale.js';

/** Where the command writes: stdout for the result, stderr for progress (a TTY gets a redrawn bar). */
export interface ReconcileIo {
  out: (line: string) => void;
  err: { write(text: string): unknown; isTTY?: boolean };
}

export interface ReconcileCliOptions {
  from: string;
  to: string;
  json?: boolean;
  /** Documents per page. */
  limit?: number;
}

/** The whole range's result, every page added up. */
export interface ReconcileTotals {
  from: string;
  to: string;
  app_id: number;
  tin: string;
  bhf_id: string;
  checked: number;
  gaps: { checked: number; truncated: boolean };
  summary: ReconcileSummary;
  items: ReconcileItem[];
}

const BAR_WIDTH = 30;

/** `[#####.....] 120/480 checked` */
export function progressBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} checked`;
}

/** A date flag as YYYY-MM-DD, or an error naming the flag. */
export function parseDateFlag(flag: string, value: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(Date.parse(value)).toISOString().slice(0, 10) === value;
  if (!ok) throw new Error(`${flag} must be a date YYYY-MM-DD, got "${value}".`);
  return value;
}

/** Every page of the range, with progress on `io.err`. */
export async function reconcileAll(deps: GatewayDeps, app: AppWithSecrets, options: ReconcileCliOptions, io: ReconcileIo): Promise<ReconcileTotals> {
  checkDateRange(options.from, options.to);
  const totals: ReconcileTotals = {
    from: options.from,
    to: options.to,
    app_id: app.id,
    tin: app.tin ?? '',
    bhf_id: app.bhf_id ?? '',
    checked: 0,
    gaps: { checked: 0, truncated: false },
    summary: { matched: 0, amount_variance: 0, missing_at_kra: 0, signed_without_data_here: 0, unverified: 0 },
    items: [],
  };
  const tty = io.err.isTTY === true;
  let cursor: string | null = null;
  let page = 0;
  do {
    const report = await reconcileRange(deps, app, {
      from: options.from,
      to: options.to,
      cursor,
      limit: options.limit ?? DEFAULT_RECONCILE_LIMIT,
      ...(tty ? { onProgress: ({ done, total }: { done: number; total: number }) => io.err.write(`\r${progressBar(done, total)}`) } : {}),
    });
    page += 1;
    totals.checked += report.checked;
    totals.gaps.checked += report.gaps.checked;
    totals.gaps.truncated ||= report.gaps.truncated;
    for (const key of Object.keys(totals.summary) as Array<keyof ReconcileSummary>) totals.summary[key] += report.summary[key];
    totals.items.push(...report.items);
    // Without a terminal, one plain line per page (logs and CI keep every line of a redrawn bar).
    if (!tty) io.err.write(`page ${page}: ${totals.checked}/${report.total} checked\n`);
    cursor = report.next_cursor;
  } while (cursor !== null);
  if (tty) io.err.write('\n');
  return totals;
}

/** 0 all matched, 2 differences, 1 numbers left unverified (and nothing else differs). */
export function exitCodeOf(totals: ReconcileTotals): 0 | 1 | 2 {
  const s = totals.summary;
  if (s.amount_variance + s.missing_at_kra + s.signed_without_data_here > 0) return 2;
  return s.unverified > 0 ? 1 : 0;
}

/** What one item says, on one line. */
function describeItem(item: ReconcileItem): string {
  const d = item.details;
  if (d.differences?.length) return d.differences.map((x) => `${x.field} ours ${x.ours ?? '-'} KRA ${x.kra ?? '-'}`).join('; ');
  if (item.category === 'signed_without_data_here')
    return `KRA holds ${d.trader_invoice_number ?? '?'} of ${d.sales_date ?? '?'}, total ${d.kra?.total ?? '?'}`;
  return d.reason ?? '';
}

/** The report for people: the counts, then every number that did not match. */
export function formatTable(t: ReconcileTotals): string {
  const lines = [
    `Reconciliation of app ${t.app_id} (${t.tin}/${t.bhf_id}), sales dated ${t.from} to ${t.to}: ${t.checked} document(s) checked, ${t.gaps.checked} gap number(s) asked.`,
    '',
  ];
  for (const [category, n] of Object.entries(t.summary)) lines.push(`  ${category.padEnd(26)} ${String(n).padStart(7)}`);
  if (t.gaps.truncated)
    lines.push('', `Only the first ${MAX_GAP_NUMBERS} gap numbers of a page were asked about: narrow the range or lower --limit to check the rest.`);
  if (t.items.length === 0) {
    lines.push('', 'Every number matched.');
    return lines.join('\n');
  }
  lines.push('', `${'Invoice'.padStart(9)}  ${'Document'.padStart(9)}  ${'Category'.padEnd(26)} ${'Reference'.padEnd(20)} Details`);
  for (const item of t.items) {
    lines.push(
      `${String(item.invoice_number).padStart(9)}  ${(item.document_id === null ? '-' : String(item.document_id)).padStart(9)}  ${item.category.padEnd(26)} ${(item.details.trader_invoice_number ?? '-').padEnd(20)} ${describeItem(item)}`,
    );
  }
  return lines.join('\n');
}

/** Runs the whole command against `deps` and `app`; returns its exit code. */
export async function runReconcile(deps: GatewayDeps, app: AppWithSecrets, options: ReconcileCliOptions, io: ReconcileIo): Promise<0 | 1 | 2> {
  const totals = await withCallContext(
    { tenantId: app.tenant_id, tokenId: null, route: 'cli:etims reconcile', requestId: `cli_${process.pid}_reconcile` },
    () => reconcileAll(deps, app, options, io),
  );
  io.out(options.json ? JSON.stringify(totals, null, 2) : formatTable(totals));
  return exitCodeOf(totals);
}

/** Registers `ushuru etims reconcile` under `etims`. */
export function registerEtimsReconcileCommand(etims: Command): void {
  etims
    .command('reconcile')
    .description("Compare the branch's signed sales and credit notes of a date range with what KRA holds (exit 0 all matched, 2 differences, 1 errors)")
    .requiredOption('--from <date>', 'first sale date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last sale date, YYYY-MM-DD')
    .option('--app <id>', 'the eTIMS app (branch); required when there are several')
    .option('--limit <n>', `documents asked about per page (1-${MAX_RECONCILE_LIMIT})`, String(DEFAULT_RECONCILE_LIMIT))
    .option('--json', 'print the result as JSON')
    .action(async (opts: { from: string; to: string; app?: string; limit: string; json?: boolean }) => {
      const from = parseDateFlag('--from', opts.from);
      const to = parseDateFlag('--to', opts.to);
      const limit = Number(opts.limit);
      if (!/^\d{1,9}$/.test(opts.limit) || limit < 1 || limit > MAX_RECONCILE_LIMIT) {
        throw new Error(`--limit must be a whole number from 1 to ${MAX_RECONCILE_LIMIT}, got "${opts.limit}".`);
      }
      const runtime = await openRuntime();
      try {
        const app = await findEtimsApp(runtime, opts.app);
        process.exitCode = await runReconcile(
          runtime.deps,
          app,
          { from, to, limit, json: opts.json === true },
          {
            out: (line) => console.log(line),
            err: process.stderr,
          },
        );
      } catch (err) {
        if (err instanceof ApiError) throw new Error(describeError(err));
        throw err;
      } finally {
        await runtime.close();
      }
    });
}
