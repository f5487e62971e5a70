/**
 * `POST /api/kra/apps/{id}/oscu-credentials` issues (or rotates) the credentials an existing eTIMS
 * integration uses to talk to Ushuru as if it were KRA, and answers them once; `DELETE` revokes them.
 */
import type { FastifyRequest } from 'fastify';
import { appIdParams } from '../apps/schemas.js';
import { getAppWithSecrets, type AppWithSecrets } from '../apps/service.js';
import type { AppSettings } from '../apps/settings.js';
import type { GatewayDeps } from '../deps.js';
import { notFound, validationError } from '../errors.js';
import { ok } from '../http/envelope.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { issueCredentials, revokeCredentials } from './credentials.js';
import { HOST_A_SEGMENT, HOST_B_SEGMENT, TOKEN_SEGMENT } from './paths.js';

const tags = ['KRA apps'];

/** Only an eTIMS app can stand behind an OSCU endpoint. */
async function etimsApp(deps: GatewayDeps, tenantId: string, id: number): Promise<AppWithSecrets> {
  const app = await getAppWithSecrets(deps, tenantId, id);
  if (app.type !== 'etims') throw validationError({ id: ['must be an eTIMS app: the OSCU endpoint stands in for one eTIMS device'] });
  return app;
}

/** The gateway's public address: the app's configured one, else the address this request came to. */
function gatewayBase(app: AppWithSecrets, req: FastifyRequest): string {
  const configured = (app.settings as AppSettings).verification_page_base_url;
  return (configured ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
}

export const issueOscuCredentialsRoute = defineRoute({
  method: 'POST',
  url: '/api/kra/apps/:id/oscu-credentials',
  name: 'api.kra.apps.oscu-credentials.store',
  scope: 'admin',
  summary: 'Issue (or rotate) the KRA-compatible OSCU endpoint of an eTIMS app: base URLs, a virtual cmcKey and host-B client credentials, shown once',
  tags,
  schema: { params: appIdParams },
  ownedResource: 'kra_app',
  successStatus: 201,
  handler: async ({ deps, auth, params, req }) => {
    const app = await etimsApp(deps, auth.tenantId, params.id);
    const issued = await issueCredentials(deps, app);
    const base = `${gatewayBase(app, req)}/oscu/${issued.opaqueId}`;
    return ok(
      {
        app_id: app.id,
        legacy_base_url: `${base}/${HOST_A_SEGMENT}`,
        gavaconnect_base_url: `${base}/${HOST_B_SEGMENT}`,
        token_url: `${base}/${TOKEN_SEGMENT}`,
        tin: app.tin,
        bhf_id: app.bhf_id,
        dvc_srl_no: app.dvc_srl_no,
        cmc_key: issued.cmcKey,
        client_id: issued.clientId,
        client_secret: issued.clientSecret,
      },
      'OSCU endpoint credentials issued. Keep cmc_key and client_secret: they are not shown again (issue again to rotate them).',
    );
  },
});

export const revokeOscuCredentialsRoute = defineRoute({
  method: 'DELETE',
  url: '/api/kra/apps/:id/oscu-credentials',
  name: 'api.kra.apps.oscu-credentials.destroy',
  scope: 'admin',
  summary: 'Revoke the OSCU endpoint credentials of an eTIMS app: its virtual cmcKey, client secret and bearer tokens stop working',
  tags,
  schema: { params: appIdParams },
  ownedResource: 'kra_app',
  handler: async ({ deps, auth, params }) => {
    const app = await etimsApp(deps, auth.tenantId, params.id);
    if (!(await revokeCredentials(deps, app.id))) throw notFound('OSCU endpoint credentials');
    return ok({ app_id: app.id, revoked: true }, 'OSCU endpoint credentials revoked.');
  },
});

/** The credentials routes, for the route table. */
export const oscuCredentialsRoutes = [issueOscuCredentialsRoute, revokeOscuCredentialsRoute] as RouteDef[];
