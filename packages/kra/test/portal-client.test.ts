import { afterEach, describe, expect, it } from 'vitest';
import { createPortalClient } from '../src/portal/client.js';
import { createTokenCache } from '../src/oauth/token-cache.js';
import { KraCallError } from '../src/errors.js';
import { startFakeKra, tokenReply, type FakeKra, type RecordedRequest, type FakeReply } from './helpers/fake-kra.js';

const credentials = { consumerKey: 'portal-key-123456', consumerSecret: 'portal-secret-abcdef' };

let fake: FakeKra | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function client(url: string, extra: Partial<Parameters<typeof createPortalClient>[0]> = {}) {
  return createPortalClient({ baseUrl: url, environment: 'sandbox', credentials, tokenCache: createTokenCache(), timeoutMs: 2_000, ...extra });
}

/** A fake portal: tokens on both token paths, business routes from `routes`. */
function portal(routes: Record<string, (req: RecordedRequest) => FakeReply>) {
  let n = 0;
  return (req: RecordedRequest): FakeReply => {
    if (req.path === '/v1/token/generate' || req.path === '/oauth/v1/generate') return tokenReply(`tok-${++n}`);
    const route = routes[req.path];
    return route ? route(req) : { status: 404, text: '<html>Not Found</html>' };
  };
}

