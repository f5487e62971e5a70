/**
 * One wording for field errors, wherever validation happens (route schemas through the validator
 * below, service-level parses in etims/validate.ts): a missing field "is required", whatever the
 * schema's own type message; zod's generic texts become short phrases ("must be an array", "must
 * be one of …"); messages written for a field are kept.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import type { FieldErrors } from '../errors.js';

/** What is known of one failed check. `input` is present when the parse reported inputs. */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  code?: string | undefined;
  message?: string | undefined;
  expected?: unknown;
  values?: unknown;
  input?: unknown;
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
  if (discriminator) return `must be one of ${discriminator[1]!.replace(/'/g, '').split(/\s*\|\s*/).join(', ')}`;
  return message;
}

/** Field errors keyed by dotted path (`itemList.0.qty`), `prefix` first; `body` for the whole input. */
export function fieldErrors(issues: ReadonlyArray<IssueLike>, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'body';
    (errors[path] ??= []).push(describeIssue(issue));
  }
  return errors;
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
 * Fastify validator for zod route schemas. Parses with `reportInput` so that a missing field can be
 * told from a wrong one even behind preprocessing (wrapped or Salami-named bodies); the inputs are
 * only inspected, never put into an answer.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => (data) => {
  const result = schema.safeParse(data, { reportInput: true });
  return result.success ? { value: result.data } : { error: new RequestValidationError(result.error.issues as ReadonlyArray<IssueLike>) };
};
