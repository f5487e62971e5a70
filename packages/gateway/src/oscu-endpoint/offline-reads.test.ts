/**
 * Reads answered from the synced copies while KRA is down (`settings.oscu_offline_reads`): with the
 * setting on and the branch synced, every list read that has a copy is answered on host A and host B
 * in KRA's shape with the data KRA gave when it was up; without a copy (never synced, no synced
 * table) or with the setting off, KRA's failure answer; a result code KRA answers is passed through.
 * Faults are always removed in `finally`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_BRANCHES } from '../test-support/etims-branch.js';
import { kraClient } from '../test-support/oscu-client.js';
import { endpointFixture } from '../test-support/oscu-endpoint.js';
import { simControl } from '../test-support/sim-control.js';
import { OFFLINE_READ_DATASETS, SERVED_FROM_COPY } from './offline-reads.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CORPUS_DIR = fileURLToPath(new URL('../../../../test/fixtures/oscu-corpus/', import.meta.url));
const corpus = (id: string): Json => JSON.parse(readFileSync(`${CORPUS_DIR}${id}.json`, 'utf8')) as Json;
const branch = SIM_BRANCHES[0];
const FROM_START = { lastReqDt: '20180101000000' };

/** The read operations with a synced copy, and the list key of their answer. */
const READS = [
  ['selectCodeList', 'clsList', 'codes'],
  ['selectItemClsList', 'itemClsList', 'item-classes'],
  ['selectItemList', 'itemList', 'items'],
  ['selectBhfList', 'bhfList', 'branches'],
  ['selectNoticeList', 'noticeList', 'notices'],
  ['selectImportItemList', 'itemList', 'imported-items'],
  ['selectTrnsPurchaseSalesList', 'saleList', 'purchases'],
  ['selectStockMoveList', 'stockList', 'stock-moves'],
] as const;

const sorted = (list: unknown[]): unknown[] => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/**
 * A list as compared: order aside. Of a code class, the sync keeps the code and name and every code
 * as KRA sent it (the class's other fields are answered as null from the copy).
 */
function comparable(operation: string, data: Json | null, listKey: string): unknown {
  if (data === null) return null;
  const list = data[listKey] as Json[];
  if (operation === 'selectCodeList') return sorted(list.map((c) => ({ cdCls: c.cdCls, cdClsNm: c.cdClsNm, dtlList: sorted(c.dtlList as unknown[]) })));
  return sorted(list);
}

