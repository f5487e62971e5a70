/**
 * One line's arithmetic, in integer cents. Every intermediate result is rounded to the cent, in the
 * order KRA recomputes it (price, supply, discount, then the VAT split), so that our amounts are the
 * ones KRA expects to find rather than a more precise figure KRA would refuse.
 */
import { divRound, formatScaled, MAX_AMOUNT_CENTS, parseScaled } from './decimal.js';
import { TaxInputError } from './errors.js';
import { FULL_RATE_BP, type RatesBp } from './rates.js';
import { TAX_BANDS, type LineAmounts, type LineAmountsConvention, type RoundingMode, type SimpleLine, type TaxBand, type TaxSettings } from './types.js';

/** A computed line: qty in hundredths, dcRt in basis points, every amount in cents. */
export interface LineCents {
  taxTyCd: TaxBand;
  qty: bigint;
  prc: bigint;
  splyAmt: bigint;
  dcRt: bigint;
  dcAmt: bigint;
  taxblAmt: bigint;
  taxAmt: bigint;
  totAmt: bigint;
}

/** The VAT split of a net amount (supply after discount). */
export interface NetSplit {
  taxblAmt: bigint;
  taxAmt: bigint;
  totAmt: bigint;
}

/**
 * Splits a net amount under a convention. Exclusive: VAT on top (`tax = round(net × rate)`).
 * Inclusive: the net already holds the VAT (`taxbl = round(net / (1 + rate))`, tax the remainder),
 * so taxable + tax is exactly the net and the customer pays what the price said.
 */
export function splitNet(net: bigint, bp: bigint, convention: LineAmountsConvention, mode: RoundingMode): NetSplit {
  if (convention === 'vat_exclusive') {
    const taxAmt = divRound(net * bp, FULL_RATE_BP, mode);
    return { taxblAmt: net, taxAmt, totAmt: net + taxAmt };
  }
  const taxblAmt = divRound(net * FULL_RATE_BP, FULL_RATE_BP + bp, mode);
  return { taxblAmt, taxAmt: net - taxblAmt, totAmt: net };
}

/** `prc × qty` in cents (qty in hundredths). */
export function supplyOf(prc: bigint, qty: bigint, mode: RoundingMode): bigint {
  return divRound(prc * qty, 100n, mode);
}

/** The unit price (4 decimals) as a 2-decimal `prc` in the document's convention: VAT added or removed only when the price is in the other one. */
function priceInConvention(unitPrice: bigint, includesVat: boolean, bp: bigint, convention: LineAmountsConvention, mode: RoundingMode): bigint {
  if (convention === 'vat_inclusive' && !includesVat) return divRound(unitPrice * (FULL_RATE_BP + bp), 100n * FULL_RATE_BP, mode);
  if (convention === 'vat_exclusive' && includesVat) return divRound(unitPrice * FULL_RATE_BP, 100n * (FULL_RATE_BP + bp), mode);
  return divRound(unitPrice, 100n, mode);
}

const isAbsent = (v: unknown): boolean => v === undefined || v === null;

/** The discount of a line: from a rate, an amount, or both when they agree within a cent. */
function discountOf(line: SimpleLine, splyAmt: bigint, at: string, mode: RoundingMode): { dcRt: bigint; dcAmt: bigint } {
  const hasRate = !isAbsent(line.discountRate);
  const hasAmount = !isAbsent(line.discountAmount);
  let dcRt = 0n;
  let dcAmt = 0n;
  if (hasRate) {
    dcRt = parseScaled(line.discountRate, { field: `${at}.discountRate`, scale: 2, maxIntegerDigits: 3 });
    if (dcRt > FULL_RATE_BP) throw new TaxInputError(`${at}.discountRate`, 'must be a percentage between 0 and 100');
    dcAmt = divRound(splyAmt * dcRt, FULL_RATE_BP, mode);
  }
  if (hasAmount) {
    const field = `${at}.discountAmount`;
    const amount = parseScaled(line.discountAmount, { field, scale: 2, maxIntegerDigits: 16 });
    if (amount > splyAmt) throw new TaxInputError(field, `must not exceed the line's supply amount ${formatScaled(splyAmt, 2)}`);
    if (hasRate) {
      const gap = amount > dcAmt ? amount - dcAmt : dcAmt - amount;
      if (gap > 1n) {
        throw new TaxInputError(
          field,
          `disagrees with discountRate ${formatScaled(dcRt, 2)} %, which gives ${formatScaled(dcAmt, 2)} (they must agree within 0.01)`,
        );
      }
    } else {
      dcRt = splyAmt === 0n ? 0n : divRound(amount * FULL_RATE_BP, splyAmt, mode);
    }
    dcAmt = amount;
  }
  return { dcRt, dcAmt };
}

/** Refuses amounts KRA's NUMBER(18,2) cannot hold, naming the input that made them. */
export function assertFits(amount: bigint, field: string): void {
  if (amount > MAX_AMOUNT_CENTS) throw new TaxInputError(field, `gives an amount above ${formatScaled(MAX_AMOUNT_CENTS, 2)}, the largest KRA accepts`);
}

/**
 * Computes one line. When both a discount rate and amount are given, the amount is kept (it is what
 * the customer was charged) together with the given rate.
 */
export function computeLine(line: SimpleLine, index: number, rates: RatesBp, settings: TaxSettings): LineCents {
  const at = `lines[${index}]`;
  if (typeof line !== 'object' || line === null) throw new TaxInputError(at, 'must be an object');
  const band = line.taxTyCd;
  if (!(TAX_BANDS as readonly unknown[]).includes(band)) throw new TaxInputError(`${at}.taxTyCd`, `must be one of ${TAX_BANDS.join(', ')}`);
  const qty = parseScaled(line.qty, { field: `${at}.qty`, scale: 2, maxIntegerDigits: 11 });
  if (qty <= 0n) throw new TaxInputError(`${at}.qty`, 'must be greater than 0');
  const unitPrice = parseScaled(line.unitPrice, { field: `${at}.unitPrice`, scale: 4, maxIntegerDigits: 16 });
  if (typeof line.priceIncludesVat !== 'boolean') throw new TaxInputError(`${at}.priceIncludesVat`, 'must be true or false');

  const mode = settings.rounding;
  const bp = rates[band];
  const prc = priceInConvention(unitPrice, line.priceIncludesVat, bp, settings.lineAmounts, mode);
  assertFits(prc, `${at}.unitPrice`);
  const splyAmt = supplyOf(prc, qty, mode);
  assertFits(splyAmt, `${at}.qty`);
  const { dcRt, dcAmt } = discountOf(line, splyAmt, at, mode);
  const split = splitNet(splyAmt - dcAmt, bp, settings.lineAmounts, mode);
  assertFits(split.totAmt, `${at}.qty`);
  return { taxTyCd: band, qty, prc, splyAmt, dcRt, dcAmt, ...split };
}

/** The wire form of a computed line: canonical 2-decimal strings. */
export function formatLine(line: LineCents): LineAmounts {
  const money = (v: bigint) => formatScaled(v, 2);
  return {
    taxTyCd: line.taxTyCd,
    qty: money(line.qty),
    prc: money(line.prc),
    splyAmt: money(line.splyAmt),
    dcRt: money(line.dcRt),
    dcAmt: money(line.dcAmt),
    taxblAmt: money(line.taxblAmt),
    taxAmt: money(line.taxAmt),
    totAmt: money(line.totAmt),
  };
}
