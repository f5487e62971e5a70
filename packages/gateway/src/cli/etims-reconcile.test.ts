/**
 * `ushuru etims reconcile` as its functions (the command itself only opens the store and finds the
 * app, as `etims sale` does): pages through the range with progress on stderr, prints a table or
 * JSON, and exits 0 when everything matched, 2 on differences, 1 when KRA could not be asked.
 */
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAppWithSecrets, type AppWithSecrets } from '../apps/service.js';
import { dashedDate, kraDate } from '../kra/time.js';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { simControl } from '../test-support/sim-control.js';
import { parseDateFlag, progressBar, registerEtimsReconcileCommand, runReconcile, type ReconcileIo } from './etims-reconcile.js';

let gw: TestGateway;
let branch: TestBranch;
let app: AppWithSecrets;
let today: string;

/** Captured output; `tty` makes stderr look like a terminal. */
function capture(tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: ReconcileIo = { out: (line) => out.push(line), err: { isTTY: tty, write: (text: string) => err.push(text) } };
  return { io, out: () => out.join('\n'), err: () => err.join('') };
}

beforeAll(async () => {
  gw = await createTestGateway({ simulator: true });
  const { tenantId, token } = await gw.tenant(['*']);
  branch = await openBranch(gw, token, SIM_BRANCHES[1]);
  for (const ref of ['CLI-1', 'CLI-2', 'CLI-3']) {
    const res = await branch.call('POST', '/api/etims/sales', {
      trader_invoice_number: ref,
      lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 116 }],
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  await gw.deps.outbox.drain(branch.appId, 10_000);
  app = await getAppWithSecrets(gw.deps, tenantId, branch.appId);
  today = dashedDate(kraDate(gw.deps.clock.now()));
}, 60_000);
afterAll(() => gw.close());

describe('ushuru etims reconcile', () => {
  it('exits 0 when everything matched, with a line per page on a non-terminal stderr', async () => {
    const c = capture();
    expect(await runReconcile(gw.deps, app, { from: today, to: today, limit: 2 }, c.io)).toBe(0);
    expect(c.err()).toBe('page 1: 2/3 checked\npage 2: 3/3 checked\n');
    expect(c.out()).toContain(
      `Reconciliation of app ${app.id} (${SIM_BRANCHES[1].tin}/${SIM_BRANCHES[1].bhfId}), sales dated ${today} to ${today}: 3 document(s) checked`,
    );
    expect(c.out()).toMatch(/matched\s+3\n/);
    expect(c.out()).toContain('Every number matched.');
  });

  it('draws a progress bar on a terminal', async () => {
    const c = capture(true);
    expect(await runReconcile(gw.deps, app, { from: today, to: today, limit: 1 }, c.io)).toBe(0);
    expect(c.err()).toContain(`\r${progressBar(1, 3)}`);
    expect(c.err().endsWith(`\r${progressBar(3, 3)}\n`)).toBe(true);
    expect(progressBar(120, 480, 10)).toBe('[###.......] 120/480 checked');
    expect(progressBar(0, 0, 4)).toBe('[####] 0/0 checked');
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
      const table = capture();
      expect(await runReconcile(gw.deps, app, { from: today, to: today }, table.io)).toBe(2);
      expect(table.out()).toMatch(new RegExp(`\\n\\s+2\\s+${doc.id}\\s+amount_variance\\s+CLI-2\\s+totAmt ours 120.00 KRA 116.00`));
      const json = capture();
      expect(await runReconcile(gw.deps, app, { from: today, to: today, json: true }, json.io)).toBe(2);
      expect(JSON.parse(json.out())).toMatchObject({
        app_id: app.id,
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
      const c = capture();
      expect(await runReconcile(gw.deps, app, { from: today, to: today }, c.io)).toBe(1);
      expect(c.out()).toMatch(/unverified\s+3\n/);
    } finally {
      await sim.removeFault(fault.id);
    }
  });

  it('names the bad flag or field', async () => {
    expect(parseDateFlag('--from', '2026-01-31')).toBe('2026-01-31');
    expect(() => parseDateFlag('--from', '2026-02-30')).toThrowError('--from must be a date YYYY-MM-DD, got "2026-02-30".');
    await expect(runReconcile(gw.deps, app, { from: '2026-01-02', to: '2026-01-01' }, capture().io)).rejects.toMatchObject({
      details: { errors: { from: ['must not be after to'] } },
    });
    // Flags are checked before the store is opened.
    const program = new Command().exitOverride();
    registerEtimsReconcileCommand(program.command('etims'));
    await expect(program.parseAsync(['etims', 'reconcile', '--from', 'yesterday', '--to', today], { from: 'user' })).rejects.toThrowError(
      /--from must be a date/,
    );
    await expect(program.parseAsync(['etims', 'reconcile', '--from', today, '--to', today, '--limit', '0'], { from: 'user' })).rejects.toThrowError(/--limit/);
  });
});
