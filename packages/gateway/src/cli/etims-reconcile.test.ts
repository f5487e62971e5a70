/**
 * `ushuru etims reconcile` (and its twin `ushuru reports reconcile`), the built binary against a
 * gateway: pages through GET /api/etims/reports/reconciliation with progress on stderr, prints a
 * table or JSON, and exits 0 when everything matched, 2 on differences, 1 when KRA could not be asked.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashedDate, kraDate } from '../kra/time.js';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../test-support/etims-branch.js';
import { createTestGateway, TEST_ENGINE, type TestGateway } from '../test-support/gateway.js';
import { simControl } from '../test-support/sim-control.js';
import { formatReconciliation, reconcileAll, reconcileExitCode, type ReconcilePage } from './reconcile.js';

const CLI = join(new URL('../../../../', import.meta.url).pathname, 'packages/gateway/dist/cli/main.js');

let gw: TestGateway;
let branch: TestBranch;
let url: string;
let token: string;
let today: string;

/** Runs `ushuru …args --app <branch>` and resolves with the exit code and output whatever the code. */
async function ushuru(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, USHURU_URL: url, USHURU_TOKEN: token, USHURU_APP: String(branch.appId), USHURU_CONFIG: '/nonexistent/ushuru.json' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(TEST_ENGINE !== 'sqlite')('ushuru etims reconcile', () => {
  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true });
    await gw.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(gw.app.server.address() as { port: number }).port}`;
    ({ token } = await gw.tenant(['*']));
    branch = await openBranch(gw, token, SIM_BRANCHES[1]);
    for (const ref of ['CLI-1', 'CLI-2', 'CLI-3']) {
      const res = await branch.call('POST', '/api/etims/sales', {
        trader_invoice_number: ref,
        lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 116 }],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    today = dashedDate(kraDate(gw.deps.clock.now()));
  }, 60_000);
  afterAll(() => gw?.close());

  it('exits 0 when everything matched, with a line per page on a non-terminal stderr', async () => {
    const r = await ushuru('etims', 'reconcile', '--from', today, '--to', today, '--limit', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('page 1: 2/3 checked\npage 2: 3/3 checked\n');
    expect(r.stdout).toContain(
      `Reconciliation of app ${branch.appId} (${SIM_BRANCHES[1].tin}/${SIM_BRANCHES[1].bhfId}), sales dated ${today} to ${today}: 3 document(s) checked`,
    );
    expect(r.stdout).toMatch(/matched\s+3\n/);
    expect(r.stdout).toContain('Every number matched.');
    // The same command under `reports`.
    expect((await ushuru('reports', 'reconcile', '--from', today, '--to', today)).code).toBe(0);
  });

  it('exits 2 on differences and lists them, in a table or as JSON', async () => {
    const doc = await gw.deps.db
      .selectFrom('etims_documents')
      .selectAll()
      .where('app_id', '=', branch.appId)
      .where('family', '=', 'invc')
      .where('invc_no', '=', 2)
      .executeTakeFirstOrThrow();
    const payload = JSON.parse(doc.payload) as Record<string, unknown>;
    await gw.deps.db
      .updateTable('etims_documents')
      .set({ payload: JSON.stringify({ ...payload, totAmt: 120 }) })
      .where('id', '=', doc.id)
      .execute();
    try {
      const table = await ushuru('etims', 'reconcile', '--from', today, '--to', today);
      expect(table.code).toBe(2);
      expect(table.stdout).toMatch(new RegExp(`\\n\\s+2\\s+${doc.id}\\s+amount_variance\\s+CLI-2\\s+totAmt ours 120.00 KRA 116.00`));
      const json = await ushuru('etims', 'reconcile', '--from', today, '--to', today, '--json');
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout)).toMatchObject({
        app_id: branch.appId,
        checked: 3,
        summary: { matched: 2, amount_variance: 1 },
        items: [{ invoice_number: 2, document_id: doc.id, category: 'amount_variance' }],
      });
    } finally {
      await gw.deps.db.updateTable('etims_documents').set({ payload: doc.payload }).where('id', '=', doc.id).execute();
    }
  });

  it('exits 1 when KRA could not be asked, after checking every number', async () => {
    const sim = simControl(gw.simulatorUrl!);
    const fault = await sim.addFault({ route: 'oscuA.selectInvoiceDetails', rateLimit: { kind: 'http429' } });
    try {
      const r = await ushuru('etims', 'reconcile', '--from', today, '--to', today);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/unverified\s+3\n/);
    } finally {
      await sim.removeFault(fault.id);
    }
  });

  it('names the bad flag or field', async () => {
    expect(await ushuru('etims', 'reconcile', '--from', 'yesterday', '--to', today)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--from must be a date YYYY-MM-DD'),
    });
    expect(await ushuru('etims', 'reconcile', '--from', '2026-02-30', '--to', today)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('got "2026-02-30"'),
    });
    expect(await ushuru('etims', 'reconcile', '--from', today, '--to', today, '--limit', '0')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--limit'),
    });
    const reversed = await ushuru('etims', 'reconcile', '--from', '2026-01-02', '--to', '2026-01-01');
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toMatch(/from: must not be after to/);
  });
});

describe('reconcile paging and totals', () => {
  const page = (checked: number, cursor: string | null, summary: Partial<ReconcilePage['summary']>): ReconcilePage => ({
    from: '2026-01-01',
    to: '2026-01-01',
    app_id: 7,
    tin: 'P051234567Q',
    bhf_id: '00',
    total: 3,
    checked,
    gaps: { checked: 0, truncated: false },
    summary: { matched: 0, amount_variance: 0, missing_at_kra: 0, signed_without_data_here: 0, unverified: 0, ...summary },
    items: [],
    next_cursor: cursor,
  });

  it('adds every page up, drives the bar, and picks the exit code', async () => {
    const pages = [page(2, '2', { matched: 2 }), page(1, null, { unverified: 1 })];
    const asked: Array<string | undefined> = [];
    const bar: string[] = [];
    const totals = await reconcileAll(
      async (cursor) => {
        asked.push(cursor);
        return pages.shift()!;
      },
      {
        progress: { start: (t) => bar.push(`start ${t}`), update: (v) => bar.push(`at ${v}`), increment() {}, stop: () => bar.push('stop') },
        log: () => {},
        terminal: true,
      },
    );
    expect(asked).toEqual([undefined, '2']);
    expect(bar).toEqual(['start 3', 'at 2', 'at 3', 'stop']);
    expect(totals).toMatchObject({ checked: 3, pages: 2, summary: { matched: 2, unverified: 1 } });
    expect(reconcileExitCode(totals)).toBe(1);
    expect(reconcileExitCode({ ...totals, summary: { ...totals.summary, unverified: 0 } })).toBe(0);
    expect(reconcileExitCode({ ...totals, summary: { ...totals.summary, missing_at_kra: 1 } })).toBe(2);
    expect(formatReconciliation({ ...totals, gaps: { checked: 5, truncated: true } })).toContain('Only the first 1000 gap numbers');
  });
});
