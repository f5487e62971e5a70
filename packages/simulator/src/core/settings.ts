/**
 * Behaviour switches an operator may change while the simulator runs (`GET|POST /__sim/settings`,
 * `control.settings()` / `control.updateSettings()`). They start from `SimulatorOptions` and
 * `control.reset()` puts them back there.
 */

/**
 * How line amounts of fiscal documents relate to VAT. KRA's published samples put VAT on top of
 * the taxable amount (`exclusive`); 2026 sandbox reports show KRA computing the taxable amount out
 * of a VAT-inclusive price (`inclusive`). Until KRA settles it, `either` accepts a document that is
 * consistent under one of the two, judged as a whole.
 */
export const VAT_CONVENTIONS = ['either', 'exclusive', 'inclusive'] as const;

/** One of `either` (default), `exclusive` (VAT on top), `inclusive` (VAT inside the price). */
export type VatConvention = (typeof VAT_CONVENTIONS)[number];

/**
 * How document numbers (sales/credit-note `invcNo`, purchase `invcNo`, stock IO `sarNo`) are judged.
 * `strict` (default, KRA's 2026 sandbox): each must be the branch's last accepted number + 1.
 * `unique`: any number the branch has not used yet.
 */
export const SEQUENCE_MODES = ['strict', 'unique'] as const;

/** One of `strict` (default) or `unique`. */
export type SequenceMode = (typeof SEQUENCE_MODES)[number];

/** The switches, all of them always present. */
export interface SimSettings {
  vatConvention: VatConvention;
  /** Whether a document number must be the next one of its branch sequence (`strict`) or merely unused (`unique`). */
  sequence: SequenceMode;
  /** A credit note may be dated at most this many months after its sale (`null`: no limit). */
  creditNoteWindowMonths: number | null;
  /** At most this many credit notes per sale (`null`: no limit). */
  maxCreditNotesPerSale: number | null;
  /** Refuse a sale of goods (item types 1 and 2) that the branch's stock IO ledger does not cover. */
  stockBeforeSale: boolean;
}

/** The settings of a simulator started without options. */
export const DEFAULT_SETTINGS: Readonly<SimSettings> = {
  vatConvention: 'either',
  sequence: 'strict',
  creditNoteWindowMonths: 6,
  maxCreditNotesPerSale: null,
  stockBeforeSale: false,
};

/** The setting names, in the order they are listed in messages. */
export const SETTING_NAMES: readonly (keyof SimSettings)[] = Object.keys(DEFAULT_SETTINGS) as (keyof SimSettings)[];

/** Thrown for an unknown setting or value; the control API answers it with 400. */
export class SimSettingsError extends Error {
  override name = 'SimSettingsError';
}

/** Narrows a value to a VAT convention. */
export function isVatConvention(v: unknown): v is VatConvention {
  return typeof v === 'string' && (VAT_CONVENTIONS as readonly string[]).includes(v);
}

/** Narrows a value to a sequence mode. */
export function isSequenceMode(v: unknown): v is SequenceMode {
  return typeof v === 'string' && (SEQUENCE_MODES as readonly string[]).includes(v);
}

const isSettingName = (key: string): key is keyof SimSettings => (SETTING_NAMES as readonly string[]).includes(key);

/** A positive whole number or null, for the limits; throws naming `key` otherwise. */
function limit(key: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new SimSettingsError(`${key} must be a positive integer or null, got ${JSON.stringify(value)}`);
}

/**
 * `current` with `patch` applied; throws SimSettingsError naming the first bad key. Unknown keys are
 * refused rather than ignored, so a typo (`vatconvention`) cannot silently leave a setting as it was.
 * A key whose value is `undefined` (possible in-process only) leaves that setting unchanged.
 */
export function applySettings(current: Readonly<SimSettings>, patch: unknown): SimSettings {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new SimSettingsError('settings must be a JSON object');
  const next: SimSettings = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (!isSettingName(key)) throw new SimSettingsError(`unknown setting ${key} (known: ${SETTING_NAMES.join(', ')})`);
    if (value === undefined) continue;
    switch (key) {
      case 'vatConvention':
        if (!isVatConvention(value)) throw new SimSettingsError(`vatConvention must be one of ${VAT_CONVENTIONS.join(', ')}, got ${JSON.stringify(value)}`);
        next.vatConvention = value;
        break;
      case 'sequence':
        if (!isSequenceMode(value)) throw new SimSettingsError(`sequence must be one of ${SEQUENCE_MODES.join(', ')}, got ${JSON.stringify(value)}`);
        next.sequence = value;
        break;
      case 'creditNoteWindowMonths':
        next.creditNoteWindowMonths = limit(key, value);
        break;
      case 'maxCreditNotesPerSale':
        next.maxCreditNotesPerSale = limit(key, value);
        break;
      case 'stockBeforeSale':
        if (typeof value !== 'boolean') throw new SimSettingsError(`stockBeforeSale must be true or false, got ${JSON.stringify(value)}`);
        next.stockBeforeSale = value;
        break;
    }
  }
  return next;
}
