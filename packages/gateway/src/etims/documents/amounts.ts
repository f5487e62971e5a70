/**
 * Running the tax engine for a route: its refusals become a 422 naming the caller's field, and
 * amounts a JSON number cannot carry to the cent are refused. Also the one way a route turns the
 * field errors it collected into its 422.
 */
import { TaxInputError, type DocumentAmounts } from '@ushuru/kra';
import { validationError, type FieldErrors } from '../../errors.js';

/** Throws the 422 of `errors` (its message names the first field), when there are any. */
export function refuseIfAny(errors: FieldErrors, extra: Record<string, unknown> = {}): void {
  const first = Object.entries(errors)[0];
  if (first) throw validationError(errors, `${first[0]}: ${first[1][0]}`, extra);
}

/** The engine's field names → ours, for 422s that name what the caller sent. */
const LINE_FIELD_NAMES: Record<string, string> = {
  qty: 'quantity',
  unitPrice: 'unit_price',
  discountRate: 'discount_rate',
  discountAmount: 'discount_amount',
  taxTyCd: 'tax_type',
};

function engineFieldToOurs(field: string): string {
  const m = /^lines\[(\d+)\]\.(\w+)$/.exec(field);
  return m ? `lines.${m[1]}.${LINE_FIELD_NAMES[m[2]!] ?? m[2]}` : 'lines';
}

/**
 * KRA's amounts travel as JSON numbers: beyond 2^53 cents a double no longer holds every cent, so a
 * document whose amounts are that large is refused rather than rounded on the wire.
 */
function refuseInexactAmounts(amounts: DocumentAmounts): void {
  const exact = (decimal: string) => Number.isSafeInteger(Number(decimal.replace('.', '')));
  amounts.lines.forEach((line, i) => {
    if (![line.splyAmt, line.totAmt, line.prc].every(exact)) {
      throw validationError({ [`lines.${i}.quantity`]: ['gives an amount too large to send to KRA exactly'] });
    }
  });
  if (!exact(amounts.header.totAmt)) throw validationError({ lines: ['give a total too large to send to KRA exactly'] });
}

/** Runs the tax engine; its refusals become a 422 naming our field. */
export function computeOr422<T extends DocumentAmounts>(compute: () => T): T {
  try {
    const amounts = compute();
    refuseInexactAmounts(amounts);
    return amounts;
  } catch (err) {
    if (err instanceof TaxInputError) {
      const field = engineFieldToOurs(err.field);
      throw validationError({ [field]: [err.message] }, `${field}: ${err.message}`);
    }
    throw err;
  }
}
