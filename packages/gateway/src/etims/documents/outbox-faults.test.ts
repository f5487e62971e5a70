/**
 * The outbox's guarantee under load and faults, against the simulator: documents accepted while
 * KRA is down are each signed once after it recovers, in number order per branch with no gap, and
 * concurrent submissions to one branch get one order. Checked on our rows and on KRA's side
 * (the simulator's counters: every document signed once, no 994 caused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { simControl } from '../../test-support/sim-control.js';
import { createOutbox } from './outbox.js';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';

let gw: TestGateway;
let branches: TestBranch[];
const sim = () => simControl(gw.simulatorUrl!);

beforeAll(async () => {
  // No waiting in the request: the burst measures the queue, not the answer.
  gw = await createTestGateway({
    simulator: { stockBeforeSale: true },
    env: { USHURU_DOCUMENT_WAIT_MS: '0', USHURU_OUTBOX_RETRY_BASE_MS: '20', USHURU_OUTBOX_RETRY_MAX_MS: '100', USHURU_RATE_LIMIT_PER_MINUTE: '100000' },
  });
  const { token } = await gw.tenant(['*']);
  branches = [];
  for (const b of SIM_BRANCHES) branches.push(await openBranch(gw, token, b));
}, 60_000);
afterAll(() => gw.close());

/** Runs `tasks` with at most `width` in flight (a bounded loop of workers). */
async function inParallel<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

const saleOf = (branch: TestBranch, trader: string, i: number) => ({
  trader_invoice_number: trader,
  lines: [
    { item_code: branch.items.maize, quantity: 1 + (i % 3), unit_price: (100 + (i % 17) * 3.5).toFixed(2), ...(i % 4 === 0 ? { discount_rate: 2.5 } : {}) },
    ...(i % 5 === 0 ? [{ item_code: branch.items.delivery, quantity: 1, unit_price: 150 }] : []),
  ],
});

/** Our sales of one app, in acceptance order. */
async function rowsOf(appId: number) {
  return gw.deps.db.selectFrom('etims_documents').selectAll().where('app_id', '=', appId).where('kind', '=', 'sale').orderBy('id').execute();
}

/** Every row signed, numbers 1..n without gap or repeat, rising in acceptance order. */
function expectSignedInOrder(rows: Awaited<ReturnType<typeof rowsOf>>, from: number) {
  expect(
    rows.filter((r) => r.status !== 'signed').map((r) => `${r.trd_invc_no}: ${r.status} #${r.invc_no} ${r.attempts}× ${r.kra_result_cd} ${r.kra_result_msg}`),
  ).toEqual([]);
  expect(rows.map((r) => r.invc_no)).toEqual(rows.map((_, i) => from + i));
}

