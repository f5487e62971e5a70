/** eTIMS device routes: initialize the app's OSCU device, show it, and check KRA answers it. */
import { kraTimestamp } from '../kra/time.js';
import { transportOf } from '../kra/clients.js';
import { ok } from '../http/envelope.js';
import { defineRoute } from '../http/route.js';
import { deviceInfo, initializeDevice } from './device-service.js';
import { callOscu } from './oscu-call.js';
import { etimsAppFor } from './select-app.js';

const tags = ['eTIMS device'];

/** `POST /api/etims/device/initialize`. */
export const initializeDeviceRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/device/initialize',
  name: 'api.etims.device.initialize',
  scope: 'etims:write',
  appType: 'etims',
  summary: "Initialize the app's OSCU device on KRA (selectInitOsdcInfo); the cmcKey is stored encrypted and never returned",
  tags,
  schema: {},
  exampleBody: {},
  handler: async ({ deps, auth, req }) => {
    const app = await etimsAppFor(deps, auth.tenantId, req);
    return ok((await initializeDevice(deps, app)).info, 'Device initialized. The cmcKey is stored encrypted on the app.');
  },
});

/** `GET /api/etims/device/info`. */
export const deviceInfoRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/device/info',
  name: 'api.etims.device.info',
  scope: 'etims:read',
  appType: 'etims',
  summary: "The app's device: identifiers, initialization state and KRA's taxpayer/branch information",
  tags,
  schema: {},
  handler: async ({ deps, auth, req }) => ok(await deviceInfo(deps, await etimsAppFor(deps, auth.tenantId, req))),
});

/** `GET /api/etims/health`. */
export const etimsHealthRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/health',
  name: 'api.etims.health',
  scope: 'etims:read',
  appType: 'etims',
  summary: "Checks that KRA's OSCU host answers an authenticated request for this device",
  tags,
  schema: {},
  handler: async ({ deps, auth, req }) => {
    const app = await etimsAppFor(deps, auth.tenantId, req);
    const started = performance.now();
    const res = await callOscu(deps, app, 'selectCodeList', { lastReqDt: kraTimestamp(deps.clock.now()) });
    return ok({
      app_id: app.id,
      environment: app.environment,
      transport: transportOf(app),
      status: 'up',
      kra_result: { resultCd: res.resultCd, resultMsg: res.resultMsg, resultDt: res.resultDt },
      latency_ms: Math.round(performance.now() - started),
    });
  },
});

export const deviceRoutes = [initializeDeviceRoute, deviceInfoRoute, etimsHealthRoute];
