/**
 * The one error the tax engine throws. Every refusal names the input at fault (`lines[2].unitPrice`,
 * `rates.B`, `settings.rounding`) so the gateway can answer with a 422 that points at the caller's
 * field, and says which rule was broken, in words a caller can act on.
 */
export class TaxInputError extends Error {
  override readonly name = 'TaxInputError';
  /** The input at fault, e.g. `lines[2].unitPrice`; `lines` when the document as a whole is refused. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
