import { describe, expect, it } from 'vitest';
import { isoMillis } from './clock.js';

describe('isoMillis', () => {
  it('formats exactly as toISOString, across seconds, days and years', () => {
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 1_764_892_800_123, 253_402_300_799_999];
    let ms = 1_764_892_799_000;
    for (let i = 0; i < 5000; i++) samples.push((ms += 1 + ((i * 7919) % 997)));
    for (const at of samples) expect(isoMillis(at), String(at)).toBe(new Date(at).toISOString());
  });

  it('drops a fraction of a millisecond as Date does', () => {
    expect(isoMillis(1_764_892_800_123.9)).toBe(new Date(1_764_892_800_123.9).toISOString());
  });

  it('falls back to Date before 1970 and after the year 9999', () => {
    for (const at of [-1, -62_198_755_200_001, 253_402_300_800_000]) expect(isoMillis(at)).toBe(new Date(at).toISOString());
    expect(() => isoMillis(Number.NaN)).toThrow(RangeError);
  });
});
