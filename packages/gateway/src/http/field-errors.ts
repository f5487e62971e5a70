/**
 * One wording for field errors, wherever validation happens (route schemas through the validator
 * below, service-level parses in etims/validate.ts): a missing field "is required", whatever the
 * schema's own type message; zod's generic texts become short phrases ("must be an array", "must
 * be one of …"); messages written for a field are kept.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { validationError, type ApiError, type FieldErrors } from '../errors.js';

/** What is known of one failed check. `input` is present when the parse reported inputs. */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  code?: string | undefined;
  message?: string | undefined;
  expected?: unknown;
  values?: unknown;
  input?: unknown;
  /** The unknown field names of an `unrecognized_keys` issue. */
  keys?: ReadonlyArray<string>;
}

/** The message of one issue, as callers read it. */
export function describeIssue(issue: IssueLike): string {
  const missing = 'input' in issue && issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union');
  if (missing) return 'is required';
  const message = issue.message;
  if (!message || !message.startsWith('Invalid')) return message ?? 'is invalid';
  if (issue.code === 'invalid_type' && typeof issue.expected === 'string') return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
  if (issue.code === 'invalid_value' && Array.isArray(issue.values)) return `must be one of ${issue.values.map(String).join(', ')}`;
  const discriminator = /^Invalid discriminator value\. Expected (.+)$/.exec(message);
  if (discriminator)
    return `must be one of ${discriminator[1]!
      .replace(/'/g, '')
      .split(/\s*\|\s*/)
      .join(', ')}`;
  return message;
}

/** An unknown-fields issue becomes one issue per unknown field, so each is named at its own path. */
function perField(issues: ReadonlyArray<IssueLike>): IssueLike[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? issue.keys.map((key) => ({ path: [...issue.path, key], code: 'unrecognized_key', message: 'is not a field of this request' }))
      : [issue],
  );
}

/** At most this many fields are named in one answer; `error_count` says how many were wrong in all. */
export const MAX_REPORTED_FIELD_ERRORS = 100;

/**
 * Field errors keyed by dotted path (`itemList.0.qty`), `prefix` first; `body` for the whole input.
 * The paths are the caller's field names, so they are collected in a Map: a field named
 * `hasOwnProperty`, `constructor` or `__proto__` is a key like any other, never a property of
 * Object.prototype (one such unknown field once turned a 422 into a 500 outside our envelope).
 */
export function fieldErrors(issues: ReadonlyArray<IssueLike>, prefix = ''): FieldErrors {
  const errors = new Map<string, string[]>();
  for (const issue of perField(issues)) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'body';
    let messages = errors.get(path);
    if (!messages) {
      if (errors.size === MAX_REPORTED_FIELD_ERRORS) continue;
      messages = [];
      errors.set(path, messages);
    }
    messages.push(describeIssue(issue));
  }
  // Object.fromEntries defines own properties, `__proto__` included.
  return Object.fromEntries(errors);
}

/**
 * The 422 for failed checks: the first field in the message, at most
 * {@link MAX_REPORTED_FIELD_ERRORS} fields in `errors`, and `error_count` when some were left out,
 * so a body with 100,000 bad lines gets a short answer.
 */
export function issuesToValidationError(issues: ReadonlyArray<IssueLike>, prefix = ''): ApiError {
  const errors = fieldErrors(issues, prefix);
  const first = Object.entries(errors)[0];
  const message = first ? `${first[0]}: ${first[1][0]}` : 'The given data was invalid.';
  const total = new Set(perField(issues).map((i) => [prefix, ...i.path.map(String)].filter(Boolean).join('.') || 'body')).size;
  return validationError(errors, message, total > Object.keys(errors).length ? { error_count: total } : {});
}

/** A request that failed its route's schema: the zod issues, with the inputs they saw. */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError';
  readonly statusCode = 422;
  constructor(readonly issues: ReadonlyArray<IssueLike>) {
    super('request validation failed');
  }
}

/**
 * `schema.safeParse(data)`, with the inputs in the issues when it fails (`reportInput`), so that a
 * missing field can be told from a wrong one even behind preprocessing. `reportInput` made every
 * parse about ten times slower (2.7 µs instead of 0.3 µs for a PIN check's body), so it is asked
 * for only to describe data that already failed; schemas are pure (preprocessing only reshapes), so
 * the second parse finds the same issues.
 */
export function parseDescribed<T extends z.ZodType>(schema: T, data: unknown): z.ZodSafeParseResult<z.output<T>> {
  const result = schema.safeParse(data);
  if (result.success) return result;
  const described = schema.safeParse(data, { reportInput: true });
  return described.success ? result : described;
}

/**
 * Fastify validator for zod route schemas, through {@link parseDescribed} (wrapped or Salami-named
 * bodies are preprocessed); the inputs in the issues are only inspected, never put into an answer.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  // Header schemas only document the optional X-KRA-App-Id and Idempotency-Key (http/app.ts), which
  // Node always hands over as strings and whose handlers check them: parsing every request's headers
  // against them could never fail, and cost ~3 % of a KRA call's CPU. The answer is `true`, not
  // `{value}`: Fastify keeps a returned value as extra headers and then copies every header into a
  // new object on each later read of `req.headers` (several per request).
  if (httpPart === 'headers') return () => true;
  return (data) => {
    const result = parseDescribed(schema, data);
    return result.success ? { value: result.data } : { error: new RequestValidationError(result.error.issues as ReadonlyArray<IssueLike>) };
  };
};
