/**
 * Sales that arrive at the same moment are written together (group commit, infra/coalescer.ts):
 * each caller still gets its own document, and a trader number used twice in one batch is still
 * one 202 and 409s pointing at it, with nothing else in the batch lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, TEST_ENGINE, type TestGateway } from '../../test-support/gateway.js';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';

let gw: TestGateway;
let branch: TestBranch;
// On SQLite a write finishes within the request that started it (no round trip), so nothing
// queues behind it and every sale is written alone: only PostgreSQL is asked to batch.
const batches = TEST_ENGINE === 'postgres';

beforeAll(async () => {
  gw = await createTestGateway({ simulator: true, env: { USHURU_DOCUMENT_WAIT_MS: '0', USHURU_RATE_LIMIT_PER_MINUTE: '100000' } });
  const { token } = await gw.tenant(['*']);
  branch = await openBranch(gw, token, SIM_BRANCHES[3]);
}, 60_000);
afterAll(() => gw.close());

/** A service sale whose total tells it apart: `units` × 100.00. */
const sale = (trader: string, units: number) => ({
  trader_invoice_number: trader,
  lines: [{ item_code: branch.items.delivery, quantity: units, unit_price: 100 }],
});

async function storedRow(id: number) {
  return gw.deps.db.selectFrom('etims_documents').select(['trd_invc_no', 'tot_amt', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
}

describe('sales accepted at the same moment', () => {
  it('each get their own document, written together while an INSERT is in flight (PostgreSQL)', async () => {
    const before = gw.deps.documentInserts.stats();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => branch.call('POST', '/api/etims/sales', sale(`T-${i}`, i + 1))));
    const after = gw.deps.documentInserts.stats();
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 202));
    expect(after.calls - before.calls).toBe(30);
    if (batches) {
      // Fewer statements than sales: some went out together.
      expect(after.batches - before.batches).toBeGreaterThan(0);
      expect(after.batches - before.batches + (after.alone - before.alone)).toBeLessThan(30);
    }
    const ids = new Set<number>();
    for (const [i, a] of answers.entries()) {
      const doc = a.json().data;
      expect(doc.trader_invoice_number).toBe(`T-${i}`);
      expect(a.headers.location).toBe(`/api/etims/sales/${doc.id}`);
      expect(await storedRow(doc.id)).toEqual({ trd_invc_no: `T-${i}`, tot_amt: `${(i + 1) * 100}.00`, status: expect.any(String) });
      ids.add(doc.id);
    }
    expect(ids.size).toBe(30);
  }, 60_000);

  it('answer a trader number sent several times at once with one 202 and 409s pointing at it; the rest of the batch is stored', async () => {
    const before = gw.deps.documentInserts.stats();
    const bodies = [sale('D-1', 1), sale('D-1', 2), sale('E-1', 3), sale('D-1', 4), sale('E-2', 5), sale('D-1', 6)];
    const answers = await Promise.all(bodies.map((b) => branch.call('POST', '/api/etims/sales', b)));
    if (batches) expect(gw.deps.documentInserts.stats().batches - before.batches).toBeGreaterThan(0);
    const duplicates = answers.filter((_, i) => bodies[i]!.trader_invoice_number === 'D-1');
    const accepted = duplicates.filter((a) => a.statusCode === 202);
    expect(accepted).toHaveLength(1);
    const winner = accepted[0]!.json().data;
    for (const refused of duplicates.filter((a) => a.statusCode !== 202)) {
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json()).toMatchObject({ error: 'conflict', document_id: winner.id, location: `/api/etims/sales/${winner.id}` });
    }
    for (const i of [2, 4]) {
      expect(answers[i]!.statusCode, answers[i]!.body).toBe(202);
      expect(answers[i]!.json().data.trader_invoice_number).toBe(bodies[i]!.trader_invoice_number);
    }
    const stored = await gw.deps.db
      .selectFrom('etims_documents')
      .select(['trd_invc_no'])
      .where('app_id', '=', branch.appId)
      .where('trd_invc_no', 'in', ['D-1', 'E-1', 'E-2'])
      .execute();
    expect(stored.map((r) => r.trd_invc_no).sort()).toEqual(['D-1', 'E-1', 'E-2']);
  }, 60_000);
});
