/**
 * KRA may echo what it was sent in an error text. Whatever it echoes — the Basic header, the
 * consumer key or secret, a bearer token, a cmcKey — must not come out of this package: not in an
 * error message, a kraResponse, a raw body or a result.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLegacyOscuTransport,
  createOscuClient,
  createPortalClient,
  createTokenCache,
  isKraCallError,
  requestAccessToken,
  requestJson,
} from '../src/index.js';
import { createGavaConnectOscuTransport } from '../src/oscu/transport-gavaconnect.js';
import { startFakeKra, type FakeKra, type RecordedRequest } from './helpers/fake-kra.js';

const KEY = 'ckey_ABCDEFGHIJKLMNOP';
const SECRET = 'csecret_QRSTUVWXYZ123456';
const CMC = 'cmc0123456789abcdef0123456789abcd';

/** Everything a request carried that could be a credential, echoed back. */
const echo = (req: RecordedRequest) => `echo ${req.headers.authorization ?? ''} ${req.headers.cmckey ?? ''} ${KEY} ${SECRET}`;

/** A portal client with this file's credentials, against the fake KRA at `url`. */
const portalClient = (url: string) =>
  createPortalClient({ baseUrl: url, environment: 'sandbox', credentials: { consumerKey: KEY, consumerSecret: SECRET }, tokenCache: createTokenCache() });

function assertClean(value: unknown, secrets: string[]) {
  const text = JSON.stringify(value, (_k, v) => (v instanceof Error ? { ...v, message: v.message } : v));
  for (const s of secrets) {
    expect(text).not.toContain(s);
    expect(text).not.toContain(Buffer.from(s).toString('base64'));
  }
}

describe('credentials echoed by KRA are scrubbed', () => {
  let kra: FakeKra | undefined;
  afterEach(async () => {
    await kra?.close();
    kra = undefined;
  });
  const basic = Buffer.from(`${KEY}:${SECRET}`).toString('base64');

  it.each([500, 401, 200])('token endpoint answering HTTP %i with an echo', async (status) => {
    kra = await startFakeKra((req) => ({ status, body: { errorCode: String(status), errorMessage: echo(req) } }));
    const err = await requestAccessToken({ environment: 'sandbox', baseUrl: kra.url, consumerKey: KEY, consumerSecret: SECRET }).catch((e: unknown) => e);
    expect(isKraCallError(err)).toBe(true);
    assertClean(err, [KEY, SECRET, basic]);
    assertClean((err as Error).message, [KEY, SECRET, basic]);
  });

  it('portal API answering 401 twice with the bearer token echoed', async () => {
    kra = await startFakeKra((req) =>
      req.path.includes('token')
        ? { body: { access_token: 'AT_SECRET_ACCESS_TOKEN_123', expires_in: '3599' } }
        : { status: 401, body: { ErrorCode: '401', ErrorMessage: echo(req) } },
    );
    const client = portalClient(kra.url);
    const outcome = await client.call('pinByPin', { KRAPIN: 'A744610021G' }).catch((e: unknown) => e);
    assertClean(outcome, [KEY, SECRET, 'AT_SECRET_ACCESS_TOKEN_123']);
  });

  it('portal API answering a business error with the echo', async () => {
    kra = await startFakeKra((req) =>
      req.path.includes('token')
        ? { body: { access_token: 'AT_SECRET_ACCESS_TOKEN_123', expires_in: '3599' } }
        : { body: { ResponseCode: '19005', Status: 'NOK', Message: echo(req) } },
    );
    const client = portalClient(kra.url);
    const result = await client.call('pinByPin', { KRAPIN: 'A744610021G' });
    expect(result.ok).toBe(false);
    assertClean(result, [KEY, SECRET, 'AT_SECRET_ACCESS_TOKEN_123']);
  });

  it('a token issued after the first call is scrubbed too (the forms follow the headers sent)', async () => {
    // The client works out the forms to scrub once per credentials and Authorization header, so a
    // second token must not be scrubbed with the first token's forms.
    let issued = 0;
    kra = await startFakeKra((req) => {
      if (req.path.includes('token')) return { body: { access_token: `AT_SECRET_TOKEN_NUMBER_${++issued}`, expires_in: '3599' } };
      if (req.headers.authorization === 'Bearer AT_SECRET_TOKEN_NUMBER_1') return { status: 401, body: { ErrorCode: '401', ErrorMessage: echo(req) } };
      return { body: { ResponseCode: '19005', Status: 'NOK', Message: echo(req) } };
    });
    const client = portalClient(kra.url);
    const result = await client.call('pinByPin', { KRAPIN: 'A744610021G' });
    expect(issued).toBe(2);
    expect(result.message).toContain('[redacted]');
    assertClean(result, [KEY, SECRET, 'AT_SECRET_TOKEN_NUMBER_1', 'AT_SECRET_TOKEN_NUMBER_2']);
    // And again on the next call, now answered from the remembered forms.
    assertClean(await client.call('pinByPin', { KRAPIN: 'A744610021G' }), [KEY, SECRET, 'AT_SECRET_TOKEN_NUMBER_2']);
  });

  it('a list of secrets its caller may still change is read again on every call', async () => {
    kra = await startFakeKra(() => ({ body: { message: 'echo FIRST_SECRET_VALUE SECOND_SECRET_VALUE' } }));
    const redact = ['FIRST_SECRET_VALUE'];
    const call = () => requestJson({ method: 'POST', url: `${kra!.url}/checker/v1/pinbypin`, json: {}, redact });
    assertClean((await call()).body, ['FIRST_SECRET_VALUE']);
    redact[0] = 'SECOND_SECRET_VALUE';
    assertClean((await call()).body, ['SECOND_SECRET_VALUE']);
  });

  it('OSCU host B answering with the bearer token, cmcKey and the app credentials echoed', async () => {
    kra = await startFakeKra((req) =>
      req.path.includes('token')
        ? { body: { access_token: 'AT_SECRET_ACCESS_TOKEN_123', expires_in: '3599' } }
        : { body: { resultCd: '901', resultMsg: echo(req), resultDt: '20261126080000', data: null } },
    );
    const transport = createGavaConnectOscuTransport({
      baseUrl: `${kra.url}/etims-oscu/api/v1/`,
      environment: 'sandbox',
      credentials: { consumerKey: KEY, consumerSecret: SECRET },
      tokenCache: createTokenCache(),
    });
    const oscu = createOscuClient({ transport, tin: 'P051234567Q', bhfId: '00', cmcKey: CMC });
    const res = await oscu.selectCodeList({ lastReqDt: '20180101000000' });
    expect(res.resultCd).toBe('901');
    expect(res.resultMsg).toContain('[redacted]');
    assertClean(res, [KEY, SECRET, CMC, 'AT_SECRET_ACCESS_TOKEN_123']);
  });

  it('OSCU host answering with the cmcKey echoed', async () => {
    kra = await startFakeKra((req) => ({
      body: { resultCd: '901', resultMsg: `It is not valid device (cmcKey=${req.headers.cmckey})`, resultDt: '20261126080000', data: null },
    }));
    const oscu = createOscuClient({ transport: createLegacyOscuTransport({ baseUrl: kra.url }), tin: 'P051234567Q', bhfId: '00', cmcKey: CMC });
    const res = await oscu.selectCodeList({ lastReqDt: '20180101000000' });
    expect(res.resultCd).toBe('901');
    expect(res.resultMsg).toContain('[redacted]');
    assertClean(res, [CMC]);
  });
});