describe('the eTIMS outbox under faults', () => {
  it('gives concurrent submissions to one branch one order, without gaps', async () => {
    const branch = branches[0]!;
    const answers = await inParallel(
      Array.from({ length: 60 }, (_, i) => () => branch.call('POST', '/api/etims/sales', saleOf(branch, `C-${i}`, i))),
      20,
    );
    expect(answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 202).map((a) => a.body)).toEqual([]);
    await gw.deps.outbox.drain(branch.appId, 10_000);
    expectSignedInOrder(await rowsOf(branch.appId), 1);
  }, 60_000);

  it('lets one sender at a time work a branch when several processes run their outbox on one database', async () => {
    const branch = branches[1]!;
    const before = await sim().stats();
    const start = (await rowsOf(branch.appId)).length;
    // Three more outboxes, as three more gateway processes would have: each its own lease owner.
    const others = [createOutbox(gw.deps), createOutbox(gw.deps), createOutbox(gw.deps)];
    try {
      const answers = await inParallel(
        Array.from({ length: 60 }, (_, i) => async () => {
          const res = await branch.call('POST', '/api/etims/sales', saleOf(branch, `P-${i}`, i));
          others[i % others.length]!.kick(branch.appId);
          return res;
        }),
        10,
      );
      expect(answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 202).map((a) => a.body)).toEqual([]);
      await Promise.all([gw.deps.outbox, ...others].map((o) => o.drain(branch.appId, 10_000)));
    } finally {
      await Promise.all(others.map((o) => o.stop()));
    }
    const rows = await rowsOf(branch.appId);
    expect(rows).toHaveLength(start + 60);
    expectSignedInOrder(rows, 1);
    const after = await sim().stats();
    expect(after.documentsSigned - before.documentsSigned).toBe(60);
    expect(after.duplicatesRefused - before.duplicatesRefused).toBe(0);
    expect(after.sequenceRefused - before.sequenceRefused).toBe(0);
  }, 60_000);

  it('signs 1,000 sales over 5 branches accepted during an outage once each, in order, after recovery', async () => {
    const before = await sim().stats();
    const existing = await Promise.all(branches.map(async (b) => (await rowsOf(b.appId)).length));
    const outage = await sim().addFault({ route: 'oscuA.saveTrnsSalesOsdc', outage: {} });
    try {
      const tasks = Array.from({ length: 1000 }, (_, i) => {
        const branch = branches[i % branches.length]!;
        return () => branch.call('POST', '/api/etims/sales', saleOf(branch, `B-${i}`, i));
      });
      const answers = await inParallel(tasks, 10);
      expect(answers.filter((a) => a.statusCode !== 202).map((a) => a.body)).toEqual([]);
      // Waiting: queued, unknown, or the one being sent at this very moment.
      const waiting = await branches[2]!.call('GET', '/api/etims/outbox');
      expect(waiting.json().data.depth).toBeGreaterThanOrEqual(200);
    } finally {
      await sim().removeFault(outage.id);
    }

    await Promise.all(branches.map((b) => gw.deps.outbox.drain(b.appId, 30_000)));
    for (const [i, b] of branches.entries()) {
      const rows = await rowsOf(b.appId);
      expect(rows).toHaveLength(existing[i]! + 200);
      expectSignedInOrder(rows, 1);
    }
    // Each signed sale of goods was then reported as a stock movement (own sarNo sequence, no gap) and its quantity left.
    for (const b of branches) {
      const stock = await gw.deps.db
        .selectFrom('etims_documents')
        .selectAll()
        .where('app_id', '=', b.appId)
        .where('family', '!=', 'invc')
        .orderBy('id')
        .execute();
      expect(stock.filter((r) => r.status !== 'signed')).toEqual([]);
      const sarNos = stock.filter((r) => r.kind === 'stock_io').map((r) => r.invc_no);
      expect(sarNos).toEqual(sarNos.map((_, i) => i + 1));
    }
    const after = await sim().stats();
    expect(after.documentsSigned - before.documentsSigned).toBe(1000);
    expect(after.duplicatesRefused - before.duplicatesRefused).toBe(0);
    // KRA's side: the last number of each branch is there, the next one is not.
    for (const b of branches) {
      const last = (await b.call('GET', '/api/etims/outbox')).json().data.last_invoice_number as number;
      expect((await b.call('POST', '/api/etims/oscu/selectInvoiceDetails', { invcNo: last })).json().data).toMatchObject({
        resultCd: '000',
        data: { salesList: [{ invcNo: last }] },
      });
      expect((await b.call('POST', '/api/etims/oscu/selectInvoiceDetails', { invcNo: last + 1 })).json().data).toMatchObject({ resultCd: '001' });
    }
  }, 180_000);

  it('recovers from timeouts that apply half the documents, without resending any', async () => {
    const branch = branches[3]!;
    const before = await sim().stats();
    const start = (await rowsOf(branch.appId)).length;
    const fault = await sim().addFault({ route: 'oscuA.saveTrnsSalesOsdc', applyThenTimeout: 0.5, hangMs: 20 });
    try {
      await inParallel(
        Array.from({ length: 40 }, (_, i) => () => branch.call('POST', '/api/etims/sales', saleOf(branch, `T-${i}`, i))),
        5,
      );
      // Let the backoff retries run while the fault is still on, then finish without it.
      await gw.deps.outbox.drain(branch.appId, 5_000);
    } finally {
      await sim().removeFault(fault.id);
    }
    for (let i = 0; i < 50 && (await rowsOf(branch.appId)).some((r) => r.status !== 'signed'); i++) {
      await gw.deps.db
        .updateTable('etims_documents')
        .set({ next_attempt_at: new Date(0).toISOString() })
        .where('app_id', '=', branch.appId)
        .where('status', '!=', 'signed')
        .execute();
      await gw.deps.outbox.drain(branch.appId, 2_000);
    }
    const rows = await rowsOf(branch.appId);
    expect(rows).toHaveLength(start + 40);
    expectSignedInOrder(rows, 1);
    const after = await sim().stats();
    expect(after.documentsSigned - before.documentsSigned).toBe(40);
  }, 120_000);
});
