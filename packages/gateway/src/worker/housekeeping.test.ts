import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLogRow } from '../test-support/request-log.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { startHousekeeping } from './housekeeping.js';

describe('housekeeping', () => {
  const clock = {
    t: Date.parse('2026-11-26T08:00:00Z'),
    now() {
      return this.t;
    },
  };
  let gw: TestGateway;
  let tenantId: string;
  beforeAll(async () => {
    gw = await createTestGateway({ clock });
    tenantId = (await gw.tenant(['*'])).tenantId;
  });
  afterAll(() => gw.close());

  const key = (k: string, createdAt: string) =>
    gw.deps.db
      .insertInto('idempotency_keys')
      .values({
        tenant_id: tenantId,
        key: k,
        method: 'POST',
        path: '/x',
        request_hash: 'h',
        state: 'completed',
        status_code: 200,
        response: 'r',
        created_at: createdAt,
      })
      .execute();
  const log = (createdAt: string) =>
    gw.deps.db
      .insertInto('request_logs')
      .values(requestLogRow(tenantId, { created_at: createdAt }))
      .execute();

  it('deletes idempotency keys after 24 h and request-log rows after the retention, keeping the rest', async () => {
    await key('old', '2026-11-25T07:59:59Z');
    await key('fresh', '2026-11-25T08:00:01Z');
    await log('2026-10-27T07:59:59.000Z');
    await log('2026-10-27T08:00:01.000Z');
    const hk = startHousekeeping(gw.deps, { intervalMs: 3_600_000, logRetentionDays: 30 });
    const result = await hk.runOnce();
    await hk.stop();
    expect(result).toEqual({ idempotencyKeys: 1, requestLogs: 1 });
    expect((await gw.rawRows('idempotency_keys')).map((r) => r.key)).toEqual(['fresh']);
    expect(await gw.rawRows('request_logs')).toHaveLength(1);
  });

  it('keeps the request log forever with retention 0', async () => {
    await log('2000-01-01T00:00:00.000Z');
    const hk = startHousekeeping(gw.deps, { intervalMs: 3_600_000, logRetentionDays: 0 });
    expect((await hk.runOnce()).requestLogs).toBe(0);
    await hk.stop();
  });
});
