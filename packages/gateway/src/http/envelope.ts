/** The success envelope shared with Salami: `{success: true, data, message?}`. */
export interface Envelope<T> {
  success: true;
  data: T;
  message?: string;
  [extra: string]: unknown;
}

/** Wraps `data` in the success envelope; `extra` adds top-level fields (e.g. `kra`, `meta`). */
export function ok<T>(data: T, message?: string, extra: Record<string, unknown> = {}): Envelope<T> {
  return { success: true, data, ...(message === undefined ? {} : { message }), ...extra };
}
