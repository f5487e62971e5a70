/** Picks the eTIMS app of a request (`X-KRA-App-Id`, or the tenant's only active eTIMS app). */
import type { FastifyRequest } from 'fastify';
import { selectApp, type AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';

/** The eTIMS app a request addresses, with its secrets opened for the KRA call. */
export function etimsAppFor(deps: GatewayDeps, tenantId: string, req: FastifyRequest): Promise<AppWithSecrets> {
  return selectApp(deps, { tenantId, type: 'etims', header: req.headers['x-kra-app-id'] });
}
