/**
 * Properties of the tax engine over random documents. The generator is a seeded PRNG, so a failure
 * is reproducible: the failing seed and document are in the assertion message.
 */
import { describe, expect, it } from 'vitest';
import {
  computeCreditNote,
  computeDocument,
  TAX_BANDS,
  TaxInputError,
  type DocumentAmounts,
  type HeaderAmounts,
  type LineAmounts,
  type SimpleLine,
  type TaxBand,
  type TaxRates,
  type TaxSettings,
} from '../src/tax/index.js';

const DOCUMENTS = 400;

/** mulberry32: a small, well-mixed 32-bit PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

/** Cents (or hundredths) of a canonical 2-decimal string, read independently of the code under test. */
function c(text: string): bigint {
  expect(text).toMatch(/^\d+\.\d{2}$/);
  return BigInt(text.replace('.', ''));
}
const bpOf = (rate: string): bigint => BigInt(Math.round(Number(rate) * 100));
const roundHalfUp = (n: bigint, d: bigint): bigint => (n * 2n + d) / (2n * d);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);
const fixed = (units: number, scale: number): string => (units / 10 ** scale).toFixed(scale);

function randomRates(r: Rng): TaxRates {
  return { A: r.pick(['0', '0', '1.5']), B: r.pick(['16', '16', '14', '12.5', '0']), C: '0', D: r.pick(['0', '2.5']), E: r.pick(['8', '16', '7.25']) };
}

function randomSettings(r: Rng): TaxSettings {
  return {
    lineAmounts: r.pick(['vat_inclusive', 'vat_exclusive'] as const),
    rounding: r.pick(['half_up', 'half_even'] as const),
    unusedBandRate: r.pick(['zero', 'rate'] as const),
  };
}

function randomLine(r: Rng): SimpleLine {
  const qtyHundredths = r.pick([() => r.int(1, 300), () => r.int(1, 100) * 100, () => r.int(1, 100_000)])();
  const priceUnits = r.pick([() => r.int(0, 20_000), () => r.int(0, 1_000) * 100, () => r.int(1, 100_000_000), () => r.int(0, 200) * 10_000])();
  const asNumber = r.next() < 0.25;
  const line: SimpleLine = {
    taxTyCd: r.pick(TAX_BANDS),
    qty: asNumber ? Number(fixed(qtyHundredths, 2)) : fixed(qtyHundredths, 2),
    unitPrice: asNumber ? Number(fixed(priceUnits, 4)) : fixed(priceUnits, 4),
    priceIncludesVat: r.next() < 0.5,
  };
  if (r.next() < 0.3) line.discountRate = fixed(r.pick([() => r.int(0, 10_000), () => r.int(0, 50) * 100])(), 2);
  return line;
}

/** A random document; some lines get a discount amount (drawn below the supply computed without it). */
function randomDocument(r: Rng): { lines: SimpleLine[]; rates: TaxRates; settings: TaxSettings } {
  const rates = randomRates(r);
  const settings = randomSettings(r);
  const lines = Array.from({ length: r.int(1, 8) }, () => randomLine(r));
  const plain = computeDocument(
    lines.map((l) => ({ ...l, discountRate: undefined })),
    rates,
    settings,
  );
  lines.forEach((line, i) => {
    if (line.discountRate === undefined && r.next() < 0.25) line.discountAmount = fixed(r.int(0, Number(c(plain.lines[i]!.splyAmt))), 2);
  });
  return { lines, rates, settings };
}

/**
 * The simulator's per-line checks, plus the per-line invariants of both conventions. `|tax − taxbl × rate| <= 0.01`
 * holds for a computed line; a credit-note line is the difference of two computed amounts, so under the inclusive
 * convention its taxable and tax are each within a cent of the exact split and the gap can reach (1 + rate) cents.
 */