describe('portal client', () => {
  it('calls the KRA default path with a bearer token and normalizes success', async () => {
    fake = await startFakeKra(
      portal({
        '/checker/v1/pinbypin': () => ({
          body: { ResponseCode: '23000', Message: 'Valid PIN', Status: 'OK', PINDATA: { KRAPIN: 'A744610021G', Name: 'X' } },
        }),
      }),
    );
    const res = await client(fake.url).call('pinByPin', { KRAPIN: 'A744610021G' });
    expect(res).toMatchObject({ ok: true, code: '23000', httpStatus: 200, kraPath: '/checker/v1/pinbypin', data: { PINDATA: { KRAPIN: 'A744610021G' } } });
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
    const call = fake.hits('/checker/v1/pinbypin')[0]!;
    expect(call.method).toBe('POST');
    expect(call.headers.authorization).toBe('Bearer tok-1');
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toEqual({ KRAPIN: 'A744610021G' });
  });

  it('returns KRA rejections sent with HTTP 200 as ok:false', async () => {
    fake = await startFakeKra(
      portal({ '/dtd/checker/v1/station': () => ({ body: { RequestId: 'r', ErrorCode: '84002', ErrorMessage: 'Inactive / Wrong PIN' } }) }),
    );
    const res = await client(fake.url).call('station', { kraPIN: 'A0' });
    expect(res).toMatchObject({ ok: false, code: '84002', message: 'Inactive / Wrong PIN', httpStatus: 200 });
  });

  it('wraps bodies, uses the per-API token path, and honours path/wrapper overrides', async () => {
    fake = await startFakeKra(
      portal({
        '/dtd/return/v1/nil': () => ({ body: { RESPONSE: { ResponseCode: '82000', Message: 'ok', Status: 'OK', AckNumber: 'A1' } } }),
        '/application/v1/tcc': () => ({ body: { RESPONSE: { ResponseCode: '85000', Status: 'OK', TCCNumber: 'T1' } } }),
      }),
    );
    const c = client(fake.url, { overrides: { tccApplication: { path: '/application/v1/tcc', wrapper: 'TAXPAYERDETAILS' } } });
    const nil = await c.call('nilReturn', { TaxpayerPIN: 'A521040203F', ObligationCode: 1, Month: 12, Year: 2016 });
    expect(nil).toMatchObject({ ok: true, code: '82000', data: { AckNumber: 'A1' } });
    expect(fake.hits('/dtd/return/v1/nil')[0]?.body).toEqual({ TAXPAYERDETAILS: { TaxpayerPIN: 'A521040203F', ObligationCode: 1, Month: 12, Year: 2016 } });
    expect(fake.hits('/oauth/v1/generate')).toHaveLength(1);

    const tcc = await c.call('tccApplication', { TaxpayerPIN: 'A1', ReasonForTCC: 'Tender' });
    expect(tcc).toMatchObject({ ok: true, kraPath: '/application/v1/tcc' });
    expect(fake.hits('/application/v1/tcc')[0]?.body).toEqual({ TAXPAYERDETAILS: { TaxpayerPIN: 'A1', ReasonForTCC: 'Tender' } });
  });

  it('retries once with a fresh token after HTTP 401', async () => {
    let calls = 0;
    fake = await startFakeKra(
      portal({
        '/checker/v1/pinbypin': (req) => {
          calls++;
          return req.headers.authorization === 'Bearer tok-1'
            ? { status: 401, body: { fault: { faultstring: 'Invalid access token' } } }
            : { body: { ResponseCode: '23000', Status: 'OK' } };
        },
      }),
    );
    const res = await client(fake.url).call('pinByPin', { KRAPIN: 'A1' });
    expect(res).toMatchObject({ ok: true, httpStatus: 200 });
    expect(calls).toBe(2);
    expect(fake.hits('/v1/token/generate')).toHaveLength(2);
  });

  it('gives up with auth_failed when the fresh token is refused too', async () => {
    fake = await startFakeKra(portal({ '/checker/v1/pinbypin': () => ({ status: 401, body: { errorCode: '401', errorMessage: 'Unauthorised' } }) }));
    const err = (await client(fake.url)
      .call('pinByPin', { KRAPIN: 'A1' })
      .catch((e: unknown) => e)) as KraCallError;
    expect(err).toBeInstanceOf(KraCallError);
    expect(err.kind).toBe('auth_failed');
    expect(fake.hits('/checker/v1/pinbypin')).toHaveLength(2);
  });

  it('treats a non-JSON answer (wrong path) as a protocol error', async () => {
    fake = await startFakeKra(portal({}));
    const err = (await client(fake.url)
      .call('declaration', { DeclarationNo: 'X' })
      .catch((e: unknown) => e)) as KraCallError;
    expect(err.kind).toBe('protocol');
    expect(err.httpStatus).toBe(404);
  });

  it('surfaces KRA 5xx as unavailable and a hung call as timeout', async () => {
    fake = await startFakeKra(
      portal({
        '/checker/v1/pinbypin': () => ({ status: 502, text: 'Bad gateway' }),
        '/checker/v1/invoice': () => ({ hang: true }),
      }),
    );
    const c = client(fake.url);
    expect(((await c.call('pinByPin', {}).catch((e: unknown) => e)) as KraCallError).kind).toBe('unavailable');
    const timeout = (await c.call('invoiceCheck', {}, { timeoutMs: 100 }).catch((e: unknown) => e)) as KraCallError;
    expect(timeout.kind).toBe('timeout');
  });

  it('testCredentials() requests a fresh token and reports its lifetime; bad credentials → auth_failed', async () => {
    fake = await startFakeKra((req) =>
      req.headers.authorization === `Basic ${Buffer.from(`${credentials.consumerKey}:${credentials.consumerSecret}`).toString('base64')}`
        ? tokenReply('fresh', '3599')
        : { status: 401, body: { errorCode: '401', errorMessage: 'Client credentials are invalid' } },
    );
    expect(await client(fake.url).testCredentials()).toEqual({ expiresInSeconds: 3599, tokenPath: '/v1/token/generate' });
    const bad = createPortalClient({
      baseUrl: fake.url,
      environment: 'sandbox',
      credentials: { consumerKey: 'k', consumerSecret: 'wrong-secret-value' },
      tokenCache: createTokenCache(),
    });
    const err = (await bad.testCredentials().catch((e: unknown) => e)) as KraCallError;
    expect(err.kind).toBe('auth_failed');
    expect(err.message).not.toContain('wrong-secret-value');
  });
});
