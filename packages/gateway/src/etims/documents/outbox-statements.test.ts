/**
 * What the outbox asks of the database per signed document. On PostgreSQL every statement is a
 * round trip, and round trips were most of the outbox's cost (BENCHMARKS.md), so the count is part
 * of the contract: binding the number and storing the signature (with the branch's counter) for each
 * document, and per pass only the lease, the read-ahead and the counters. Counted, never timed.
 */
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, TEST_ENGINE, type TestGateway } from '../../test-support/gateway.js';
import { redisTestsEnabled, TEST_REDIS_URL } from '../../test-support/services.js';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';
import { createOutbox } from './outbox.js';

let gw: TestGateway;
let branch: TestBranch;
// On PostgreSQL the row cache (device ids, items, webhook lists) needs Redis, as in production.
const postgres = TEST_ENGINE === 'postgres';

beforeAll(async () => {
  gw = await createTestGateway({
    simulator: true,
    env: { USHURU_DOCUMENT_WAIT_MS: '0', USHURU_RATE_LIMIT_PER_MINUTE: '100000', ...(postgres ? { USHURU_REDIS_URL: TEST_REDIS_URL } : {}) },
  });
  const { token } = await gw.tenant(['*']);
  branch = await openBranch(gw, token, SIM_BRANCHES[2]);
  // The gateway's own outbox stays out of it: the counted one below does all the sending.
  await gw.deps.outbox.stop();
}, 60_000);
afterAll(() => gw.close());

/** A database handle that counts the statements it runs. */
function countingDb() {
  const counter = { statements: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      counter.statements++;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  return { db: gw.deps.db.withPlugin(plugin), counter };
}

async function accept(count: number, prefix: string, line: (i: number) => Record<string, unknown>) {
  for (let i = 0; i < count; i++) {
    const res = await branch.call('POST', '/api/etims/sales', { trader_invoice_number: `${prefix}-${i}`, lines: [line(i)] });
    expect(res.statusCode, res.body).toBe(202);
  }
}

async function numbersOf(prefix: string) {
  const rows = await gw.deps.db
    .selectFrom('etims_documents')
    .select(['status', 'invc_no'])
    .where('app_id', '=', branch.appId)
    .where('trd_invc_no', 'like', `${prefix}-%`)
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.status} ${r.invc_no}`);
}

describe.runIf(!postgres || (await redisTestsEnabled()))('the outbox, counted in statements', () => {
  it('signs a run of service sales with two statements each on PostgreSQL and three on SQLite, plus a few per pass', async () => {
    await accept(40, 'S', (i) => ({ item_code: branch.items.delivery, quantity: 1 + (i % 3), unit_price: 150 }));
    const { db, counter } = countingDb();
    const outbox = createOutbox({ ...gw.deps, db });
    try {
      await outbox.drain(branch.appId);
    } finally {
      await outbox.stop();
    }
    expect(await numbersOf('S')).toEqual(Array.from({ length: 40 }, (_, i) => `signed ${i + 1}`));
    // Per document: the UPDATE that binds its number; then the signature and the counter, one
    // statement on PostgreSQL (a WITH), two in a transaction on SQLite. Per pass: the branch's
    // tenant, the lease, the read-ahead, the counters, the release and the last look at the queue.
    const perDocument = postgres ? 2 : 3;
    expect(counter.statements).toBeGreaterThanOrEqual(40 * perDocument);
    expect(counter.statements).toBeLessThanOrEqual(40 * perDocument + 15);
  }, 60_000);

  it('still writes a goods sale’s stock movement with its signature, numbered after the services', async () => {
    await accept(5, 'G', () => ({ item_code: branch.items.maize, quantity: 1, unit_price: 480 }));
    const { db } = countingDb();
    const outbox = createOutbox({ ...gw.deps, db });
    try {
      await outbox.drain(branch.appId);
    } finally {
      await outbox.stop();
    }
    expect(await numbersOf('G')).toEqual(Array.from({ length: 5 }, (_, i) => `signed ${41 + i}`));
    // Each signed goods sale queued its stock IO in the same transaction, and that was sent too.
    const movements = await gw.deps.db
      .selectFrom('etims_documents')
      .select(['status', 'trd_invc_no'])
      .where('app_id', '=', branch.appId)
      .where('kind', '=', 'stock_io')
      .where('trd_invc_no', 'like', 'auto-%')
      .execute();
    expect(movements).toHaveLength(5);
    expect(movements.every((m) => m.status === 'signed')).toBe(true);
  }, 60_000);
});
