/**
 * The reconciliation report against documents signed by the simulator: everything matches as
 * signed; a changed amount or signature is a variance; a number KRA never saw is missing at KRA; a
 * number KRA holds without our document is found as a gap (also across a page boundary and past our
 * last document in range); KRA faults leave numbers unverified and the report still completes.
 * Each test puts back what it changed, so every test starts from the five signed documents.
 */
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EtimsDocumentsTable } from '../../store/schema.js';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { simControl } from '../../test-support/sim-control.js';
import { ReconciliationReportSchema } from '../../http/openapi/schemas.js';
import { reconcileRange } from './reconcile.js';

let gw: TestGateway;
let branch: TestBranch;

const URL = '/api/etims/reports/reconciliation';

async function report(query = '') {
  const res = await branch.call('GET', `${URL}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  // Every answer these tests see (variances, gaps, unverified numbers) is as the OpenAPI document says.
  const parsed = ReconciliationReportSchema.strict().safeParse(res.json().data);
  expect(parsed.error?.issues ?? [], res.body).toEqual([]);
  return res.json().data;
}

/** Our signed documents of the branch, by number. */
function documents() {
  return gw.deps.db.selectFrom('etims_documents').selectAll().where('app_id', '=', branch.appId).where('family', '=', 'invc').orderBy('invc_no').execute();
}

/** Our sale or credit note numbered `invcNo` (stock movements have numbers of their own sequence). */
async function documentNumbered(invcNo: number) {
  return gw.deps.db
    .selectFrom('etims_documents')
    .selectAll()
    .where('app_id', '=', branch.appId)
    .where('family', '=', 'invc')
    .where('invc_no', '=', invcNo)
    .executeTakeFirstOrThrow();
}

/** Deletes our rows of `numbers` for the duration of `fn`, then puts them back as they were. */
async function withoutDocuments(numbers: number[], fn: () => Promise<void>) {
  const rows = await Promise.all(numbers.map(documentNumbered));
  await gw.deps.db
    .deleteFrom('etims_documents')
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  try {
    await fn();
  } finally {
    for (const row of rows) await gw.deps.db.insertInto('etims_documents').values(row).execute();
  }
}

beforeAll(async () => {
  gw = await createTestGateway({ simulator: true, env: { USHURU_OUTBOX_RETRY_BASE_MS: '20', USHURU_OUTBOX_RETRY_MAX_MS: '100' } });
  const { token } = await gw.tenant(['*']);
  branch = await openBranch(gw, token, SIM_BRANCHES[0]);
  // Four sales and a credit note: numbers 1–5 of the branch.
  const answers = [];
  for (let i = 1; i <= 4; i++) {
    answers.push(
      await branch.call('POST', '/api/etims/sales', {
        trader_invoice_number: `REC-${i}`,
        lines: [{ item_code: branch.items.maize, quantity: i, unit_price: 116 }],
      }),
    );
  }
  answers.push(
    await branch.call('POST', '/api/etims/credit-notes', {
      sale: 'REC-4',
      trader_invoice_number: 'REC-CN-1',
      reason_code: '06',
      lines: [{ item_code: branch.items.maize, quantity: 1 }],
    }),
  );
  for (const res of answers) expect(res.statusCode, res.body).toBe(201);
  await gw.deps.outbox.drain(branch.appId, 10_000);
  expect((await documents()).map((d) => [d.invc_no, d.status])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 'signed']));
}, 60_000);
afterAll(() => gw.close());

describe('reconciliation report', () => {
  it('matches every signed sale and credit note KRA holds', async () => {
    const data = await report();
    expect(data).toMatchObject({
      app_id: branch.appId,
      tin: SIM_BRANCHES[0].tin,
      bhf_id: SIM_BRANCHES[0].bhfId,
      total: 5,
      checked: 5,
      gaps: { checked: 0, truncated: false },
      summary: { matched: 5, amount_variance: 0, missing_at_kra: 0, signed_without_data_here: 0, unverified: 0 },
      items: [],
      next_cursor: null,
    });
    expect(data.from).toBe(data.to);
  });

  it('reports a changed amount and a changed signature as variances, ours against KRA’s', async () => {
    const second = await documentNumbered(2);
    const fourth = await documentNumbered(4);
    const payload = JSON.parse(second.payload) as Record<string, unknown>;
    const receipt = JSON.parse(fourth.receipt!) as Record<string, unknown>;
    try {
      await gw.deps.db
        .updateTable('etims_documents')
        .set({ payload: JSON.stringify({ ...payload, totAmt: 999.99, totTaxAmt: 0.004 }) })
        .where('id', '=', second.id)
        .execute();
      await gw.deps.db
        .updateTable('etims_documents')
        .set({ receipt: JSON.stringify({ ...receipt, rcptSign: 'NOTKRASSIGNATURE' }) })
        .where('id', '=', fourth.id)
        .execute();
      const data = await report();
      expect(data.summary).toEqual({ matched: 3, amount_variance: 2, missing_at_kra: 0, signed_without_data_here: 0, unverified: 0 });
      expect(data.items).toEqual([
        expect.objectContaining({
          invoice_number: 2,
          document_id: second.id,
          category: 'amount_variance',
          details: expect.objectContaining({
            trader_invoice_number: 'REC-2',
            differences: [
              { field: 'totAmt', ours: '999.99', kra: '232.00' },
              { field: 'totTaxAmt', ours: '0.00', kra: '32.00' },
            ],
          }),
        }),
        expect.objectContaining({
          invoice_number: 4,
          document_id: fourth.id,
          category: 'amount_variance',
          details: expect.objectContaining({ differences: [{ field: 'rcptSign', ours: 'NOTKRASSIGNATURE', kra: receipt.rcptSign }] }),
        }),
      ]);
      const csv = await branch.call('GET', `${URL}?format=csv`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.trim().split('\r\n');
      expect(lines[0]).toBe('invoice_number,document_id,category,kind,trader_invoice_number,sales_date,field,ours,kra,reason');
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(new RegExp(`^2,${second.id},amount_variance,sale,REC-2,\\d{4}-\\d{2}-\\d{2},totAmt,999.99,232.00,$`)),
        expect.stringMatching(/^2,.*,totTaxAmt,0.00,32.00,$/),
        expect.stringMatching(new RegExp(`^4,${fourth.id},amount_variance,sale,REC-4,.*,rcptSign,NOTKRASSIGNATURE,${String(receipt.rcptSign)},$`)),
      ]);
    } finally {
      await gw.deps.db.updateTable('etims_documents').set({ payload: second.payload }).where('id', '=', second.id).execute();
      await gw.deps.db.updateTable('etims_documents').set({ receipt: fourth.receipt }).where('id', '=', fourth.id).execute();
    }
    expect((await report()).summary.matched).toBe(5);
  });

  it('reports a signed document whose number KRA does not hold as missing at KRA', async () => {
    const { id: _id, ...fifth } = await documentNumbered(5);
    const ghost: Insertable<EtimsDocumentsTable> = { ...fifth, invc_no: 6, trd_invc_no: 'REC-GHOST', public_id: null };
    const { id } = await gw.deps.db.insertInto('etims_documents').values(ghost).returning('id').executeTakeFirstOrThrow();
    try {
      const data = await report();
      expect(data).toMatchObject({ total: 6, checked: 6, gaps: { checked: 0 } });
      expect(data.summary).toEqual({ matched: 5, amount_variance: 0, missing_at_kra: 1, signed_without_data_here: 0, unverified: 0 });
      expect(data.items).toEqual([
        {
          invoice_number: 6,
          document_id: Number(id),
          category: 'missing_at_kra',
          details: expect.objectContaining({
            trader_invoice_number: 'REC-GHOST',
            reason: expect.stringContaining('001'),
            ours: expect.objectContaining({ total: '116.00' }),
          }),
        },
      ]);
    } finally {
      await gw.deps.db.deleteFrom('etims_documents').where('id', '=', id).execute();
    }
  });

  it('finds numbers KRA signed that we hold no document for: inside our numbers and past the last one in range', async () => {
    await withoutDocuments([3, 5], async () => {
      const data = await report();
      expect(data).toMatchObject({ total: 3, checked: 3, gaps: { checked: 2, truncated: false } });
      expect(data.summary).toEqual({ matched: 3, amount_variance: 0, missing_at_kra: 0, signed_without_data_here: 2, unverified: 0 });
      expect(data.items).toEqual([
        {
          invoice_number: 3,
          document_id: null,
          category: 'signed_without_data_here',
          details: expect.objectContaining({ kind: 'sale', trader_invoice_number: 'REC-3', kra: expect.objectContaining({ total: '348.00', tax: '48.00' }) }),
        },
        expect.objectContaining({
          invoice_number: 5,
          category: 'signed_without_data_here',
          details: expect.objectContaining({ kind: 'credit_note', trader_invoice_number: 'REC-CN-1' }),
        }),
      ]);
      // A gap on a page boundary is asked about once, by the page that starts there.
      const first = await report('?limit=2');
      expect(first).toMatchObject({ checked: 2, gaps: { checked: 0 }, items: [], next_cursor: '3' });
      const second = await report(`?limit=2&cursor=${first.next_cursor}`);
      expect(second).toMatchObject({ checked: 1, gaps: { checked: 2 }, next_cursor: null });
      expect(second.items.map((i: { invoice_number: number }) => i.invoice_number)).toEqual([3, 5]);
    });
  });

  it('asks about at most 1,000 gap numbers per request, and says so', async () => {
    const { id: _id, ...fifth } = await documentNumbered(5);
    const { id } = await gw.deps.db
      .insertInto('etims_documents')
      .values({ ...fifth, invc_no: 1_100, trd_invc_no: 'REC-FAR', public_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    try {
      const res = await branch.call('GET', URL);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      // 6–1,099 are gaps (1,094 numbers): KRA holds none of them, and only the first 1,000 are asked.
      expect(body.data).toMatchObject({
        checked: 6,
        gaps: { checked: 1_000, truncated: true },
        summary: { matched: 5, missing_at_kra: 1, signed_without_data_here: 0 },
      });
      expect(body.message).toContain('Only the first 1000');
    } finally {
      await gw.deps.db.deleteFrom('etims_documents').where('id', '=', id).execute();
    }
  }, 60_000);

  it('pages through the range with limit and cursor', async () => {
    const pages = [];
    let cursor: string | null = null;
    do {
      const data = await report(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(data);
      cursor = data.next_cursor;
    } while (cursor !== null && pages.length < 10);
    expect(pages.map((p) => [p.checked, p.total, p.next_cursor])).toEqual([
      [2, 5, '3'],
      [2, 5, '5'],
      [1, 5, null],
    ]);
    expect(pages.reduce((n, p) => n + p.summary.matched, 0)).toBe(5);
  });

  it('leaves numbers KRA could not be asked about unverified, and still completes', async () => {
    const sim = simControl(gw.simulatorUrl!);
    // KRA answers the first 3 lookups, then refuses the rest (HTTP 429).
    const limited = await sim.addFault({ route: 'oscuA.selectInvoiceDetails', rateLimit: { kind: 'http429', maxRequests: 3 } });
    try {
      const data = await report();
      expect(data.summary).toEqual({ matched: 3, amount_variance: 0, missing_at_kra: 0, signed_without_data_here: 0, unverified: 2 });
      expect(data.items).toHaveLength(2);
      for (const item of data.items)
        expect(item).toMatchObject({ category: 'unverified', document_id: expect.any(Number), details: { reason: expect.any(String) } });
    } finally {
      await sim.removeFault(limited.id);
    }
    // KRA down (HTTP 503 on every try): every number unverified, none lost, no error.
    const outage = await sim.addFault({ route: 'oscuA.selectInvoiceDetails', outage: {} });
    try {
      const data = await report();
      expect(data).toMatchObject({ checked: 5, summary: { matched: 0, unverified: 5 } });
      expect(data.items.map((i: { invoice_number: number }) => i.invoice_number)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await sim.removeFault(outage.id);
    }
  }, 60_000);

  it('names the field of a bad request', async () => {
    const bad = async (query: string, field: string) => {
      const res = await branch.call('GET', `${URL}${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(res.json(), query).toMatchObject({ success: false, error: 'validation_error', errors: { [field]: [expect.any(String)] } });
    };
    await bad('?from=2026-01-02&to=2026-01-01', 'from');
    await bad('?from=2020-01-01&to=2026-01-01', 'from');
    await bad('?from=2026-02-30', 'from');
    await bad('?limit=0', 'limit');
    await bad('?limit=2001', 'limit');
    await bad('?limit=ten', 'limit');
    await bad('?cursor=abc', 'cursor');
    await bad('?format=xml', 'format');
    // The same rules hold without HTTP (the CLI calls the core directly).
    const app = await (await import('../../apps/service.js')).getAppWithSecrets(gw.deps, (await documentNumbered(1)).tenant_id, branch.appId);
    await expect(reconcileRange(gw.deps, app, { from: '2026-01-01', to: '2026-01-01', limit: 0 })).rejects.toMatchObject({
      details: { errors: { limit: expect.any(Array) } },
    });
    await expect(reconcileRange(gw.deps, app, { from: '2026-01-01', to: '2026-01-01', cursor: '99999999999' })).rejects.toMatchObject({
      details: { errors: { cursor: expect.any(Array) } },
    });
    await expect(reconcileRange(gw.deps, app, { from: '2026-01-03', to: '2026-01-01' })).rejects.toMatchObject({
      details: { errors: { from: expect.any(Array) } },
    });
  });
});
