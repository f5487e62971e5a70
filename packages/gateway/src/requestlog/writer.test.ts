import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { createRequestLogWriter } from './writer.js';

describe('request log writer', () => {
  let gw: TestGateway;
  let tenantId: string;
  beforeAll(async () => {
    gw = await createTestGateway();
    tenantId = (await gw.tenant(['*'])).tenantId;
  });
  afterAll(() => gw.close());

  const row = (i: number, body: string | null) => ({
    tenant_id: tenantId,
    token_id: null,
    app_id: null,
    kind: 'portal',
    route: `/r/${i}`,
    kra_path: null,
    status: 200,
    kra_http_status: null,
    kra_code: null,
    error: null,
    latency_ms: 1,
    request_id: `req-${i}`,
    request_body: body,
    response_body: body,
    created_at: new Date().toISOString(),
  });

  it('writes queued rows in batches on flush', async () => {
    const writer = createRequestLogWriter(gw.deps.db, gw.deps.logger, { intervalMs: 3_600_000, batchSize: 3 });
    for (let i = 0; i < 7; i++) writer.record(row(i, null));
    await writer.stop();
    const routes = (await gw.rawRows('request_logs')).map((r) => r.route);
    expect(routes.filter((r) => String(r).startsWith('/r/'))).toHaveLength(7);
  });

  it('drops the oldest rows when queued bodies exceed the byte budget, keeping the newest', async () => {
    await gw.deps.db.deleteFrom('request_logs').execute();
    const writer = createRequestLogWriter(gw.deps.db, gw.deps.logger, { intervalMs: 3_600_000, batchSize: 1000, maxQueuedBytes: 2_000 });
    for (let i = 0; i < 10; i++) writer.record(row(i, 'x'.repeat(300)));
    await writer.stop();
    const routes = (await gw.rawRows('request_logs')).map((r) => r.route).sort();
    expect(routes).toEqual(['/r/8', '/r/9']);
  });
});
