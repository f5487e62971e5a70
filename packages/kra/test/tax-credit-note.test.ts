/** Credit notes on worked examples (figures worked out by hand in the comments). */
import { describe, expect, it } from 'vitest';
import { computeCreditNote, computeDocument, TaxInputError, type LineAmounts, type SimpleLine, type TaxRates } from '../src/tax/index.js';

const RATES: TaxRates = { A: '0', B: '16', C: '0', D: '0', E: '8' };
const line = (over: Partial<SimpleLine> = {}): SimpleLine => ({ taxTyCd: 'B', qty: '1', unitPrice: '100', priceIncludesVat: true, ...over });
const amounts = (l: LineAmounts) => [l.splyAmt, l.dcAmt, l.taxblAmt, l.taxAmt, l.totAmt];

function taxError(fn: () => unknown): TaxInputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TaxInputError);
    return err as TaxInputError;
  }
  throw new Error('expected a TaxInputError');
}

describe('computeCreditNote', () => {
  // 3 × 100.00 at 16 % inclusive: 300 / 1.16 = 258.62, tax 41.38.
  const sale = computeDocument([line({ qty: '3' })], RATES);

  it('equals the sale exactly when it credits everything', () => {
    const note = computeCreditNote(sale, [], ['3'], RATES);
    expect(note.lines).toEqual(sale.lines);
    expect(note.header).toEqual(sale.header);
    expect(note.lineIndexes).toEqual([0]);
  });

  it('credits one unit at a time and closes the line exactly', () => {
    // at 1: 100 / 1.16 = 86.21; at 2: 200 / 1.16 = 172.41; at 3: the sale's 258.62.
    const first = computeCreditNote(sale, ['0'], ['1'], RATES);
    const second = computeCreditNote(sale, ['1'], ['1'], RATES);
    const third = computeCreditNote(sale, ['2'], ['1'], RATES);
    expect(first.lines[0]).toEqual({
      taxTyCd: 'B',
      qty: '1.00',
      prc: '100.00',
      splyAmt: '100.00',
      dcRt: '0.00',
      dcAmt: '0.00',
      taxblAmt: '86.21',
      taxAmt: '13.79',
      totAmt: '100.00',
    });
    expect(amounts(second.lines[0]!)).toEqual(['100.00', '0.00', '86.20', '13.80', '100.00']);
    expect(amounts(third.lines[0]!)).toEqual(['100.00', '0.00', '86.21', '13.79', '100.00']);
    expect(third.header).toMatchObject({ taxblAmtB: '86.21', taxAmtB: '13.79', taxRtB: '16.00', taxRtE: '0.00', totAmt: '100.00', totItemCnt: 1 });
  });

  it('prorates a discount with the supply', () => {
    // Sale: 2 × 50 = 100, 10 % off = 10.00, net 90, 77.59 + 12.41.
    const discounted = computeDocument([line({ qty: 2, unitPrice: 50, discountRate: 10 })], RATES);
    const half = computeCreditNote(discounted, [0], [1], RATES);
    // 50.00, 10.00 × 50 / 100 = 5.00 off, net 45.00, 45 / 1.16 = 38.79 + 6.21.
    expect(half.lines[0]).toMatchObject({
      qty: '1.00',
      prc: '50.00',
      splyAmt: '50.00',
      dcRt: '10.00',
      dcAmt: '5.00',
      taxblAmt: '38.79',
      taxAmt: '6.21',
      totAmt: '45.00',
    });
    const rest = computeCreditNote(discounted, [1], [1], RATES);
    expect(amounts(rest.lines[0]!)).toEqual(['50.00', '5.00', '38.80', '6.20', '45.00']);
  });

  it('omits lines credited 0 and says where each note line came from', () => {
    const twoBands = computeDocument([line({ taxTyCd: 'A', unitPrice: '10' }), line({ taxTyCd: 'E', unitPrice: '108', qty: '2' })], RATES);
    const note = computeCreditNote(twoBands, [], ['0', '1'], RATES);
    expect(note.lineIndexes).toEqual([1]);
    // 108 / 1.08 = 100.00 + 8.00; band A is unused on the note, so its rate is 0.00.
    expect(note.lines).toEqual([
      { taxTyCd: 'E', qty: '1.00', prc: '108.00', splyAmt: '108.00', dcRt: '0.00', dcAmt: '0.00', taxblAmt: '100.00', taxAmt: '8.00', totAmt: '108.00' },
    ]);
    expect(note.header).toMatchObject({ taxblAmtA: '0.00', taxblAmtE: '100.00', taxAmtE: '8.00', taxRtE: '8.00', totAmt: '108.00', totItemCnt: 1 });
    expect(computeCreditNote(twoBands, [], ['0', '1'], RATES, { unusedBandRate: 'rate' }).header.taxRtB).toBe('16.00');
  });

  it('credits a VAT-exclusive sale in its own convention even after the setting changed', () => {
    // 3 × 100 + 16 % = 300 + 48.00; one unit: 100 + 16.00.
    const exclusive = computeDocument([line({ qty: 3, priceIncludesVat: false })], RATES, { lineAmounts: 'vat_exclusive' });
    const note = computeCreditNote(exclusive, [], [1], RATES, { lineAmounts: 'vat_inclusive' });
    expect(amounts(note.lines[0]!)).toEqual(['100.00', '0.00', '100.00', '16.00', '116.00']);
  });

  it('refuses over-crediting and an empty note', () => {
    expect(taxError(() => computeCreditNote(sale, ['2'], ['1.01'], RATES))).toMatchObject({
      field: 'lines[0].qty',
      message: expect.stringMatching(/only 1\.00/),
    });
    expect(taxError(() => computeCreditNote(sale, ['3.01'], ['0'], RATES)).field).toBe('lines[0].qty');
    expect(taxError(() => computeCreditNote(sale, [], ['0'], RATES)).field).toBe('lines');
    expect(taxError(() => computeCreditNote(sale, [], ['-1'], RATES)).field).toBe('lines[0].qty');
    expect(taxError(() => computeCreditNote(sale, [], ['0.001'], RATES)).field).toBe('lines[0].qty');
    expect(taxError(() => computeCreditNote(sale, [], ['1', '1'], RATES)).field).toBe('lines[1].qty');
  });
});
