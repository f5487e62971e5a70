/**
 * The tax engine on worked examples. Every expected figure here was worked out by hand (written in
 * the comments), never taken from the code under test.
 */
import { describe, expect, it } from 'vitest';
import * as kra from '../src/index.js';
import {
  computeDocument,
  DEFAULT_TAX_SETTINGS,
  formatCents,
  KENYA_DEFAULT_TAX_RATES,
  parseTaxRates,
  TAX_BANDS,
  TaxInputError,
  toCents,
  type SimpleLine,
  type TaxRates,
} from '../src/tax/index.js';

const RATES: TaxRates = { A: '0', B: '16', C: '0', D: '0', E: '8' };
const line = (over: Partial<SimpleLine> = {}): SimpleLine => ({ taxTyCd: 'B', qty: '1', unitPrice: '100', priceIncludesVat: true, ...over });

/** Runs `fn` and returns the TaxInputError it throws. */
function taxError(fn: () => unknown): TaxInputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TaxInputError);
    return err as TaxInputError;
  }
  throw new Error('expected a TaxInputError');
}

describe('public API', () => {
  it('is re-exported from the package root, with the documented constants', () => {
    expect(kra.computeDocument).toBe(computeDocument);
    expect(kra.computeCreditNote).toBeTypeOf('function');
    expect(kra.TaxInputError).toBe(TaxInputError);
    expect(TAX_BANDS).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(DEFAULT_TAX_SETTINGS).toEqual({ lineAmounts: 'vat_inclusive', rounding: 'half_up', unusedBandRate: 'zero' });
    expect(KENYA_DEFAULT_TAX_RATES).toEqual({ A: '0', B: '16', C: '0', D: '0', E: '8' });
  });
});

