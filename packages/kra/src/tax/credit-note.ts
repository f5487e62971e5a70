/**
 * Credit notes against a computed sale, in whole or in parts.
 *
 * A partial note is not priced afresh: each line's amounts are the difference between the sale
 * line's proportional amounts at the quantity credited after this note and before it. The amounts
 * at the full quantity are the sale's own, so however a line is split across notes, the notes add
 * up exactly to the sale, never a cent more or less.
 *
 * The proportional amounts at a quantity q are: the supply `round(prc × q)`; the discount in
 * proportion to that supply (`round(saleDcAmt × supply(q) / saleSplyAmt)`, i.e. the sale's discount
 * rate applied to what is credited); and the VAT split of the net, under the convention and rounding
 * mode that give back the sale line at its full quantity ({@link prorationOf}).
 * Each of these only grows with q (a discount taken in proportion to the quantity instead could
 * outgrow a supply that stayed on the same cent, and a later note would then carry -0.01), so no
 * note line is ever negative.
 */
import { divRound, formatScaled, parseScaled } from './decimal.js';
import { TaxInputError } from './errors.js';
import { headerOf } from './header.js';
import { formatLine, splitNet, supplyOf, type LineCents } from './lines.js';
import { ratesBp } from './rates.js';
import { resolveSettings } from './settings.js';
import { TAX_BANDS, type DocumentAmounts, type LineAmounts, type LineAmountsConvention, type RoundingMode, type TaxRates, type TaxSettings } from './types.js';

type Amounts = Pick<LineCents, 'splyAmt' | 'dcAmt' | 'taxblAmt' | 'taxAmt' | 'totAmt'>;
const AMOUNT_KEYS = ['splyAmt', 'dcAmt', 'taxblAmt', 'taxAmt', 'totAmt'] as const;
const ZERO: Amounts = { splyAmt: 0n, dcAmt: 0n, taxblAmt: 0n, taxAmt: 0n, totAmt: 0n };

/** Reads back a sale line (as computed earlier and stored), naming `sale.lines[i].<field>` when it is unreadable. */
function readSaleLine(line: LineAmounts, index: number): LineCents {
  const at = `sale.lines[${index}]`;
  if (typeof line !== 'object' || line === null) throw new TaxInputError(at, 'must be an object');
  if (!(TAX_BANDS as readonly unknown[]).includes(line.taxTyCd)) throw new TaxInputError(`${at}.taxTyCd`, `must be one of ${TAX_BANDS.join(', ')}`);
  const read = (key: Exclude<keyof LineAmounts, 'taxTyCd'>, maxIntegerDigits = 16) =>
    parseScaled(line[key], { field: `${at}.${key}`, scale: 2, maxIntegerDigits });
  const qty = read('qty', 11);
  if (qty <= 0n) throw new TaxInputError(`${at}.qty`, 'must be greater than 0');
  return {
    taxTyCd: line.taxTyCd,
    qty,
    prc: read('prc'),
    splyAmt: read('splyAmt'),
    dcRt: read('dcRt', 3),
    dcAmt: read('dcAmt'),
    taxblAmt: read('taxblAmt'),
    taxAmt: read('taxAmt'),
    totAmt: read('totAmt'),
  };
}

/** The rules a sale line is prorated under. */
interface Proration {
  convention: LineAmountsConvention;
  rounding: RoundingMode;
}

/** The sale line's proportional amounts at cumulative quantity `q` (0 <= q <= the sale quantity), by formula. */
function prorate(sale: LineCents, q: bigint, bp: bigint, rules: Proration): Amounts {
  if (q === 0n) return ZERO;
  const splyAmt = supplyOf(sale.prc, q, rules.rounding);
  const dcAmt = sale.splyAmt === 0n ? 0n : divRound(sale.dcAmt * splyAmt, sale.splyAmt, rules.rounding);
  return { splyAmt, dcAmt, ...splitNet(splyAmt - dcAmt, bp, rules.convention, rules.rounding) };
}

/**
 * The rules under which the formula gives back the sale line at its full quantity: the current
 * settings when they do, else the other convention or rounding mode. A sale made before the app's
 * settings changed is thus prorated under the rules it was computed with, and since every prorated
 * amount only grows with the quantity, no partial amount can then exceed the sale's.
 */
