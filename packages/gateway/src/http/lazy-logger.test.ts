import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging.js';
import { lazyChildLogger } from './lazy-logger.js';

function captured(level: string) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().trim().split('\n'));
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

describe('lazy request logger', () => {
  it('makes no pino child for lines below the level, and writes the others with the request id, secrets redacted', async () => {
    const { logger, lines } = captured('warn');
    let children = 0;
    const parent = new Proxy(logger, {
      get: (target, prop, receiver) =>
        prop === 'child' ? (...a: Parameters<Logger['child']>) => (children++, target.child(...a)) : Reflect.get(target, prop, receiver),
    });
    const log = lazyChildLogger(parent, { reqId: 'req_1' }, {}) as unknown as Logger;
    log.info('incoming request');
    log.debug({ x: 1 }, 'detail');
    expect(children).toBe(0);
    expect(log.isLevelEnabled('info')).toBe(false);
    expect(log.level).toBe('warn');

    log.warn({ consumer_secret: 'must-not-appear' }, 'refused');
    log.error('failed');
    expect(children).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, reqId: 'req_1', msg: 'refused', consumer_secret: '[redacted]' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 50, reqId: 'req_1', msg: 'failed' });
    expect(lines.join('\n')).not.toContain('must-not-appear');
    expect(log.child({ part: 'x' }).bindings()).toMatchObject({ reqId: 'req_1', part: 'x' });
  });
});
