import { describe, expect, it } from 'vitest';
import { createSimClock, formatKenyaIsoDateTime, formatOscuTimestamp } from '../src/core/clock.js';
import { FaultBook, routeMatches } from '../src/core/faults.js';
import { createSeededRandom, createStream } from '../src/core/prng.js';
import { isKraErrorBody } from '../src/core/stats.js';

describe('seeded PRNG', () => {
  it('repeats for a seed and differs across seeds and streams', () => {
    const a = createSeededRandom(1);
    const b = createSeededRandom(1);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(createSeededRandom(2).next()).not.toBe(seqA[0]);
    expect(createStream(1, 'x').next()).not.toBe(createStream(1, 'y').next());
    for (const value of seqA) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe('clock', () => {
  it('moves forward only and formats Kenyan time', () => {
    const clock = createSimClock(() => Date.UTC(2025, 0, 31, 22, 30, 5));
    expect(formatKenyaIsoDateTime(clock.now())).toBe('2025-02-01T01:30:05');
    expect(formatOscuTimestamp(clock.now())).toBe('20250201013005');
    clock.advance(1000);
    expect(formatKenyaIsoDateTime(clock.now())).toBe('2025-02-01T01:30:06');
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.reset();
    expect(formatKenyaIsoDateTime(clock.now())).toBe('2025-02-01T01:30:05');
  });
});

describe('fault rules', () => {
  it('match exact ids, prefixes and everything', () => {
    expect(routeMatches(undefined, 'portal.tcc')).toBe(true);
    expect(routeMatches('*', 'oscuB.x')).toBe(true);
    expect(routeMatches('portal.', 'portal.tcc')).toBe(true);
    expect(routeMatches('oscu*', 'oscuA.saveTrnsSalesOsdc')).toBe(true);
    expect(routeMatches('portal.', 'oscuA.x')).toBe(false);
    expect(routeMatches('portal.tcc', 'portal.tccApplication')).toBe(false);
  });

  it('add latencies and let the first firing rule decide', () => {
    const book = new FaultBook(() => createSeededRandom(1));
    book.add({ route: 'portal.', latencyMs: 10 });
    book.add({ route: 'portal.tcc', latencyMs: 5, errorKind: 'http503' });
    book.add({ route: 'portal.tcc', errorKind: 'http500' });
    expect(book.decide('portal.tcc', 0)).toEqual({ latencyMs: 15, action: { kind: 'http503' } });
    expect(book.decide('portal.pinbypin', 0)).toEqual({ latencyMs: 10 });
  });

  it('open a new rate-limit window after windowMs', () => {
    const book = new FaultBook(() => createSeededRandom(1));
    book.add({ rateLimit: { kind: 'oscu990', maxRequests: 1, windowMs: 1000 } });
    expect(book.decide('oscuA.x', 0).action).toBeUndefined();
    expect(book.decide('oscuA.x', 10).action).toEqual({ kind: 'oscu990' });
    expect(book.decide('oscuA.x', 1000).action).toBeUndefined();
  });

  it('keep ids unique after clearing', () => {
    const book = new FaultBook(() => createSeededRandom(1));
    const first = book.add({});
    book.clear();
    expect(book.add({}).id).not.toBe(first.id);
  });
});

describe('KRA error detection for stats', () => {
  it.each([
    [{ ErrorCode: '70001' }, true],
    [{ errorCode: '401' }, true],
    [{ ResponseCode: '19005', Status: 'NOK' }, true],
    [{ responseCode: 40001, status: 'ERROR' }, true],
    [{ RESPONSE: { ResponseCode: '82002', Status: 'NOK' } }, true],
    [{ response_code: '83002', response_status: 'NOK' }, true],
    [{ resultCd: '990' }, true],
    [{ resultCd: '001' }, false],
    [{ ResponseCode: '23000', Status: 'OK' }, false],
  ])('%j → %s', (body, expected) => {
    expect(isKraErrorBody(body)).toBe(expected);
  });
});
