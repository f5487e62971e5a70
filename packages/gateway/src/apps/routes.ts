/** KRA app routes: Salami's list and test routes, plus create / read / update. */
import { ok } from '../http/envelope.js';
import { defineRoute } from '../http/route.js';
import { appIdParams, createAppSchema, updateAppSchema } from './schemas.js';
import { createApp, getApp, listApps, updateApp } from './service.js';
import { testAppConnection } from './test-connection.js';

const tags = ['KRA apps'];

export const listAppsRoute = defineRoute({
  method: 'GET',
  url: '/api/kra/apps',
  name: 'api.kra.apps.index',
  scope: 'kra:apps',
  summary: 'List the KRA apps of your tenant (credentials are never returned)',
  tags,
  schema: {},
  handler: async ({ deps, auth }) => ok(await listApps(deps, auth.tenantId)),
});

export const getAppRoute = defineRoute({
  method: 'GET',
  url: '/api/kra/apps/:id',
  name: 'api.kra.apps.show',
  scope: 'kra:apps',
  summary: 'Show one KRA app: settings, device identifiers and which credentials are set',
  tags,
  schema: { params: appIdParams },
  ownedResource: 'kra_app',
  handler: async ({ deps, auth, params }) => ok(await getApp(deps, auth.tenantId, params.id)),
});

export const createAppRoute = defineRoute({
  method: 'POST',
  url: '/api/kra/apps',
  name: 'api.kra.apps.store',
  scope: 'admin',
  summary: 'Create a KRA app (portal: consumer key/secret; etims: TIN, branch, device serial)',
  tags,
  schema: { body: createAppSchema },
  successStatus: 201,
  handler: async ({ deps, auth, body }) => ok(await createApp(deps, auth.tenantId, body), 'KRA app created.'),
});

export const updateAppRoute = defineRoute({
  method: 'PATCH',
  url: '/api/kra/apps/:id',
  name: 'api.kra.apps.update',
  scope: 'admin',
  summary: 'Rename, activate/deactivate, change settings or replace credentials of a KRA app',
  tags,
  schema: { params: appIdParams, body: updateAppSchema },
  ownedResource: 'kra_app',
  handler: async ({ deps, auth, params, body }) => ok(await updateApp(deps, auth.tenantId, params.id, body), 'KRA app updated.'),
});

export const testAppRoute = defineRoute({
  method: 'POST',
  url: '/api/kra/apps/:id/test',
  name: 'api.kra.apps.test',
  scope: 'kra:apps',
  summary: "Test a KRA app's credentials against its KRA environment",
  tags,
  schema: { params: appIdParams },
  ownedResource: 'kra_app',
  handler: async ({ deps, auth, params }) => testAppConnection(deps, auth.tenantId, params.id),
});

export const appRoutes = [listAppsRoute, getAppRoute, createAppRoute, updateAppRoute, testAppRoute];
