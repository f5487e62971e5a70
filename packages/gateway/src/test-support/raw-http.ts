/**
 * HTTP at the socket level, for tests of what happens below a well-formed request: oversized or
 * malformed headers, bad request lines, bodies that trickle in, too many connections.
 */
import { connect, type Socket } from 'node:net';

/** A response as read off the socket until it closed (or the wait ended). */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The parsed body when it is JSON. */
  json: Record<string, unknown> | undefined;
  /** Milliseconds from connecting to the end of the response. */
  elapsedMs: number;
}

/** Parses the first HTTP/1.1 response in `text` (Content-Length framed). */
export function parseRawResponse(text: string, elapsedMs: number): RawResponse {
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = split === -1 ? '' : text.slice(split + 4);
  const length = Number(headers['content-length']);
  if (Number.isFinite(length)) body = Buffer.from(body).subarray(0, length).toString('utf8');
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body, json, elapsedMs };
}

/** Opens a socket to 127.0.0.1:`port`. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Collects what the server writes until it closes the socket or `waitMs` passes. The chunks to send
 * are written one by one `gapMs` apart (a slow client), stopping when the server has closed.
 */
export function exchange(port: number, chunks: ReadonlyArray<string | Buffer>, opts: { gapMs?: number; waitMs?: number } = {}): Promise<RawResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    let closed = false;
    const finish = () => {
      if (closed) return;
      closed = true;
      clearTimeout(deadline);
      socket.destroy();
      resolve(parseRawResponse(Buffer.concat(received).toString('utf8'), Date.now() - started));
    };
    const deadline = setTimeout(finish, opts.waitMs ?? 5000);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('close', finish);
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A reset after the server answered still counts as its answer.
      if (received.length > 0 || err.code === 'ECONNRESET' || err.code === 'EPIPE') finish();
      else reject(err);
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (closed || socket.destroyed) return;
        socket.write(chunk);
        if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
      }
    });
  });
}