function checkLine(line: LineAmounts, rate: string, convention: TaxSettings['lineAmounts'], onNote = false): void {
  const [qty, prc, sply, dc, taxbl, tax, tot] = [line.qty, line.prc, line.splyAmt, line.dcAmt, line.taxblAmt, line.taxAmt, line.totAmt].map(c) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  const bp = bpOf(rate);
  const net = sply - dc;
  c(line.dcRt);
  expect(net >= 0n).toBe(true);
  expect(abs(sply - roundHalfUp(prc * qty, 100n)) <= 1n).toBe(true);
  const slack = onNote && convention === 'vat_inclusive' ? 10_000n + bp : 10_000n;
  expect(abs(tax * 10_000n - taxbl * bp) <= slack).toBe(true); // |tax − taxbl × rate| <= 0.01 (a note: see above)
  expect(tot).toBe(taxbl + tax);
  if (convention === 'vat_inclusive') {
    expect(abs(taxbl - roundHalfUp(net * 10_000n, 10_000n + bp)) <= 1n).toBe(true);
    expect(tax).toBe(net - taxbl);
    expect(tot).toBe(net);
  } else {
    expect(taxbl).toBe(net);
  }
}

/** The header is the sum of the lines, with the rate rule for used and unused bands. */
function checkHeader(doc: DocumentAmounts, rates: TaxRates, settings: TaxSettings): void {
  const h = doc.header as unknown as Record<string, string>;
  let totTaxbl = 0n;
  let totTax = 0n;
  for (const band of TAX_BANDS) {
    const mine = doc.lines.filter((l) => l.taxTyCd === band);
    const taxbl = mine.reduce((s, l) => s + c(l.taxblAmt), 0n);
    const tax = mine.reduce((s, l) => s + c(l.taxAmt), 0n);
    expect(c(h[`taxblAmt${band}`]!)).toBe(taxbl);
    expect(c(h[`taxAmt${band}`]!)).toBe(tax);
    expect(c(h[`taxRt${band}`]!)).toBe(mine.length > 0 || settings.unusedBandRate === 'rate' ? bpOf(rates[band]) : 0n);
    totTaxbl += taxbl;
    totTax += tax;
  }
  expect(c(doc.header.totTaxblAmt)).toBe(totTaxbl);
  expect(c(doc.header.totTaxAmt)).toBe(totTax);
  expect(c(doc.header.totAmt)).toBe(doc.lines.reduce((s, l) => s + c(l.totAmt), 0n));
  expect(c(doc.header.totAmt)).toBe(totTaxbl + totTax);
  expect(doc.header.totItemCnt).toBe(doc.lines.length);
}

const AMOUNT_KEYS = ['splyAmt', 'dcAmt', 'taxblAmt', 'taxAmt', 'totAmt'] as const;
const HEADER_SUM_KEYS = [...TAX_BANDS.flatMap((b) => [`taxblAmt${b}`, `taxAmt${b}`]), 'totTaxblAmt', 'totTaxAmt', 'totAmt'] as const;

/** Splits `total` hundredths into `parts` non-negative parts. */
function split(r: Rng, total: bigint, parts: number): bigint[] {
  const cuts = Array.from({ length: parts - 1 }, () => BigInt(r.int(0, Number(total)))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...cuts, total].map((cut, i) => cut - (i === 0 ? 0n : cuts[i - 1]!));
}