function prorationOf(sale: LineCents, bp: bigint, settings: TaxSettings): Proration {
  const other = <T>(value: T, pair: readonly [T, T]): T => (value === pair[0] ? pair[1] : pair[0]);
  const conventions = [settings.lineAmounts, other(settings.lineAmounts, ['vat_inclusive', 'vat_exclusive'] as const)];
  const modes = [settings.rounding, other(settings.rounding, ['half_up', 'half_even'] as const)];
  for (const rounding of modes) {
    for (const convention of conventions) {
      const full = prorate(sale, sale.qty, bp, { convention, rounding });
      if (AMOUNT_KEYS.every((key) => full[key] === sale[key])) return { convention, rounding };
    }
  }
  return { convention: settings.lineAmounts, rounding: settings.rounding };
}

/** The amounts at cumulative quantity `q`: the sale's own at the full quantity, so that the last note closes the line exactly. */
function amountsAt(sale: LineCents, q: bigint, bp: bigint, rules: Proration): Amounts {
  return q === sale.qty ? sale : prorate(sale, q, bp, rules);
}

/**
 * A credit note for part or all of a computed sale. `credited[i]` = quantity already credited on sale line i by earlier notes (string/number, default 0);
 * `quantities[i]` = quantity this note credits on line i (0 = line not on the note; lines with 0 are omitted from the result, and `lineIndexes` says which sale line each result line came from).
 * Amounts are the difference of the line's proportional amounts at (credited+this) and at (credited): so all notes together sum EXACTLY to the sale (no cent drift), and a full note equals the sale line exactly.
 * Throws TaxInputError (field 'lines[i].qty') when credited+this exceeds the sale quantity; (field 'lines') when the note would be empty.
 */
export function computeCreditNote(
  sale: DocumentAmounts,
  credited: readonly (string | number)[],
  quantities: readonly (string | number)[],
  rates: TaxRates,
  settings?: Partial<TaxSettings>,
): DocumentAmounts & { lineIndexes: number[] } {
  const effective = resolveSettings(settings);
  const bp = ratesBp(rates);
  if (typeof sale !== 'object' || sale === null || !Array.isArray(sale.lines) || sale.lines.length === 0) {
    throw new TaxInputError('sale.lines', 'the sale must have at least one line');
  }
  const saleLines = sale.lines.map(readSaleLine);
  if (!Array.isArray(credited)) throw new TaxInputError('credited', 'must be a list of quantities, one per sale line');
  if (!Array.isArray(quantities)) throw new TaxInputError('lines', 'must be a list of quantities, one per sale line');
  if (credited.length > saleLines.length) throw new TaxInputError('credited', `has ${credited.length} entries, but the sale has ${saleLines.length} lines`);
  if (quantities.length > saleLines.length) {
    throw new TaxInputError(`lines[${saleLines.length}].qty`, `the sale has ${saleLines.length} lines, the note ${quantities.length}`);
  }

  const lines: LineCents[] = [];
  const lineIndexes: number[] = [];
  saleLines.forEach((line, i) => {
    const field = `lines[${i}].qty`;
    const rawBefore = credited[i];
    const rawNow = quantities[i];
    const before = rawBefore === undefined || rawBefore === null ? 0n : parseScaled(rawBefore, { field: `credited[${i}]`, scale: 2, maxIntegerDigits: 11 });
    const now = rawNow === undefined || rawNow === null ? 0n : parseScaled(rawNow, { field, scale: 2, maxIntegerDigits: 11 });
    if (before + now > line.qty) {
      const remaining = line.qty > before ? line.qty - before : 0n;
      const q = (v: bigint) => formatScaled(v, 2);
      throw new TaxInputError(
        field,
        `credits ${q(now)}, but only ${q(remaining)} of the sale line's ${q(line.qty)} remain to be credited (${q(before)} credited already)`,
      );
    }
    if (now === 0n) return;
    const rate = bp[line.taxTyCd];
    const rules = prorationOf(line, rate, effective);
    const from = amountsAt(line, before, rate, rules);
    const to = amountsAt(line, before + now, rate, rules);
    const note: LineCents = { taxTyCd: line.taxTyCd, qty: now, prc: line.prc, dcRt: line.dcRt, ...ZERO };
    for (const key of AMOUNT_KEYS) {
      note[key] = to[key] - from[key];
      // Only a sale line no rules reproduce (computed with another rate, or not by this engine) can get here.
      if (note[key] < 0n) {
        throw new TaxInputError(
          field,
          `the sale line's amounts do not follow from its price and the band's current rate, so this quantity cannot be credited exactly; credit the whole line instead`,
        );
      }
    }
    lines.push(note);
    lineIndexes.push(i);
  });
  if (lines.length === 0) throw new TaxInputError('lines', 'the credit note credits nothing: every quantity is 0');
  return { lines: lines.map(formatLine), header: headerOf(lines, bp, effective), lineIndexes };
}
