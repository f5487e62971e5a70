import { afterEach, describe, expect, it } from 'vitest';
import { createLegacyOscuTransport } from '../src/oscu/transport-legacy.js';
import { createGavaConnectOscuTransport } from '../src/oscu/transport-gavaconnect.js';
import { createOscuClient } from '../src/oscu/client.js';
import type { OscuTransport } from '../src/oscu/transport.js';
import { createTokenCache } from '../src/oauth/token-cache.js';
import { KraCallError } from '../src/errors.js';
import { startFakeKra, tokenReply, type FakeKra, type FakeReply, type RecordedRequest } from './helpers/fake-kra.js';

const TIN = 'A123456789Z';
const CMC_KEY = 'f0b9831bd2334874b7ec815e40347bc4';

/** KRA's Device Initialization example answer (docs/kra/etims-oscu.md §3.1 #1). */
const SEED_INIT_RESPONSE = {
  resultCd: '000',
  resultMsg: 'It is succeeded',
  resultDt: '20200226143124',
  data: {
    info: {
      tin: TIN,
      taxprNm: 'Taxpayer1130',
      bsnsActv: 'business',
      bhfId: '00',
      bhfNm: 'Headquater',
      bhfOpenDt: '20200226',
      prvncNm: 'NAIROBI CITY',
      dstrtNm: 'WESTLANDS',
      sctrNm: 'WON',
      locDesc: 'Westlands Towers',
      hqYn: 'Y',
      mgrNm: 'manage1130_00',
      mgrTelNo: '0789001130',
      mgrEmail: 'manage113000@test.com',
      dvcId: '9999911300000001',
      sdcId: 'KRACU013000001',
      mrcNo: 'WIS01000150',
      cmcKey: CMC_KEY,
    },
  },
};

const ok = (data: unknown = null): FakeReply => ({ body: { resultCd: '000', resultMsg: 'It is succeeded', resultDt: '20240415153039', data } });
const code = (resultCd: string): FakeReply => ({ body: { resultCd, resultMsg: `code ${resultCd}`, resultDt: '20240415153039', data: null } });

let fake: FakeKra | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const noSleep = { sleep: async () => undefined, random: () => 0.5 };

describe('legacy transport (host A)', () => {
  it('runs KRA’s init example through the client: no cmcKey header, data.info.cmcKey readable', async () => {
    fake = await startFakeKra((req) => (req.path === '/etims-api/selectInitOsdcInfo' ? { body: SEED_INIT_RESPONSE } : { status: 404, text: 'nope' }));
    const oscu = createOscuClient({ transport: createLegacyOscuTransport({ baseUrl: `${fake.url}/etims-api/` }), tin: TIN, bhfId: '00' });
    const response = await oscu.selectInitOsdcInfo({ tin: TIN, bhfId: '00', dvcSrlNo: 'dvcv1130' });
    const cmcKey = response.data?.info?.cmcKey;
    expect(cmcKey).toBe(CMC_KEY);
    expect(response).toMatchObject({ resultCd: '000', resultMsg: 'It is succeeded', resultDt: '20200226143124', ok: true, attempts: 1 });
    expect(response.data?.info.sdcId).toBe('KRACU013000001');
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.body).toEqual({ tin: TIN, bhfId: '00', dvcSrlNo: 'dvcv1130' });
    expect(req.headers).toMatchObject({ tin: TIN, bhfid: '00', 'content-type': 'application/json' });
    expect(req.headers.cmckey).toBeUndefined();
  });

  it('sends tin, bhfId and cmcKey headers on business calls and keeps 001 as an empty success', async () => {
    fake = await startFakeKra(() => code('001'));
    const oscu = createOscuClient({ transport: createLegacyOscuTransport({ baseUrl: fake.url + '/etims-api' }), tin: TIN, bhfId: '01' }).withCmcKey(CMC_KEY);
    const res = await oscu.selectCodeList({ lastReqDt: '20180101000000' });
    expect(res).toMatchObject({ resultCd: '001', ok: true, empty: true, data: null, path: '/selectCodeList' });
    expect(fake.requests[0]).toMatchObject({ path: '/etims-api/selectCodeList', headers: { tin: TIN, bhfid: '01', cmckey: CMC_KEY } });
  });

  it('honours path overrides', async () => {
    fake = await startFakeKra(() => ok({ clsList: [] }));
    const transport = createLegacyOscuTransport({ baseUrl: fake.url, paths: { selectCodeList: '/v2/selectCodeList' } });
    const res = await transport.send('selectCodeList', { lastReqDt: '20180101000000' }, { tin: TIN, bhfId: '00', cmcKey: CMC_KEY });
    expect(res.path).toBe('/v2/selectCodeList');
    expect(fake.requests[0]?.path).toBe('/v2/selectCodeList');
  });

  it('reports an answer without an envelope as a protocol error', async () => {
    fake = await startFakeKra(() => ({ status: 404, text: '<html>404</html>' }));
    const transport = createLegacyOscuTransport({ baseUrl: fake.url });
    const err = (await transport.send('selectCodeList', {}, { tin: TIN, bhfId: '00' }).catch((e: unknown) => e)) as KraCallError;
    expect(err.kind).toBe('protocol');
  });
});

