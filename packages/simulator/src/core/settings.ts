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

/** The switches, all of them always present. */
export interface SimSettings {
  vatConvention: VatConvention;
}

/** The settings of a simulator started without options. */
export const DEFAULT_SETTINGS: Readonly<SimSettings> = { vatConvention: 'either' };

/** Thrown for an unknown setting or value; the control API answers it with 400. */
export class SimSettingsError extends Error {
  override name = 'SimSettingsError';
}

/** Narrows a value to a VAT convention. */
export function isVatConvention(v: unknown): v is VatConvention {
  return typeof v === 'string' && (VAT_CONVENTIONS as readonly string[]).includes(v);
}

/**
 * `current` with `patch` applied; throws SimSettingsError naming the first bad key. Unknown keys are
 * refused rather than ignored, so a typo (`vatconvention`) cannot silently leave a setting as it was.
 */
export function applySettings(current: Readonly<SimSettings>, patch: unknown): SimSettings {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new SimSettingsError('settings must be a JSON object');
  const next: SimSettings = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (key !== 'vatConvention') throw new SimSettingsError(`unknown setting ${key} (known: vatConvention)`);
    if (value === undefined) continue;
    if (!isVatConvention(value)) throw new SimSettingsError(`vatConvention must be one of ${VAT_CONVENTIONS.join(', ')}, got ${JSON.stringify(value)}`);
    next.vatConvention = value;
  }
  return next;
}
