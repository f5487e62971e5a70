/** Settings: the caller's partial settings over the defaults, each value checked (they come from app configuration). */
import { TaxInputError } from './errors.js';
import { DEFAULT_TAX_SETTINGS, type TaxSettings } from './types.js';

const ALLOWED: { [K in keyof TaxSettings]: readonly TaxSettings[K][] } = {
  lineAmounts: ['vat_inclusive', 'vat_exclusive'],
  rounding: ['half_up', 'half_even'],
  unusedBandRate: ['zero', 'rate'],
};

/** The effective settings; an unknown value is an error naming `settings.<key>` rather than a silent default. */
export function resolveSettings(settings: Partial<TaxSettings> | undefined): TaxSettings {
  const out: TaxSettings = { ...DEFAULT_TAX_SETTINGS };
  for (const key of Object.keys(ALLOWED) as (keyof TaxSettings)[]) {
    const value: unknown = settings?.[key];
    if (value === undefined) continue;
    if (!(ALLOWED[key] as readonly unknown[]).includes(value)) {
      throw new TaxInputError(`settings.${key}`, `must be one of ${ALLOWED[key].join(', ')}`);
    }
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}