describe('computeDocument: one line', () => {
  it('splits a VAT-inclusive 100.00 at 16 %: 100 / 1.16 = 86.2069 -> 86.21, tax 13.79', () => {
    const doc = computeDocument([line()], RATES);
    expect(doc.lines).toEqual([
      { taxTyCd: 'B', qty: '1.00', prc: '100.00', splyAmt: '100.00', dcRt: '0.00', dcAmt: '0.00', taxblAmt: '86.21', taxAmt: '13.79', totAmt: '100.00' },
    ]);
    expect(doc.header).toEqual({
      taxblAmtA: '0.00',
      taxblAmtB: '86.21',
      taxblAmtC: '0.00',
      taxblAmtD: '0.00',
      taxblAmtE: '0.00',
      taxRtA: '0.00',
      taxRtB: '16.00',
      taxRtC: '0.00',
      taxRtD: '0.00',
      taxRtE: '0.00',
      taxAmtA: '0.00',
      taxAmtB: '13.79',
      taxAmtC: '0.00',
      taxAmtD: '0.00',
      taxAmtE: '0.00',
      totTaxblAmt: '86.21',
      totTaxAmt: '13.79',
      totAmt: '100.00',
      totItemCnt: 1,
    });
  });

  it('puts VAT on top of an exclusive 100.00: tax 16.00, total 116.00', () => {
    const doc = computeDocument([line({ priceIncludesVat: false })], RATES, { lineAmounts: 'vat_exclusive' });
    expect(doc.lines[0]).toMatchObject({ prc: '100.00', splyAmt: '100.00', taxblAmt: '100.00', taxAmt: '16.00', totAmt: '116.00' });
    expect(doc.header).toMatchObject({ taxblAmtB: '100.00', taxAmtB: '16.00', totTaxblAmt: '100.00', totTaxAmt: '16.00', totAmt: '116.00' });
  });

  it('converts an exclusive price into the inclusive convention: 86.21 × 1.16 = 100.0036 -> prc 100.00', () => {
    const doc = computeDocument([line({ unitPrice: '86.21', priceIncludesVat: false })], RATES);
    expect(doc.lines[0]).toMatchObject({ prc: '100.00', splyAmt: '100.00', taxblAmt: '86.21', taxAmt: '13.79', totAmt: '100.00' });
  });

  it('converts 100 without VAT to 116.00 with it: 116 / 1.16 = 100.00 taxable, 16.00 tax', () => {
    const doc = computeDocument([line({ priceIncludesVat: false })], RATES);
    expect(doc.lines[0]).toMatchObject({ prc: '116.00', splyAmt: '116.00', taxblAmt: '100.00', taxAmt: '16.00', totAmt: '116.00' });
  });

  it('converts an inclusive price into the exclusive convention: 100 / 1.16 -> 86.21, tax 86.21 × 0.16 = 13.7936 -> 13.79', () => {
    const doc = computeDocument([line()], RATES, { lineAmounts: 'vat_exclusive' });
    expect(doc.lines[0]).toMatchObject({ prc: '86.21', splyAmt: '86.21', taxblAmt: '86.21', taxAmt: '13.79', totAmt: '100.00' });
  });

  it('takes a 10 % discount off the supply: 2 × 50 = 100, -10.00, 90 / 1.16 = 77.586 -> 77.59, tax 12.41', () => {
    const doc = computeDocument([line({ qty: 2, unitPrice: '50', discountRate: '10' })], RATES);
    expect(doc.lines[0]).toEqual({
      taxTyCd: 'B',
      qty: '2.00',
      prc: '50.00',
      splyAmt: '100.00',
      dcRt: '10.00',
      dcAmt: '10.00',
      taxblAmt: '77.59',
      taxAmt: '12.41',
      totAmt: '90.00',
    });
  });

  it('takes a discount amount and derives its rate: 3 × 33.33 = 99.99, -9.99 (9.99 / 99.99 = 9.991 % -> 9.99), net 90.00', () => {
    const doc = computeDocument([line({ qty: '3', unitPrice: '33.33', discountAmount: '9.99' })], RATES);
    expect(doc.lines[0]).toMatchObject({ splyAmt: '99.99', dcRt: '9.99', dcAmt: '9.99', taxblAmt: '77.59', taxAmt: '12.41', totAmt: '90.00' });
  });

  it('accepts a rate and an amount that agree within a cent, keeping both', () => {
    // 12.5 % of 99.99 = 12.49875 -> 12.50; 12.49 is within a cent.
    const doc = computeDocument([line({ qty: '3', unitPrice: '33.33', discountRate: '12.5', discountAmount: '12.49' })], RATES);
    expect(doc.lines[0]).toMatchObject({ dcRt: '12.50', dcAmt: '12.49', totAmt: '87.50' });
  });

  it('handles a tiny amount: 0.01 at 16 % inclusive is 0.01 taxable (0.0086 -> 0.01) and no tax', () => {
    const doc = computeDocument([line({ unitPrice: '0.01' })], RATES);
    expect(doc.lines[0]).toMatchObject({ prc: '0.01', splyAmt: '0.01', taxblAmt: '0.01', taxAmt: '0.00', totAmt: '0.01' });
  });

  it('accepts numbers through their shortest decimal string', () => {
    const doc = computeDocument([line({ qty: 1.5, unitPrice: 20, discountRate: 0 })], RATES);
    // 1.5 × 20 = 30.00; 30 / 1.16 = 25.862 -> 25.86, tax 4.14.
    expect(doc.lines[0]).toMatchObject({ qty: '1.50', splyAmt: '30.00', taxblAmt: '25.86', taxAmt: '4.14' });
  });

  it('accepts a zero price (a free line)', () => {
    const doc = computeDocument([line({ unitPrice: '0', discountAmount: '0' })], RATES);
    expect(doc.lines[0]).toMatchObject({ splyAmt: '0.00', dcRt: '0.00', taxblAmt: '0.00', taxAmt: '0.00', totAmt: '0.00' });
  });
});

describe('rounding', () => {
  it('sends a tie up with half_up and to the even cent with half_even', () => {
    // 0.125 -> half-up 0.13, half-even 0.12; 0.135 -> 0.14 both ways (14 is even).
    const lines = [line({ taxTyCd: 'A', unitPrice: '0.125' }), line({ taxTyCd: 'A', unitPrice: '0.135' })];
    expect(computeDocument(lines, RATES).lines.map((l) => l.prc)).toEqual(['0.13', '0.14']);
    expect(computeDocument(lines, RATES, { rounding: 'half_even' }).lines.map((l) => l.prc)).toEqual(['0.12', '0.14']);
  });

  it('rounds a supply tie (0.5 × 0.01 = 0.005) and a tax tie (0.04 × 12.5 % = 0.005) by the mode', () => {
    const supply = [line({ taxTyCd: 'A', qty: '0.5', unitPrice: '0.01' })];
    expect(computeDocument(supply, RATES).lines[0]!.splyAmt).toBe('0.01');
    expect(computeDocument(supply, RATES, { rounding: 'half_even' }).lines[0]!.splyAmt).toBe('0.00');
    const rates = { ...RATES, B: '12.5' };
    const tax = [line({ unitPrice: '0.04', priceIncludesVat: false })];
    expect(computeDocument(tax, rates, { lineAmounts: 'vat_exclusive' }).lines[0]).toMatchObject({ taxAmt: '0.01', totAmt: '0.05' });
    expect(computeDocument(tax, rates, { lineAmounts: 'vat_exclusive', rounding: 'half_even' }).lines[0]).toMatchObject({ taxAmt: '0.00', totAmt: '0.04' });
  });
});

