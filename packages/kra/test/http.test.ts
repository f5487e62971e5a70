import { afterEach, describe, expect, it } from 'vitest';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
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

  it('gives an empty or blank answer as an empty string and parses JSON padded with whitespace', async () => {
    const texts: Record<string, string> = { '/empty': '', '/blank': ' \r\n\t ', '/padded': '\n {"ResponseCode":"23000"} \n', '/broken': ' {"a": ' };
    fake = await startFakeKra((req) => ({ status: 200, text: texts[req.path]! }));
    const body = async (path: string) => (await requestJson({ method: 'GET', url: `${fake!.url}${path}` })).body;
    expect(await body('/empty')).toBe('');
    expect(await body('/blank')).toBe('');
    expect(await body('/padded')).toEqual({ ResponseCode: '23000' });
    expect(await body('/broken')).toBe(' {"a": ');
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

  it('reads an answer that arrives in many chunks, and joins repeated headers', async () => {
    const items = Array.from({ length: 5_000 }, (_, i) => ({ itemCd: `KE1NTXU${String(i).padStart(7, '0')}`, itemNm: 'Bidhaa ya majaribio' }));
    const server = await rawServer((_req, res) => {
      res.setHeader('x-kra-trace', ['a', 'b']);
      res.setHeader('constructor', 'plain');
      res.writeHead(200, { 'content-type': 'application/json' });
      const text = JSON.stringify({ resultCd: '000', data: { itemList: items } });
      // Written in pieces with pauses, so that the client sees several chunks.
      let at = 0;
      const next = () => {
        if (at >= text.length) return res.end();
        res.write(text.slice(at, (at += 16_384)));
        setTimeout(next, 1);
      };
      next();
    });
    try {
      const answer = await requestJson({ method: 'POST', url: `${server.url}/big`, json: {} });
      expect((answer.body as { data: { itemList: unknown[] } }).data.itemList).toEqual(items);
      expect(answer.headers['x-kra-trace']).toBe('a, b');
      expect(answer.headers['constructor']).toBe('plain');
      expect(Object.getPrototypeOf(answer.headers)).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('counts the wait for a connection in the deadline, and never sends a request whose deadline passed', async () => {
    const seen: string[] = [];
    const server = await rawServer((req) => {
      seen.push(req.url ?? '');
      // Never answers: the one connection of the pool stays busy.
    });
    const pool = new Pool(server.url, { connections: 1 });
    try {
      const first = expectKind(requestJson({ method: 'POST', url: `${server.url}/busy`, json: {}, timeoutMs: 400, dispatcher: pool }), 'timeout');
      const queued = await expectKind(requestJson({ method: 'POST', url: `${server.url}/queued`, json: {}, timeoutMs: 100, dispatcher: pool }), 'timeout');
      expect(queued.message).toContain('/queued within 100 ms');
      await first;
      // The pool is free again: the queued request, whose deadline passed, must not be sent now.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual(['/busy']);
    } finally {
      await pool.destroy();
      await server.close();
    }
  });

  it('scrubs a credential that KRA echoes with JSON escapes, and leaves a clean answer as parsed', async () => {
    const token = 'SECRET-TOKEN-4711';
    const server = await rawServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // "\u0053" is "S": the echo holds the token only once parsed.
      res.end(req.url === '/echo' ? '{"echo":"\\u0053ECRET-TOKEN-4711","ok":"yes"}' : '{"ResponseCode":"23000","Name":" Jane "}');
    });
    try {
      const echo = await requestJson({ method: 'POST', url: `${server.url}/echo`, headers: { authorization: `Bearer ${token}` }, json: {} });
      expect(echo.body).toEqual({ echo: '[redacted]', ok: 'yes' });
      expect(JSON.stringify(echo)).not.toContain(token);
      const clean = await requestJson({ method: 'POST', url: `${server.url}/clean`, headers: { authorization: `Bearer ${token}` }, json: {} });
      expect(clean.body).toEqual({ ResponseCode: '23000', Name: ' Jane ' });
    } finally {
      await server.close();
    }
  });
});

/** A plain HTTP server on 127.0.0.1 for the cases the fake KRA does not cover. */
async function rawServer(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createHttpServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
