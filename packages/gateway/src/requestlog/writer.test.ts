import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { requestLogRow } from '../test-support/request-log.js';
import { createRequestLogWriter } from './writer.js';

describe('request log writer', () => {
  let gw: TestGateway;
  let tenantId: string;
  beforeAll(async () => {
    gw = await createTestGateway();
    tenantId = (await gw.tenant(['*'])).tenantId;
  });
  afterAll(() => gw.close());

  const row = (i: number, body: string | null) =>
    requestLogRow(tenantId, { route: `/r/${i}`, request_id: `req-${i}`, request_body: body, response_body: body });

  it('writes queued rows in batches on flush', async () => {
    const writer = createRequestLogWriter(gw.deps.db, gw.deps.store.dialect, gw.deps.logger, { intervalMs: 3_600_000, batchSize: 3 });
    for (let i = 0; i < 7; i++) writer.record(row(i, null));
    await writer.stop();
    const routes = (await gw.rawRows('request_logs')).map((r) => r.route);
    expect(routes.filter((r) => String(r).startsWith('/r/'))).toHaveLength(7);
  });

  it('writes only full batches as rows arrive; the rest waits for the timer or a flush', async () => {
    await gw.deps.db.deleteFrom('request_logs').execute();
    const writer = createRequestLogWriter(gw.deps.db, gw.deps.store.dialect, gw.deps.logger, { intervalMs: 3_600_000, batchSize: 4 });
    const stored = async () => (await gw.rawRows('request_logs')).filter((r) => String(r.route).startsWith('/r/')).length;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 4; i++) writer.record(row(i, null));
    await settle();
    expect(await stored()).toBe(4);
    // Six rows at once: one full batch is written; the two left over are not written on their own.
    for (let i = 4; i < 10; i++) writer.record(row(i, null));
    await settle();
    expect(await stored()).toBe(8);
    await writer.flush();
    expect(await stored()).toBe(10);
    await writer.stop();
  });

  it('stores every column of every row where it belongs, in batches of any size', async () => {
    await gw.deps.db.deleteFrom('request_logs').execute();
    const writer = createRequestLogWriter(gw.deps.db, gw.deps.store.dialect, gw.deps.logger, { intervalMs: 3_600_000, batchSize: 4 });
    const rows = Array.from({ length: 6 }, (_, i) => ({
      tenant_id: tenantId,
      token_id: `tok_${i}`,
      app_id: null,
      kind: i % 2 ? 'oscu' : 'portal',
      route: `/c/${i}`,
      kra_path: `/kra/${i}`,
      status: 200 + i,
      kra_http_status: 300 + i,
      kra_code: `code-${i}`,
      error: i === 5 ? 'kra_timeout' : null,
      latency_ms: 10 + i,
      request_id: `req-c-${i}`,
      request_body: `{"in":${i}}`,
      response_body: `{"out":${i}}`,
      created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    }));
    for (const r of rows) writer.record(r);
    await writer.stop();
    const stored = await gw.deps.db.selectFrom('request_logs').selectAll().orderBy('id').execute();
    expect(
      stored.map(({ id: _id, ...r }) => ({ ...r, status: Number(r.status), kra_http_status: Number(r.kra_http_status), latency_ms: Number(r.latency_ms) })),
    ).toEqual(rows);
  });

  it('drops the oldest rows when queued bodies exceed the byte budget, keeping the newest', async () => {
    await gw.deps.db.deleteFrom('request_logs').execute();
    const writer = createRequestLogWriter(gw.deps.db, gw.deps.store.dialect, gw.deps.logger, { intervalMs: 3_600_000, batchSize: 1000, maxQueuedBytes: 2_000 });
    for (let i = 0; i < 10; i++) writer.record(row(i, 'x'.repeat(300)));
    await writer.stop();
    const routes = (await gw.rawRows('request_logs')).map((r) => r.route).sort();
    expect(routes).toEqual(['/r/8', '/r/9']);
  });
});
