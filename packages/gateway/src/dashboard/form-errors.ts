/**
 * Field errors shown next to their fields: each error is a `<span>` with an id that its input names
 * in `aria-describedby` (with `aria-invalid`), so a screen reader reads the problem with the field.
 */
import { html, type Html } from './html.js';
import type { ApiAnswer } from './internal-api.js';

export type FormErrors = Record<string, string[]>;

const errorId = (name: string): string => `error-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * Attributes for an input whose field may have an error: `aria-invalid` and `aria-describedby` naming
 * the error (and `hintId`, a hint's id, when given); only the hint when the field has no error.
 */
export function invalidAttrs(errors: FormErrors, name: string, hintId?: string): Html {
  const ids = [...(hintId ? [hintId] : []), ...(errors[name]?.length ? [errorId(name)] : [])].join(' ');
  const invalid = errors[name]?.length ? html` aria-invalid="true"` : '';
  return ids ? html`${invalid} aria-describedby="${ids}"` : html``;
}

/** The error text of a field, to place right after its label. */
export function fieldError(errors: FormErrors, name: string): Html {
  const problems = errors[name];
  return problems?.length ? html`<span class="field-error" id="${errorId(name)}">${name}: ${problems.join('; ')}</span>` : html``;
}

/** The field errors of an API answer, with `prefix` (e.g. `settings.`) taken off their names. */
export function answerErrors(answer: ApiAnswer, prefix = ''): FormErrors {
  const out: FormErrors = {};
  for (const [name, problems] of Object.entries(answer.json?.errors ?? {})) {
    out[prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name] = problems;
  }
  return out;
}

/** The errors of `errors` not in `shown` (fields the form has no place for), as one line, or undefined. */
export function otherErrors(errors: FormErrors, shown: readonly string[]): string | undefined {
  const rest = Object.entries(errors).filter(([name]) => !shown.includes(name));
  return rest.length ? rest.map(([name, problems]) => `${name}: ${problems.join('; ')}`).join(' — ') : undefined;
}
