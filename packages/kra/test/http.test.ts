import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { requestJson } from '../src/http.js';
import { KraCallError } from '../src/errors.js';
import { startFakeKra, type FakeKra } from './helpers/fake-kra.js';

let fake: FakeKra | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function expectKind(promise: Promise<unknown>, kind: KraCallError['kind']): Promise<KraCallError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KraCallError);
  expect((err as KraCallError).kind).toBe(kind);
  return err as KraCallError;
}

describe('requestJson', () => {
  it('returns parsed JSON for 2xx and 4xx, text when not JSON', async () => {
    fake = await startFakeKra((req) => (req.path === '/json' ? { status: 400, body: { ErrorCode: '1' } } : { status: 200, text: '<html>hi</html>' }));
    const json = await requestJson({ method: 'POST', url: `${fake.url}/json`, json: { a: 1 } });
    expect(json).toMatchObject({ status: 400, body: { ErrorCode: '1' } });
    expect(json.headers['content-type']).toBe('application/json');
    expect(fake.requests[0]?.body).toEqual({ a: 1 });
    const text = await requestJson({ method: 'GET', url: `${fake.url}/text` });
    expect(text.body).toBe('<html>hi</html>');
  });

  it('classifies HTTP 5xx as unavailable and keeps KRA’s error', async () => {
    fake = await startFakeKra(() => ({ status: 503, body: { ErrorCode: '500', ErrorMessage: 'Service down' } }));
    const err = await expectKind(requestJson({ method: 'POST', url: `${fake.url}/x`, json: {} }), 'unavailable');
    expect(err.httpStatus).toBe(503);
    expect(err.kraResponse).toEqual({ errorCode: '500', errorMessage: 'Service down' });
  });

  it('classifies a connection reset as unavailable', async () => {
    fake = await startFakeKra(() => ({ reset: true }));
    await expectKind(requestJson({ method: 'POST', url: `${fake.url}/x`, json: {} }), 'unavailable');
  });

  it('classifies a refused connection as unavailable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const err = await expectKind(requestJson({ method: 'POST', url: `http://127.0.0.1:${port}/x`, json: {} }), 'unavailable');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('classifies a server that never answers as timeout', async () => {
    fake = await startFakeKra(() => ({ hang: true }));
    const started = Date.now();
    const err = await expectKind(requestJson({ method: 'POST', url: `${fake.url}/slow`, json: {}, timeoutMs: 150 }), 'timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err.message).toContain('150 ms');
  });

  it('never puts headers in error messages', async () => {
    fake = await startFakeKra(() => ({ hang: true }));
    const err = await expectKind(
      requestJson({ method: 'POST', url: `${fake.url}/slow`, headers: { authorization: 'Bearer SECRET-TOKEN' }, timeoutMs: 50 }),
      'timeout',
    );
    expect(err.message).not.toContain('SECRET-TOKEN');
  });
});
