/**
 * The 22 developer.go.ke routes, built from the one catalogue in `@ushuru/kra` (route, name, scope,
 * KRA path) and the request schemas here: one factory, one code path ({@link callPortalApi}) for all.
 */
import { PORTAL_APIS, type PortalApiDefinition } from '@ushuru/kra';
import { defineRoute, type RouteDef } from '../http/route.js';
import { callPortalApi } from './call.js';
import { PORTAL_REQUESTS } from './schemas/index.js';

const TAGS: Record<PortalApiDefinition['category'], string> = {
  checkers: 'KRA checkers',
  payments: 'KRA payments',
  compliance: 'KRA compliance',
  registration: 'KRA registration',
  returns: 'KRA returns',
};

/** The route of one catalogue row. */
export function portalRoute(api: PortalApiDefinition): RouteDef {
  const request = PORTAL_REQUESTS[api.id];
  return defineRoute({
    method: 'POST',
    url: api.route,
    name: api.routeName,
    scope: api.scope,
    appType: 'portal',
    summary: `${api.title} (KRA ${api.kraPath}). Flat or KRA-wrapped body; X-KRA-App-Id selects the app.`,
    tags: [TAGS[api.category]],
    schema: { body: request.body },
    exampleBody: request.example,
    handler: ({ deps, auth, body, req, kraApp }) => callPortalApi({ deps, auth, req, apiId: api.id, body, kraApp }),
  }) as RouteDef;
}

/** Every portal route, in the catalogue's order. */
export const portalRoutes: RouteDef[] = PORTAL_APIS.map(portalRoute);
