/** Turns zod issues into the `errors: {"field.path": ["…"]}` form of a 422. */
import type { z } from 'zod';
import { validationError, type ApiError, type FieldErrors } from '../errors.js';
import { fieldErrors, type IssueLike } from '../http/field-errors.js';

/** The field errors of a failed parse of `input`, keyed by dotted path (`itemList.0.qty`). */
export function fieldErrorsOf(error: z.ZodError, prefix = ''): FieldErrors {
  return fieldErrors(error.issues as ReadonlyArray<IssueLike>, prefix);
}

/** A 422 whose message names the first bad field. */
export function zodValidationError(error: z.ZodError, prefix = ''): ApiError {
  const errors = fieldErrorsOf(error, prefix);
  const first = Object.entries(errors)[0];
  return validationError(errors, first ? `${first[0]}: ${first[1][0]}` : 'The given data was invalid.');
}

/** Parses `body` with `schema` or throws the 422. */
export function parseOr422<T extends z.ZodType>(schema: T, body: unknown, prefix = ''): z.output<T> {
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw zodValidationError(parsed.error, prefix);
  return parsed.data;
}
