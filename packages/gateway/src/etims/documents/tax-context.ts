/**
 * What the tax engine needs from the app: the rates of code list 04 as KRA published them to this
 * app (synced on first use), and the app's document settings.
 */
import { DEFAULT_TAX_SETTINGS, parseTaxRates, TaxInputError, type TaxRates, type TaxSettings } from '@ushuru/kra';
import type { AppWithSecrets } from '../../apps/service.js';
import type { AppSettings } from '../../apps/settings.js';
import type { GatewayDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { syncDataset } from '../sync/service.js';
import { cacheTags } from '../../infra/cache-tags.js';

/** Code list 04 ("Taxation Type"): the band letters and, in `userDfnCd1`, their rates in percent. */
const TAX_CODE_CLASS = '04';

async function readRates(deps: GatewayDeps, appId: number) {
  const rows = await deps.db.selectFrom('etims_codes').select(['cd', 'data']).where('app_id', '=', appId).where('cd_cls', '=', TAX_CODE_CLASS).execute();
  return rows.map((r) => {
    const data = JSON.parse(r.data) as { userDfnCd1?: string | null };
    return { cd: r.cd, userDfnCd1: data.userDfnCd1 ?? null };
  });
}

/**
 * The app's tax rates from the synced code list 04; syncs the code lists when the app has none yet.
 * Read on every sale, they change only when code lists are synced: kept in the row cache.
 */
export async function taxRatesOf(deps: GatewayDeps, app: AppWithSecrets): Promise<TaxRates> {
  const load = async () => {
    const rows = await readRates(deps, app.id);
    return rows.length > 0 ? Object.freeze(parsedRates(rows)) : undefined;
  };
  const cached = await deps.rowCache.read(`tax-rates:${app.id}`, load, () => [cacheTags.codes(app.id)]);
  if (cached) return cached;
  await syncDataset(deps, app, 'codes');
  return parsedRates(await readRates(deps, app.id));
}

function parsedRates(rows: Awaited<ReturnType<typeof readRates>>): TaxRates {
  try {
    return parseTaxRates(rows);
  } catch (err) {
    if (err instanceof TaxInputError) {
      throw new ApiError(
        'service_unavailable',
        `KRA's code list 04 (tax rates) for this app is unusable: ${err.message}. Sync it again with POST /api/etims/sync.`,
      );
    }
    throw err;
  }
}

/** The app's document settings, defaults filled in. */
export function taxSettingsOf(app: AppWithSecrets): TaxSettings {
  const settings = app.settings as AppSettings;
  return {
    lineAmounts: settings.line_amounts ?? DEFAULT_TAX_SETTINGS.lineAmounts,
    rounding: settings.rounding ?? DEFAULT_TAX_SETTINGS.rounding,
    unusedBandRate: settings.unused_band_rate ?? DEFAULT_TAX_SETTINGS.unusedBandRate,
  };
}
