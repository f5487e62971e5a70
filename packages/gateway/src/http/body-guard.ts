/**
 * Bounds on the shape of every JSON body, checked while it is parsed, before any route schema sees
 * it. Route schemas then apply KRA's own limits field by field; these bounds make sure no body can
 * make validation, storage or an error answer expensive for everyone else first (a list of 100,000
 * empty objects once cost 22 s of CPU and a 54 MB error body).
 *
 * The numbers are ours, not KRA's (KRA publishes none): far above any real document, far below
 * anything that costs noticeable time.
 */
import type { FastifyInstance } from 'fastify';
import { validationError } from '../errors.js';

export const BODY_LIMITS = {
  /** Nesting of objects and arrays. No KRA request nests more than four levels. */
  maxDepth: 32,
  /** Entries of one array (document lines, lists). */
  maxArrayItems: 1000,
  /** Keys of one object. */
  maxObjectKeys: 200,
  /** Characters of one string. KRA's longest field (a notice text) is 4,000 characters. */
  maxStringLength: 10_000,
  /** Values in the whole body (objects, arrays, scalars). */
  maxValues: 50_000,
} as const;

/**
 * The depth of the deepest object or array in JSON `text`, found without parsing (a string scan),
 * so a body nested 100,000 deep is refused before a recursive parser or walker meets it.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Throws a 422 naming the first place where `value` breaks {@link BODY_LIMITS}. Iterative, not recursive. */
export function assertBodyShape(value: unknown): void {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  let seen = 0;
  const fail = (path: string, message: string): never => {
    throw validationError({ [path || 'body']: [message] }, `${path || 'body'}: ${message}`);
  };
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (++seen > BODY_LIMITS.maxValues) fail('body', `must have at most ${BODY_LIMITS.maxValues} values in all`);
    if (typeof current === 'string') {
      if (current.length > BODY_LIMITS.maxStringLength) fail(path, `must be at most ${BODY_LIMITS.maxStringLength} characters`);
    } else if (Array.isArray(current)) {
      if (current.length > BODY_LIMITS.maxArrayItems) fail(path, `must have at most ${BODY_LIMITS.maxArrayItems} entries`);
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: path ? `${path}.${i}` : String(i) });
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      if (keys.length > BODY_LIMITS.maxObjectKeys) fail(path, `must have at most ${BODY_LIMITS.maxObjectKeys} fields`);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (key.length > 200) fail(path, 'has a field name longer than 200 characters');
        stack.push({ value: (current as Record<string, unknown>)[key], path: path ? `${path}.${key}` : key });
      }
    }
  }
}

/**
 * Replaces Fastify's JSON parser with one that refuses over-deep text before parsing and checks
 * the parsed body against {@link BODY_LIMITS}; the parsing itself (with its `__proto__` and
 * `constructor` poisoning checks) stays Fastify's own.
 */
export function installGuardedJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text, done) => {
    const body = typeof text === 'string' ? text : text.toString('utf8');
    if (exceedsJsonDepth(body, BODY_LIMITS.maxDepth)) {
      done(
        validationError({ body: [`is nested more than ${BODY_LIMITS.maxDepth} levels deep`] }, `body: is nested more than ${BODY_LIMITS.maxDepth} levels deep`),
        undefined,
      );
      return;
    }
    parse(req, body, (err: Error | null, value?: unknown) => {
      if (err) return done(err, undefined);
      try {
        assertBodyShape(value);
      } catch (shapeError) {
        return done(shapeError as Error, undefined);
      }
      done(null, value);
    });
  });
}
