/**
 * parseDescribed: a body that passes is parsed once, plainly; a body that fails is described with
 * the inputs the checks saw, so that a missing field reads differently from a wrong one.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors, parseDescribed, zodValidatorCompiler, type IssueLike } from './field-errors.js';

const schema = z.preprocess((body) => body, z.looseObject({ pin: z.string('must be a string').trim(), count: z.number('must be a number') }));

describe('parseDescribed', () => {
  it('returns the parsed data of a body that passes', () => {
    const result = parseDescribed(schema, { pin: ' A1 ', count: 2, extra: true });
    expect(result.success && result.data).toEqual({ pin: 'A1', count: 2, extra: true });
  });

  it('describes a failed body with the inputs its checks saw', () => {
    const result = parseDescribed(schema, { pin: 7 });
    expect(result.success).toBe(false);
    const issues = result.error!.issues as ReadonlyArray<IssueLike & { input?: unknown }>;
    // The wrong field carries what was sent; the missing one carries nothing.
    expect(issues.find((i) => i.path[0] === 'pin')?.input).toBe(7);
    expect(issues.find((i) => i.path[0] === 'count')).toMatchObject({ input: undefined });
    expect(Object.keys(fieldErrors(issues))).toEqual(['pin', 'count']);
  });
});

describe('zodValidatorCompiler', () => {
  it("leaves a route's documented headers as Node's own object, read without a copy", async () => {
    const app = Fastify();
    app.setValidatorCompiler(zodValidatorCompiler);
    app.post('/x', { schema: { headers: z.object({ 'x-kra-app-id': z.string().optional() }), body: z.object({ a: z.number() }) } }, async (req) => ({
      same: req.headers === req.raw.headers,
      app: req.headers['x-kra-app-id'],
      body: req.body,
    }));
    const res = await app.inject({ method: 'POST', url: '/x', headers: { 'x-kra-app-id': '7' }, payload: { a: 1 } });
    expect(res.json()).toEqual({ same: true, app: '7', body: { a: 1 } });
    const bad = await app.inject({ method: 'POST', url: '/x', payload: { a: 'one' } });
    expect(bad.statusCode).toBe(422);
    await app.close();
  });
});