describe('GavaConnect transport (host B)', () => {
  const credentials = { consumerKey: 'oscu-key-000001', consumerSecret: 'oscu-secret-000001' };

  function hostB(routes: Record<string, (req: RecordedRequest) => FakeReply>) {
    let n = 0;
    return (req: RecordedRequest): FakeReply => {
      if (req.path === '/v1/token/generate') return tokenReply(`btok-${++n}`);
      return routes[req.path]?.(req) ?? { status: 404, text: 'no route' };
    };
  }

  function transport(url: string, extraHeaders?: Record<string, string>) {
    return createGavaConnectOscuTransport({
      baseUrl: `${url}/etims-oscu/api/v1/`,
      environment: 'sandbox',
      credentials,
      tokenCache: createTokenCache(),
      timeoutMs: 2_000,
      ...(extraHeaders ? { extraHeaders } : {}),
    });
  }

  it('sends extra headers, but never one that would replace a header of ours', async () => {
    fake = await startFakeKra(hostB({ '/etims-oscu/api/v1/saveItem': () => ok() }));
    const extra = { apigee_app_id: 'app-7', Authorization: 'Bearer stolen', TIN: 'A000000000A', cmcKey: 'other-key', Host: 'evil.example' };
    await transport(fake.url, extra).send('saveItem', {}, { tin: TIN, bhfId: '00', cmcKey: CMC_KEY });
    const headers = fake.hits('/etims-oscu/api/v1/saveItem')[0]!.headers;
    expect(headers).toMatchObject({ apigee_app_id: 'app-7', authorization: 'Bearer btok-1', tin: TIN, cmckey: CMC_KEY });
    expect(headers.host).not.toBe('evil.example');
  });

  it('uses host-B paths, a bearer token from the portal host, and unwraps responseHeader/responseBody', async () => {
    fake = await startFakeKra(
      hostB({
        '/etims-oscu/api/v1/initialize': () => ({
          body: { responseHeader: { responseCode: 200, responseRefID: 'x', customerMessage: 'ok', debugMessage: null }, responseBody: SEED_INIT_RESPONSE },
        }),
        '/etims-oscu/api/v1/sendSalesTransaction': () => ({
          body: {
            responseHeader: { responseCode: 200 },
            responseBody: {
              resultCd: '000',
              resultMsg: 'ok',
              resultDt: '20240415153039',
              data: { curRcptNo: 1, totRcptNo: 1, intrlData: 'I', rcptSign: 'S', sdcDateTime: '20240415153039' },
            },
          },
        }),
      }),
    );
    const oscu = createOscuClient({ transport: transport(fake.url), tin: TIN, bhfId: '00' });
    const init = await oscu.selectInitOsdcInfo({ tin: TIN, bhfId: '00', dvcSrlNo: 'dvcv1130' });
    expect(init.data?.info?.cmcKey).toBe(CMC_KEY);
    expect(init.path).toBe('/initialize');
    const initReq = fake.hits('/etims-oscu/api/v1/initialize')[0]!;
    // Host B's /initialize: bearer only; the device travels in the body (docs/kra/etims-oscu.md §1).
    expect(initReq.headers).toMatchObject({ authorization: 'Bearer btok-1' });
    expect([initReq.headers.tin, initReq.headers.bhfid, initReq.headers.cmckey]).toEqual([undefined, undefined, undefined]);
    expect(initReq.body).toMatchObject({ tin: TIN, bhfId: '00', dvcSrlNo: 'dvcv1130' });

    const sale = await oscu.withCmcKey(CMC_KEY).call('saveTrnsSalesOsdc', { invcNo: 1 });
    expect(sale).toMatchObject({ ok: true, data: { rcptSign: 'S' }, path: '/sendSalesTransaction' });
    expect(fake.hits('/etims-oscu/api/v1/sendSalesTransaction')[0]?.headers).toMatchObject({ cmckey: CMC_KEY, authorization: 'Bearer btok-1' });
    expect(fake.hits('/v1/token/generate')).toHaveLength(1);
  });

  it('maps HTTP 400 gateway errors to rejected with KRA’s message', async () => {
    fake = await startFakeKra(
      hostB({
        '/etims-oscu/api/v1/insert/stockIO': () => ({
          status: 400,
          body: { responseHeader: { responseCode: 400, customerMessage: 'Validation failed', debugMessage: 'sarNo is required' }, responseBody: null },
        }),
      }),
    );
    const err = (await transport(fake.url)
      .send('insertStockIO', {}, { tin: TIN, bhfId: '00', cmcKey: CMC_KEY })
      .catch((e: unknown) => e)) as KraCallError;
    expect(err).toBeInstanceOf(KraCallError);
    expect(err.kind).toBe('rejected');
    expect(err.kraResponse).toEqual({ errorCode: '400', errorMessage: 'Validation failed — sarNo is required' });
    expect(err.message).not.toContain(CMC_KEY);
  });

  it('retries once with a fresh token on 401, then reports auth_failed', async () => {
    let saves = 0;
    fake = await startFakeKra(
      hostB({
        '/etims-oscu/api/v1/saveItem': (req) => {
          saves++;
          return req.headers.authorization === 'Bearer btok-1'
            ? { status: 401, body: { header: { responseCode: 401, customerMessage: 'Unauthorised-Invalid Access Token' } } }
            : ok();
        },
        '/etims-oscu/api/v1/branchList': () => ({ status: 401, body: { header: { customerMessage: 'Unauthorised-Invalid Access Token' } } }),
      }),
    );
    const t = transport(fake.url);
    const res = await t.send('saveItem', {}, { tin: TIN, bhfId: '00', cmcKey: CMC_KEY });
    expect(res.resultCd).toBe('000');
    expect(saves).toBe(2);
    const err = (await t.send('selectBhfList', {}, { tin: TIN, bhfId: '00', cmcKey: CMC_KEY }).catch((e: unknown) => e)) as KraCallError;
    expect(err.kind).toBe('auth_failed');
    expect(err.message).toContain('Unauthorised-Invalid Access Token');
  });
});

