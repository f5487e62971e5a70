/**
 * KRA's default hosts. Deployments override them (the simulator, a changed production host), so
 * treat these as defaults, not truths.
 */

/** Environments KRA offers. */
export type KraEnvironment = 'sandbox' | 'production';

/** developer.go.ke portal hosts (docs/kra/portal.md §1). */
export const PORTAL_DEFAULT_HOSTS: Readonly<Record<KraEnvironment, string>> = {
  sandbox: 'https://sbx.kra.go.ke',
  production: 'https://api.kra.go.ke',
};

/**
 * OSCU bases per transport (docs/kra/etims-oscu.md §1). Host B's production base is unverified ([U]):
 * candidates are `https://api.kra.go.ke/etims-oscu/api/v1`, `https://kra.go.ke/etims-oscu/api/v1`
 * and `https://api.developer.go.ke/etims-oscu/api/v1`; pass the confirmed one to {@link resolveOscuBaseUrl}.
 */
export const OSCU_DEFAULT_HOSTS: Readonly<Record<'legacy' | 'gavaconnect', Readonly<Record<KraEnvironment, string>>>> = {
  legacy: {
    sandbox: 'https://etims-api-sbx.kra.go.ke/etims-api/',
    production: 'https://etims-api.kra.go.ke/etims-api/',
  },
  gavaconnect: {
    sandbox: 'https://sbx.kra.go.ke/etims-oscu/api/v1/',
    production: 'https://api.kra.go.ke/etims-oscu/api/v1/',
  },
};

/** The OSCU base URL to use: the configured override when given, else the default. */
export function resolveOscuBaseUrl(transport: 'legacy' | 'gavaconnect', environment: KraEnvironment, override?: string): string {
  return override?.trim() || OSCU_DEFAULT_HOSTS[transport][environment];
}

/** The portal host to use: the configured override when given, else the default. */
export function resolvePortalBaseUrl(environment: KraEnvironment, override?: string): string {
  return override?.trim() || PORTAL_DEFAULT_HOSTS[environment];
}
