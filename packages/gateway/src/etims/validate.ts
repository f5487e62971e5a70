/** Parses with a zod schema and turns a failure into the 422 of every route (see http/field-errors.ts). */
import type { z } from 'zod';
import type { ApiError } from '../errors.js';
import { issuesToValidationError, parseDescribed, type IssueLike } from '../http/field-errors.js';

/** A 422 whose message names the first bad field. */
export function zodValidationError(error: z.ZodError, prefix = ''): ApiError {
  return issuesToValidationError(error.issues as ReadonlyArray<IssueLike>, prefix);
}

/** Parses `body` with `schema` or throws the 422. */
export function parseOr422<T extends z.ZodType>(schema: T, body: unknown, prefix = ''): z.output<T> {
  const parsed = parseDescribed(schema, body);
  if (!parsed.success) throw zodValidationError(parsed.error, prefix);
  return parsed.data;
}
