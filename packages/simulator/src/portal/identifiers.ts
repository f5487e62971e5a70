/** Generators for the identifiers KRA hands out, in KRA's formats, drawn from a seeded stream. */
import { kenyaTimeParts } from '../core/clock.js';
import { ALPHABET, type SeededRandom } from '../core/prng.js';

/** A request id like KRA's `83f2-…`. */
export function newRequestId(random: SeededRandom): string {
  return `${random.chars(4, ALPHABET.hex)}-${random.chars(4, ALPHABET.hex)}-${random.chars(4, ALPHABET.hex)}-${random.chars(12, ALPHABET.hex)}`;
}

function unique(generate: () => string, taken: (candidate: string) => boolean): string {
  for (;;) {
    const candidate = generate();
    if (!taken(candidate)) return candidate;
  }
}

/** A 16-digit PRN shaped like KRA's sample `2020250002597584`: `2020`, the two-digit year, ten digits. */
export function newPrnNumber(random: SeededRandom, now: number, taken: (prn: string) => boolean): string {
  const year = kenyaTimeParts(now).year.slice(2);
  return unique(() => `2020${year}${random.chars(10, ALPHABET.digits)}`, taken);
}

/** An acknowledgement number like KRA's `KRAKBU1456050925`. */
export function newAckNumber(random: SeededRandom): string {
  return `KRA${random.chars(3, ALPHABET.upper)}${random.chars(10, ALPHABET.digits)}`;
}

/** A TCC number like `KRAEON1294973222`. */
export function newTccNumber(random: SeededRandom, taken: (tcc: string) => boolean): string {
  return unique(() => `KRAEON${random.chars(10, ALPHABET.digits)}`, taken);
}

/** An individual's PIN: `A`, nine digits, a letter. */
export function newIndividualPin(random: SeededRandom, taken: (pin: string) => boolean): string {
  return unique(() => `A${random.chars(9, ALPHABET.digits)}${random.chars(1, ALPHABET.upper)}`, taken);
}