describe('tax engine properties', () => {
  it(`holds for ${DOCUMENTS} random documents and their credit notes`, () => {
    for (let seed = 1; seed <= DOCUMENTS; seed++) {
      const r = prng(seed);
      const { lines, rates, settings } = randomDocument(r);
      const context = `seed ${seed}: ${JSON.stringify({ lines, rates, settings })}`;
      const sale = computeDocument(lines, rates, settings);
      try {
        sale.lines.forEach((l) => checkLine(l, rates[l.taxTyCd], settings.lineAmounts));
        checkHeader(sale, rates, settings);

        // A full note is the sale.
        const full = computeCreditNote(
          sale,
          [],
          sale.lines.map((l) => l.qty),
          rates,
          settings,
        );
        expect(full.lines).toEqual(sale.lines);
        expect(full.header).toEqual(sale.header);

        // 1..3 partial notes sum exactly to the sale, per line and header; sometimes under settings changed since the sale.
        const noteSettings = r.next() < 0.25 ? randomSettings(r) : settings;
        const parts = r.int(1, 3);
        const perLine = sale.lines.map((l) => split(r, c(l.qty), parts));
        const credited = sale.lines.map(() => 0n);
        const lineSums = sale.lines.map(() => ({ qty: 0n, splyAmt: 0n, dcAmt: 0n, taxblAmt: 0n, taxAmt: 0n, totAmt: 0n }));
        const headerSums = new Map<string, bigint>();
        for (let n = 0; n < parts; n++) {
          const quantities = perLine.map((p) => p[n]!);
          if (quantities.every((q) => q === 0n)) continue;
          const note = computeCreditNote(
            sale,
            credited.map((q) => fixed(Number(q), 2)),
            quantities.map((q) => fixed(Number(q), 2)),
            rates,
            noteSettings,
          );
          expect(note.lineIndexes).toEqual(quantities.flatMap((q, i) => (q === 0n ? [] : [i])));
          note.lines.forEach((l, k) => {
            const i = note.lineIndexes[k]!;
            const saleLine = sale.lines[i]!;
            expect([l.taxTyCd, l.prc, l.dcRt, c(l.qty)]).toEqual([saleLine.taxTyCd, saleLine.prc, saleLine.dcRt, quantities[i]]);
            checkLine(l, rates[l.taxTyCd], settings.lineAmounts, true);
            lineSums[i]!.qty += c(l.qty);
            for (const key of AMOUNT_KEYS) lineSums[i]![key] += c(l[key]);
          });
          checkHeader(note, rates, noteSettings);
          for (const key of HEADER_SUM_KEYS) headerSums.set(key, (headerSums.get(key) ?? 0n) + c(note.header[key as keyof HeaderAmounts] as string));
          quantities.forEach((q, i) => (credited[i]! += q));
        }
        sale.lines.forEach((l, i) => {
          expect(lineSums[i]!.qty).toBe(c(l.qty));
          for (const key of AMOUNT_KEYS) expect(lineSums[i]![key]).toBe(c(l[key]));
        });
        for (const key of HEADER_SUM_KEYS) expect(headerSums.get(key)).toBe(c(sale.header[key as keyof HeaderAmounts] as string));

        // Crediting more than remains is refused, naming the line.
        const i = r.int(0, sale.lines.length - 1);
        const qty = c(sale.lines[i]!.qty);
        const before = BigInt(r.int(0, Number(qty)));
        const tooMuch = qty - before + BigInt(r.int(1, 100));
        const quantities = sale.lines.map((_, k) => (k === i ? fixed(Number(tooMuch), 2) : '0'));
        const beforeList = sale.lines.map((_, k) => (k === i ? fixed(Number(before), 2) : '0'));
        expect(() => computeCreditNote(sale, beforeList, quantities, rates, settings)).toThrow(TaxInputError);
        try {
          computeCreditNote(sale, beforeList, quantities, rates, settings);
        } catch (err) {
          expect((err as TaxInputError).field).toBe(`lines[${i}].qty`);
        }
      } catch (err) {
        throw new Error(`${context}\n${(err as Error).message}`, { cause: err });
      }
    }
  });

  it('never produces a negative note line when a discounted line is credited 0.01 at a time', () => {
    // A supply that stays on the same cent while the discount would move (0.50 × 0.01 steps, 50 % off).
    const rates: TaxRates = { A: '0', B: '16', C: '0', D: '0', E: '8' };
    const band: TaxBand = 'A';
    const sale = computeDocument([{ taxTyCd: band, qty: '1', unitPrice: '0.5', priceIncludesVat: true, discountRate: '50' }], rates);
    let sum = 0n;
    for (let q = 0; q < 100; q++) {
      const note = computeCreditNote(sale, [fixed(q, 2)], ['0.01'], rates);
      for (const key of AMOUNT_KEYS) expect(c(note.lines[0]![key]) >= 0n).toBe(true);
      sum += c(note.lines[0]!.totAmt);
    }
    expect(sum).toBe(c(sale.lines[0]!.totAmt));
  });
});