describe('computeDocument: documents', () => {
  const mixed: SimpleLine[] = [
    line({ taxTyCd: 'A', unitPrice: '50' }), // 50.00 exempt
    line({ taxTyCd: 'B' }), // 86.21 + 13.79
    line({ taxTyCd: 'C', qty: '2', unitPrice: '10' }), // 20.00 zero-rated
    line({ taxTyCd: 'E', unitPrice: '108' }), // 108 / 1.08 = 100.00 + 8.00
  ];

  it('sums each band over its lines, with 0.00 as the rate of an unused band', () => {
    expect(computeDocument(mixed, RATES).header).toEqual({
      taxblAmtA: '50.00',
      taxblAmtB: '86.21',
      taxblAmtC: '20.00',
      taxblAmtD: '0.00',
      taxblAmtE: '100.00',
      taxRtA: '0.00',
      taxRtB: '16.00',
      taxRtC: '0.00',
      taxRtD: '0.00',
      taxRtE: '8.00',
      taxAmtA: '0.00',
      taxAmtB: '13.79',
      taxAmtC: '0.00',
      taxAmtD: '0.00',
      taxAmtE: '8.00',
      totTaxblAmt: '256.21',
      totTaxAmt: '21.79',
      totAmt: '278.00',
      totItemCnt: 4,
    });
  });

  it("sends an unused band's rate with unusedBandRate 'rate'", () => {
    const rates = { A: '0', B: '16', C: '0', D: '2.5', E: '8' };
    const zero = computeDocument([line()], rates).header;
    expect([zero.taxRtA, zero.taxRtB, zero.taxRtC, zero.taxRtD, zero.taxRtE]).toEqual(['0.00', '16.00', '0.00', '0.00', '0.00']);
    const rate = computeDocument([line()], rates, { unusedBandRate: 'rate' }).header;
    expect([rate.taxRtA, rate.taxRtB, rate.taxRtC, rate.taxRtD, rate.taxRtE]).toEqual(['0.00', '16.00', '0.00', '2.50', '8.00']);
  });

  it('computes 1000 lines and refuses 1001', () => {
    const many = Array.from({ length: 1000 }, () => line());
    const doc = computeDocument(many, RATES);
    expect(doc.lines).toHaveLength(1000);
    expect(doc.header).toMatchObject({
      taxblAmtB: '86210.00',
      taxAmtB: '13790.00',
      totTaxblAmt: '86210.00',
      totTaxAmt: '13790.00',
      totAmt: '100000.00',
      totItemCnt: 1000,
    });
    expect(taxError(() => computeDocument([...many, line()], RATES))).toMatchObject({ field: 'lines' });
  });
});