describe('reads answered from the synced copies while KRA is down', () => {
  let fx: Awaited<ReturnType<typeof endpointFixture>>;
  let clients: { A: ReturnType<typeof kraClient>; B: ReturnType<typeof kraClient> };
  /** Each read's answer while KRA was up, per host. */
  const upAnswers = new Map<string, { resultCd: string; data: Json | null }>();
  const sim = () => simControl(fx.gw.simulatorUrl!);
  const sync = async (dataset: string) => {
    const res = await fx.gw.request('POST', `/api/etims/sync/${dataset}`, { token: fx.token, headers: { 'x-kra-app-id': String(fx.appId) }, body: {} });
    expect(res.statusCode, res.body).toBe(200);
  };
  const setOfflineReads = async (on: boolean) => {
    const res = await fx.gw.request('PATCH', `/api/kra/apps/${fx.appId}`, {
      token: fx.token,
      body: { settings: { transport: 'legacy', oscu_offline_reads: on } },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** Runs `fn` with every OSCU route of KRA's host A (the app's transport) down. */
  const duringOutage = async <T>(fn: () => Promise<T>): Promise<T> => {
    const fault = await sim().addFault({ route: 'oscuA.', outage: {} });
    try {
      return await fn();
    } finally {
      await sim().removeFault(fault.id);
    }
  };

  beforeAll(async () => {
    fx = await endpointFixture(branch, { oscu_offline_reads: true });
    const creds = await fx.issue();
    const common = { tin: branch.tin, bhfId: branch.bhfId, tokenUrl: creds.token_url, clientId: creds.client_id, clientSecret: creds.client_secret };
    const a = kraClient({ protocol: 'A', baseUrl: creds.legacy_base_url, ...common });
    expect((await a.selectInitOsdcInfo({ tin: branch.tin, bhfId: branch.bhfId, dvcSrlNo: branch.serial })).resultCd).toBe('000');
    clients = { A: a, B: kraClient({ protocol: 'B', baseUrl: creds.gavaconnect_base_url, ...common, cmcKey: creds.cmc_key }) };
    expect((await a.call('saveItem', corpus('odoo-save-item').body)).resultCd).toBe('000');
  }, 60_000);
  afterAll(() => fx.gw.close());

  it('covers every read with a synced table', () => {
    expect(Object.keys(OFFLINE_READ_DATASETS).sort()).toEqual(READS.map(([op]) => op).sort());
  });

  it('keeps KRA’s failure answer for a read that was never synced', async () => {
    const res = await duringOutage(() => clients.A.call('selectCodeList', FROM_START));
    expect(res.httpStatus).toBe(503);
    expect(res.raw.fault.detail.errorcode).toBe('messaging.adaptors.http.flow.ServiceUnavailable');
  }, 60_000);

  it('answers each read from the copy on host A and host B, with the data KRA gave', async () => {
    for (const [operation] of READS) {
      for (const host of ['A', 'B'] as const) {
        const up = await clients[host].call(operation, FROM_START);
        expect(up.httpStatus, JSON.stringify(up.raw)).toBe(200);
        expect(['000', '001'], `${host} ${operation}: ${JSON.stringify(up.raw)}`).toContain(up.resultCd);
        upAnswers.set(`${host} ${operation}`, { resultCd: up.resultCd!, data: up.data as Json | null });
      }
    }
    // The branch has something in most lists (the simulator's fixtures and the item saved above).
    expect(READS.filter(([op]) => upAnswers.get(`A ${op}`)!.resultCd === '000').length).toBeGreaterThanOrEqual(5);
    await sync('all');
    const cursors = (await fx.gw.request('GET', '/api/etims/sync', { token: fx.token, headers: { 'x-kra-app-id': String(fx.appId) } })).json().data as Json[];
    const cursorOf = (dataset: string) => cursors.find((c) => c.dataset === dataset)!.last_req_dt as string;

    const down = await duringOutage(async () => {
      const answers: Array<[string, string, Awaited<ReturnType<typeof clients.A.call>>]> = [];
      for (const [operation] of READS) for (const host of ['A', 'B'] as const) answers.push([host, operation, await clients[host].call(operation, FROM_START)]);
      return answers;
    });
    for (const [host, operation, res] of down) {
      const [, listKey, dataset] = READS.find(([op]) => op === operation)!;
      const up = upAnswers.get(`${host} ${operation}`)!;
      const what = `${host} ${operation}: ${JSON.stringify(res.raw).slice(0, 300)}`;
      expect(res.httpStatus, what).toBe(200);
      expect(res.resultCd, what).toBe(up.resultCd);
      expect(res.resultMsg, what).toBe(up.resultCd === '000' ? 'It is succeeded' : 'There is no search result');
      expect(comparable(operation, res.data as Json | null, listKey), what).toEqual(comparable(operation, up.data, listKey));
      // KRA's envelope of each host, with the sync's cursor as resultDt.
      const envelope = host === 'A' ? res.raw : res.raw.responseBody;
      expect(Object.keys(envelope).sort()).toEqual(['data', 'resultCd', 'resultDt', 'resultMsg']);
      expect(envelope.resultDt).toBe(cursorOf(dataset));
      if (host === 'B') expect(res.raw.responseHeader).toMatchObject({ responseCode: 200, customerMessage: 'Successful', debugMessage: '' });
      if (operation === 'selectCodeList') {
        expect(Object.keys(res.data.clsList[0]).sort()).toEqual([
          'cdCls',
          'cdClsDesc',
          'cdClsNm',
          'dtlList',
          'useYn',
          'userDfnNm1',
          'userDfnNm2',
          'userDfnNm3',
        ]);
      }
    }

    // One info line per fallback, and the request log marks the answers served from the copies.
    expect(fx.gw.logs().split('KRA unreachable, read answered from the synced copy').length - 1).toBe(down.length);
    await fx.gw.deps.requestLog.flush();
    const logs = (await fx.api('GET', `/api/logs?app_id=${fx.appId}&limit=200`)).body.data as Json[];
    const served = logs.filter((l) => l.error === SERVED_FROM_COPY);
    expect(served).toHaveLength(down.length);
    expect(served.every((l) => l.status === 200 && l.route.startsWith('/oscu/:opaque/') && ['000', '001'].includes(l.kra_code))).toBe(true);
    // KRA's failure is in the log too, as the call it was.
    expect(logs.some((l) => l.kra_path === 'selectCodeList' && l.error === 'kra_unavailable')).toBe(true);
  }, 120_000);

  it('honours lastReqDt: only notices registered after it, nothing after the cursor', async () => {
    const up = await clients.A.call('selectNoticeList', FROM_START);
    expect(up.resultCd).toBe('000');
    const notices = up.data.noticeList as Json[];
    const stamps = notices.map((n) => String(n.regDt)).sort();
    const between = stamps[0]!;
    const [later, future, items] = await duringOutage(async () => [
      await clients.B.call('selectNoticeList', { lastReqDt: between }),
      await clients.A.call('selectCodeList', { lastReqDt: '20990101000000' }),
      await clients.A.call('selectItemList', { lastReqDt: '20990101000000' }),
    ]);
    const expected = notices.filter((n) => String(n.regDt) > between);
    if (expected.length === 0) expect(later.resultCd).toBe('001');
    else expect(sorted(later.data.noticeList as unknown[])).toEqual(sorted(expected));
    for (const res of [future, items]) expect([res.httpStatus, res.resultCd, res.resultMsg, res.data]).toEqual([200, '001', 'There is no search result', null]);
  }, 60_000);

  it('keeps KRA’s failure answer for a read without a synced table', async () => {
    const res = await duringOutage(() => clients.A.call('selectCustomer', { custmTin: 'P051234567Q' }));
    expect(res.httpStatus).toBe(503);
  }, 60_000);

  it('passes a result code KRA answers through, not replacing it with the copy', async () => {
    const fault = await sim().addFault({ route: 'oscuA.selectCodeList', rateLimit: { kind: 'oscu990' } });
    try {
      for (const host of ['A', 'B'] as const) {
        const res = await clients[host].call('selectCodeList', FROM_START);
        expect([res.httpStatus, res.resultCd], JSON.stringify(res.raw)).toEqual([200, '990']);
      }
    } finally {
      await sim().removeFault(fault.id);
    }
  }, 60_000);

  it('with the setting off, answers KRA’s failure as before', async () => {
    await setOfflineReads(false);
    try {
      const [a, b] = await duringOutage(async () => [
        await clients.A.call('selectCodeList', FROM_START),
        await clients.B.call('selectItemClsList', FROM_START),
      ]);
      expect(a.httpStatus).toBe(503);
      expect(a.raw.fault.detail.errorcode).toBe('messaging.adaptors.http.flow.ServiceUnavailable');
      expect(b.httpStatus).toBe(503);
    } finally {
      await setOfflineReads(true);
    }
    expect((await clients.A.call('selectCodeList', FROM_START)).resultCd).toBe('000');
  }, 60_000);
});
