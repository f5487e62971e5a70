/**
 * HTML templates as tagged template literals: every interpolated value is escaped unless it is
 * already `Html` (a fragment built by this same tag). One escaping helper for the whole dashboard,
 * so no page can forget it.
 */

/** A fragment known to be safe HTML (built by `html` or `raw`). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for an element body or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map((v: Value) => render(v)).join('');
  return escapeHtml(value);
}

/** The template tag: `html\`<p>${userText}</p>\``. `null`, `undefined` and `false` render as nothing. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Trusted markup made by our own code (e.g. an SVG chart built from numbers). Never for user input. */
export function raw(markup: string): Html {
  return new Html(markup);
}
