/**
 * A tiny real HTTP server on 127.0.0.1:0 that answers like KRA, for tests that must exercise the
 * real network path (undici, keep-alive, timeouts, resets) without the simulator package.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake received. Header names are lower-case. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

/** What the handler wants the fake to do. */
export type FakeReply = { status?: number; body?: unknown; text?: string; delayMs?: number } | { hang: true } | { reset: true };

/** The fake server. */
export interface FakeKra {
  url: string;
  requests: RecordedRequest[];
  /** Requests whose path matches. */
  hits(path: string): RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a fake KRA host answering each request with `handler`. */
export async function startFakeKra(handler: (req: RecordedRequest) => FakeReply | Promise<FakeReply>): Promise<FakeKra> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown = undefined;
        if (rawBody) {
          try {
            body = JSON.parse(rawBody);
          } catch {
            body = rawBody;
          }
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === 'string') headers[name] = value;
        }
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers,
          body,
        };
        requests.push(recorded);
        const reply = await handler(recorded);
        if ('hang' in reply) return;
        if ('reset' in reply) {
          req.socket.destroy();
          return;
        }
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        const text = reply.text ?? JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { 'content-type': reply.text ? 'text/html' : 'application/json' });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** KRA's token answer (`expires_in` is a string, no `token_type`). */
export function tokenReply(accessToken: string, expiresIn = '3599'): FakeReply {
  return { body: { access_token: accessToken, expires_in: expiresIn } };
}