describe('computeDocument: refusals name the field', () => {
  const cases: Array<[string, Partial<SimpleLine> | Record<string, unknown>, string, RegExp]> = [
    ['an unknown band', { taxTyCd: 'F' }, 'lines[1].taxTyCd', /one of A, B, C, D, E/],
    ['a zero quantity', { qty: '0' }, 'lines[1].qty', /greater than 0/],
    ['a negative quantity', { qty: -1 }, 'lines[1].qty', /negative/],
    ['a quantity with 3 decimals', { qty: '1.234' }, 'lines[1].qty', /at most 2 decimals/],
    ['a price with 5 decimals', { unitPrice: '1.23456' }, 'lines[1].unitPrice', /at most 4 decimals/],
    ['a negative price', { unitPrice: '-1' }, 'lines[1].unitPrice', /negative/],
    ['a non-numeric price', { unitPrice: 'abc' }, 'lines[1].unitPrice', /decimal number/],
    ['a price in exponent form', { unitPrice: '1e3' }, 'lines[1].unitPrice', /decimal number/],
    ['a float that is not what it looks like', { unitPrice: 0.1 + 0.2 }, 'lines[1].unitPrice', /at most 4 decimals/],
    ['NaN', { qty: Number.NaN }, 'lines[1].qty', /finite/],
    ['a price that is not a string or number', { unitPrice: true }, 'lines[1].unitPrice', /decimal number/],
    ['a missing VAT flag', { priceIncludesVat: undefined }, 'lines[1].priceIncludesVat', /true or false/],
    ['a discount above 100 %', { discountRate: '100.01' }, 'lines[1].discountRate', /between 0 and 100/],
    ['a discount amount above the supply', { discountAmount: '100.01' }, 'lines[1].discountAmount', /must not exceed .* 100\.00/],
    ['a discount amount with 3 decimals', { discountAmount: '1.001' }, 'lines[1].discountAmount', /at most 2 decimals/],
    ['a rate and amount that disagree', { discountRate: '10', discountAmount: '10.02' }, 'lines[1].discountAmount', /disagrees with discountRate/],
    ['an absurd quantity', { qty: '123456789012' }, 'lines[1].qty', /at most 11 digits/],
  ];
  it.each(cases)('refuses %s', (_name, over, field, message) => {
    const err = taxError(() => computeDocument([line(), line(over as Partial<SimpleLine>)], RATES));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
  });

  it('refuses an amount too large for KRA, an empty document, missing rates and unknown settings', () => {
    expect(taxError(() => computeDocument([line({ qty: '99999999999', unitPrice: '99999999' })], RATES)).field).toBe('lines[0].qty');
    expect(taxError(() => computeDocument([], RATES))).toMatchObject({ field: 'lines', message: expect.stringMatching(/at least one line/) });
    expect(taxError(() => computeDocument([line()], { ...RATES, B: undefined } as unknown as TaxRates)).field).toBe('rates.B');
    expect(taxError(() => computeDocument([line()], { ...RATES, E: '8%' })).field).toBe('rates.E');
    expect(taxError(() => computeDocument([line()], { ...RATES, B: '116' })).field).toBe('rates.B');
    expect(taxError(() => computeDocument([line()], RATES, { rounding: 'up' as never })).field).toBe('settings.rounding');
  });
});

describe('parseTaxRates', () => {
  const rows = [
    { cd: 'A', userDfnCd1: '0' },
    { cd: 'B', userDfnCd1: '16' },
    { cd: 'C', userDfnCd1: '0' },
    { cd: 'D', userDfnCd1: '0' },
    { cd: 'E', userDfnCd1: '8' },
  ];

  it('reads the bands and ignores other rows', () => {
    expect(parseTaxRates([...rows, { cd: 'X', userDfnCd1: 'n/a' }])).toEqual({ A: '0', B: '16', C: '0', D: '0', E: '8' });
  });

  it('names a missing band, a missing rate and a non-numeric rate', () => {
    expect(taxError(() => parseTaxRates(rows.filter((r) => r.cd !== 'C')))).toMatchObject({ field: 'rates.C', message: expect.stringMatching(/no row/) });
    expect(taxError(() => parseTaxRates(rows.map((r) => (r.cd === 'B' ? { cd: 'B', userDfnCd1: null } : r)))).field).toBe('rates.B');
    expect(taxError(() => parseTaxRates(rows.map((r) => (r.cd === 'E' ? { cd: 'E', userDfnCd1: 'eight' } : r)))).field).toBe('rates.E');
    expect(taxError(() => parseTaxRates([...rows, { cd: 'B', userDfnCd1: '14' }])).message).toMatch(/two rates/);
  });
});

describe('toCents / formatCents', () => {
  it('converts both ways exactly', () => {
    expect(toCents('86.21')).toBe(8621n);
    expect(toCents('1')).toBe(100n);
    expect(toCents('1.5')).toBe(150n);
    expect(toCents('0.05')).toBe(5n);
    expect(toCents('-0.05')).toBe(-5n);
    expect(toCents('9999999999999999.99')).toBe(999999999999999999n);
    expect(formatCents(8621n)).toBe('86.21');
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(-5n)).toBe('-0.05');
    expect(formatCents(123456789012345678n)).toBe('1234567890123456.78');
  });

  it('refuses more than 2 decimals and non-decimals', () => {
    for (const bad of ['1.234', 'abc', '', '1,00', ' 1', '.5', '1e2', '+1']) {
      expect(taxError(() => toCents(bad)).field).toBe('amount');
    }
  });
});
