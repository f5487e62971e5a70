/**
 * First start: on an empty database, creates the `default` tenant with an admin token and one
 * simulator app of each type, so that the README's curl examples work at once, offline.
 */
import { createApp } from './apps/service.js';
import { createApiToken } from './auth/token-service.js';
import type { GatewayDeps } from './deps.js';
import { countTenants, createTenant } from './tenants/service.js';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';

/** KRA's example device (docs/kra/etims-oscu.md §3.1 #1), pre-approved in the simulator. */
export const SIMULATOR_DEVICE = { tin: 'A123456789Z', bhf_id: '00', dvc_srl_no: 'dvcv1130' } as const;

export interface BootstrapResult {
  tenantId: string;
  /** Plaintext admin token: printed once, never stored. */
  token: string;
  portalAppId: number;
  etimsAppId: number;
}

/** Bootstraps an empty database; returns null when tenants already exist. */
export async function bootstrapIfEmpty(deps: GatewayDeps): Promise<BootstrapResult | null> {
  if ((await countTenants(deps.db)) > 0) return null;
  const tenant = await createTenant(deps.db, deps.clock, 'default');
  const { token } = await createApiToken(deps.db, deps.clock, tenant.id, { name: 'bootstrap admin', scopes: ['*'] });
  const portal = await createApp(deps, tenant.id, {
    type: 'portal',
    name: 'Simulator Portal',
    environment: 'simulator',
    is_active: true,
    consumer_key: SIM_DEFAULT_CONSUMER_KEY,
    consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
    settings: {},
  });
  const etims = await createApp(deps, tenant.id, {
    type: 'etims',
    name: 'Simulator eTIMS',
    environment: 'simulator',
    is_active: true,
    ...SIMULATOR_DEVICE,
    settings: { transport: 'legacy' },
  });
  return { tenantId: tenant.id, token, portalAppId: portal.id, etimsAppId: etims.id };
}
