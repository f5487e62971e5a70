/**
 * `ushuru reports reconcile --from YYYY-MM-DD --to YYYY-MM-DD` (also `ushuru etims reconcile`): the
 * branch's signed sales and credit notes of the range compared with what KRA holds, paging through
 * `GET /api/etims/reports/reconciliation` with progress on stderr, then a table (or JSON) on stdout.
 *
 * Exit code: 0 when every number matched; 2 when KRA and Ushuru differ somewhere (a variance, a
 * number missing at KRA, a number KRA holds without a document here); 1 on an error, including
 * numbers KRA could not be asked about (the check is incomplete: run it again).
 */
import type { Data } from '@ushuru/sdk';
import type { Command } from 'commander';
import { apiCommand, clientOf, parseDateFlag, parseInteger, type CommonFlags } from './command.js';
import { printJson, writeErr, writeOut } from './output.js';
import { progressBar, type Progress } from './progress.js';

/** One page as the gateway answers it: the SDK's type, generated from the gateway's OpenAPI document. */
export type ReconcilePage = Data<'/api/etims/reports/reconciliation', 'get'>;
export type ReconcileItem = ReconcilePage['items'][number];
type Category = keyof ReconcilePage['summary'];

/** The whole range: every page added up. */
export type ReconcileTotals = Omit<ReconcilePage, 'next_cursor' | 'total'> & { pages: number };

/** The reconciliation asks KRA about at most this many missing numbers per page (the server's MAX_GAP_NUMBERS). */
const GAP_NUMBERS_PER_PAGE = 1000;

/** Every page of the range; progress goes to the bar, or (without a terminal) one line per page to `log`. */
export async function reconcileAll(
  fetchPage: (cursor: string | undefined) => Promise<ReconcilePage>,
  io: { progress: Progress; log: (line: string) => void; terminal: boolean },
): Promise<ReconcileTotals> {
  let totals: ReconcileTotals | undefined;
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    if (!totals) {
      totals = {
        from: page.from,
        to: page.to,
        app_id: page.app_id,
        tin: page.tin,
        bhf_id: page.bhf_id,
        checked: 0,
        pages: 0,
        gaps: { checked: 0, truncated: false },
        summary: { matched: 0, amount_variance: 0, missing_at_kra: 0, signed_without_data_here: 0, unverified: 0 },
        items: [],
      };
      io.progress.start(page.total, {});
    }
    totals.pages += 1;
    totals.checked += page.checked;
    totals.gaps.checked += page.gaps.checked;
    totals.gaps.truncated ||= page.gaps.truncated;
    for (const key of Object.keys(totals.summary) as Category[]) totals.summary[key] += page.summary[key] ?? 0;
    totals.items.push(...page.items);
    io.progress.update(totals.checked, {}, page.total);
    // Without a terminal, one plain line per page: logs and CI keep every redraw of a bar.
    if (!io.terminal) io.log(`page ${totals.pages}: ${totals.checked}/${page.total} checked`);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  io.progress.stop();
  return totals;
}

/** 0 all matched, 2 differences, 1 numbers left unverified (and nothing else differs). */
export function reconcileExitCode(totals: ReconcileTotals): 0 | 1 | 2 {
  const s = totals.summary;
  if (s.amount_variance + s.missing_at_kra + s.signed_without_data_here > 0) return 2;
  return s.unverified > 0 ? 1 : 0;
}

/** What one item says, on one line. */
function describeItem(item: ReconcileItem): string {
  const d = item.details;
  if (d.differences?.length) return d.differences.map((x) => `${x.field} ours ${String(x.ours ?? '-')} KRA ${String(x.kra ?? '-')}`).join('; ');
  if (item.category === 'signed_without_data_here')
    return `KRA holds ${d.kra?.trader_invoice_number ?? d.trader_invoice_number ?? '?'} of ${d.sales_date ?? '?'}, total ${String(d.kra?.total ?? '?')}`;
  return d.reason ?? '';
}

/** The report for people: the counts, then every number that did not match. */
export function formatReconciliation(t: ReconcileTotals): string {
  const lines = [
    `Reconciliation of app ${t.app_id} (${t.tin}/${t.bhf_id}), sales dated ${t.from} to ${t.to}: ${t.checked} document(s) checked, ${t.gaps.checked} gap number(s) asked.`,
    '',
  ];
  for (const [category, n] of Object.entries(t.summary)) lines.push(`  ${category.padEnd(26)} ${String(n).padStart(7)}`);
  if (t.gaps.truncated)
    lines.push('', `Only the first ${GAP_NUMBERS_PER_PAGE} gap numbers of a page were asked about: narrow the range or lower --limit to check the rest.`);
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

interface ReconcileFlags extends CommonFlags {
  from: string;
  to: string;
  limit: string;
}

/** Registers `reconcile` under `parent` (`reports`, and `etims` where it used to be). */
export function registerReconcileCommand(parent: Command): void {
  apiCommand(
    parent,
    'reconcile',
    "Compare the branch's signed sales and credit notes of a date range with what KRA holds (exit 0 all matched, 2 differences, 1 errors or unverified)",
    [
      `ushuru ${parent.name()} reconcile --from 2026-01-01 --to 2026-01-31 --app 2`,
      `ushuru ${parent.name()} reconcile --from 2026-01-01 --to 2026-01-01 --json > recon.json; echo $?`,
    ],
  )
    .requiredOption('--from <date>', 'first sale date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last sale date, YYYY-MM-DD')
    .option('--limit <n>', 'documents asked about per page (1-2000)', '500')
    .action(async (opts: ReconcileFlags) => {
      // Flags are checked before anything is sent.
      const from = parseDateFlag('--from', opts.from);
      const to = parseDateFlag('--to', opts.to);
      const limit = parseInteger('--limit', opts.limit, 1, 2000);
      const { sdk } = clientOf(opts);
      const terminal = process.stderr.isTTY === true;
      const totals = await reconcileAll(async (cursor) => await sdk.etims.reports.reconciliation({ from, to, limit, ...(cursor ? { cursor } : {}) }), {
        progress: progressBar(' {bar} {value}/{total} checked'),
        log: writeErr,
        terminal,
      });
      if (opts.json) printJson(totals);
      else writeOut(formatReconciliation(totals));
      process.exitCode = reconcileExitCode(totals);
    });
}