describe('OSCU client retry rule', () => {
  /** A scripted transport: answers in order, records calls. */
  function scripted(replies: Array<string | KraCallError>): OscuTransport & { calls: string[] } {
    const calls: string[] = [];
    return {
      kind: 'legacy',
      calls,
      async send(operation) {
        calls.push(operation);
        const next = replies.shift();
        if (next === undefined) throw new Error('no more scripted replies');
        if (next instanceof KraCallError) throw next;
        return {
          resultCd: next,
          resultMsg: 'm',
          resultDt: '20240101000000',
          data: next === '000' ? { clsList: [] } : null,
          httpStatus: 200,
          path: `/${operation}`,
          latencyMs: 1,
          raw: {},
        };
      },
    };
  }

  it('retries a read on 990 and returns the later success', async () => {
    fake = await startFakeKra(
      (() => {
        let n = 0;
        return () => (++n === 1 ? code('990') : ok({ noticeList: [] }));
      })(),
    );
    const delays: number[] = [];
    const oscu = createOscuClient({
      transport: createLegacyOscuTransport({ baseUrl: fake.url }),
      tin: TIN,
      bhfId: '00',
      cmcKey: CMC_KEY,
      retry: { attempts: 3, baseDelayMs: 100 },
      sleep: async (ms) => void delays.push(ms),
      random: () => 0.5,
    });
    const res = await oscu.selectNoticeList({ lastReqDt: '20180101000000' });
    expect(res).toMatchObject({ resultCd: '000', ok: true, attempts: 2, data: { noticeList: [] } });
    expect(fake.requests).toHaveLength(2);
    expect(delays).toEqual([75]); // equal jitter: 100/2 + 0.5 * 100/2
  });

  it('retries reads on unavailable/timeout and gives up after the configured attempts', async () => {
    const t = scripted([new KraCallError('timeout', 't'), new KraCallError('unavailable', 'u'), '000']);
    const oscu = createOscuClient({ transport: t, tin: TIN, bhfId: '00', retry: { attempts: 3 }, ...noSleep });
    expect((await oscu.selectCodeList({ lastReqDt: '20180101000000' })).attempts).toBe(3);

    const failing = scripted([new KraCallError('unavailable', 'u1'), new KraCallError('unavailable', 'u2')]);
    const oscu2 = createOscuClient({ transport: failing, tin: TIN, bhfId: '00', retry: { attempts: 2 }, ...noSleep });
    await expect(oscu2.selectItemList({ lastReqDt: '20180101000000' })).rejects.toMatchObject({ kind: 'unavailable', message: 'u2' });
    expect(failing.calls).toHaveLength(2);
  });

  it('returns the last transient result when retries run out', async () => {
    const t = scripted(['990', '990']);
    const oscu = createOscuClient({ transport: t, tin: TIN, bhfId: '00', retry: { attempts: 2 }, ...noSleep });
    expect(await oscu.selectBhfList({ lastReqDt: '20180101000000' })).toMatchObject({ resultCd: '990', ok: false, category: 'transient', attempts: 2 });
  });

  it('never retries a fiscal write on 990', async () => {
    fake = await startFakeKra(() => code('990'));
    const oscu = createOscuClient({ transport: createLegacyOscuTransport({ baseUrl: fake.url }), tin: TIN, bhfId: '00', cmcKey: CMC_KEY, ...noSleep });
    const res = await oscu.call('saveTrnsSalesOsdc', { invcNo: 7 });
    expect(res).toMatchObject({ resultCd: '990', ok: false, attempts: 1 });
    expect(fake.requests).toHaveLength(1);
  });

  it('never retries a write on timeout (the pipeline reconciles)', async () => {
    fake = await startFakeKra(() => ({ hang: true }));
    const oscu = createOscuClient({
      transport: createLegacyOscuTransport({ baseUrl: fake.url }),
      tin: TIN,
      bhfId: '00',
      cmcKey: CMC_KEY,
      timeoutMs: 100,
      ...noSleep,
    });
    await expect(oscu.saveItem({} as never)).rejects.toMatchObject({ kind: 'timeout' });
    expect(fake.requests).toHaveLength(1);
  });

  it('never retries init', async () => {
    const t = scripted([new KraCallError('unavailable', 'down')]);
    const oscu = createOscuClient({ transport: t, tin: TIN, bhfId: '00', ...noSleep });
    await expect(oscu.selectInitOsdcInfo({ tin: TIN, bhfId: '00', dvcSrlNo: 'd' })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(t.calls).toHaveLength(1);
  });
});
