/**
 * Base URLs of KRA per environment and host. `simulator` points at the built-in (or an external)
 * simulator; `sandbox` and `production` use KRA's hosts unless configuration overrides them.
 * This is the only place that knows KRA's host names.
 */
import type { Config, KraEnvironment } from '../config.js';

/** The three KRA hosts an app may talk to. */
export type KraHost = 'portal' | 'oscuLegacy' | 'oscuGavaconnect';

const KRA_DEFAULTS: Record<'sandbox' | 'production', Record<KraHost, string>> = {
  sandbox: {
    portal: 'https://sbx.kra.go.ke',
    oscuLegacy: 'https://etims-api-sbx.kra.go.ke/etims-api',
    oscuGavaconnect: 'https://sbx.kra.go.ke/etims-oscu/api/v1',
  },
  production: {
    portal: 'https://api.kra.go.ke',
    oscuLegacy: 'https://etims-api.kra.go.ke/etims-api',
    // Unverified in KRA's material: override with USHURU_KRA_PRODUCTION_OSCU_GAVACONNECT_URL when KRA confirms it.
    oscuGavaconnect: 'https://api.kra.go.ke/etims-oscu/api/v1',
  },
};

/** Paths the simulator serves each host under. */
const SIMULATOR_PREFIX: Record<KraHost, string> = { portal: '', oscuLegacy: '/etims-api', oscuGavaconnect: '/etims-oscu/api/v1' };

export interface KraUrls {
  baseUrl(environment: KraEnvironment, host: KraHost): string;
}

/** Builds the resolver; `simulatorUrl` is known only once the built-in simulator has started. */
export function createKraUrls(config: Config, simulatorUrl: () => string | undefined): KraUrls {
  return {
    baseUrl(environment, host) {
      if (environment === 'simulator') {
        const sim = config.simulator.externalUrl ?? simulatorUrl();
        if (!sim) throw new Error('the KRA simulator is not running (USHURU_SIMULATOR_PORT=off and no USHURU_KRA_SIMULATOR_URL)');
        return sim.replace(/\/+$/, '') + SIMULATOR_PREFIX[host];
      }
      return config.kraUrls[environment][host] ?? KRA_DEFAULTS[environment][host];
    },
  };
}
