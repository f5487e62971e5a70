/** eTIMS device routes: initialize the app's OSCU device, show it, and check KRA answers it. */
import { z } from 'zod';
import { kraTimestamp } from '../kra/time.js';
import { transportOf } from '../kra/clients.js';
import { ok } from '../http/envelope.js';
import { defineRoute } from '../http/route.js';
import { deviceInfo, importDevice, initializeDevice } from './device-service.js';
import { callOscu } from './oscu-call.js';

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
  handler: async ({ deps, kraApp }) => {
    const app = await kraApp();
    return ok((await initializeDevice(deps, app)).info, 'Device initialized. The cmcKey is stored encrypted on the app.');
  },
});

const importSchema = z.strictObject({
  cmc_key: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces'),
  sdc_id: z.string().trim().min(1).max(30),
  mrc_no: z.string().trim().min(1).max(30),
  dvc_id: z.string().trim().min(1).max(30).optional(),
});

/** `POST /api/etims/device/import`: a device initialized elsewhere (KRA answers 902 to a second init). */
export const importDeviceRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/device/import',
  name: 'api.etims.device.import',
  // It stores a credential on the app, like PATCH /api/kra/apps/{id}.
  scope: 'admin',
  appType: 'etims',
  summary: 'Record a device initialized elsewhere: its cmcKey (checked with KRA first, stored encrypted) and control-unit ids',
  tags,
  schema: { body: importSchema },
  exampleBody: { cmc_key: 'f0b9831bd2334874b7ec815e40347bc4', sdc_id: 'KRACU013000001', mrc_no: 'WIS01000150' },
  handler: async ({ deps, body, kraApp }) => {
    const app = await kraApp();
    return ok(await importDevice(deps, app, body), 'Device recorded. The cmcKey is stored encrypted on the app.');
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
  handler: async ({ deps, kraApp }) => ok(await deviceInfo(deps, await kraApp())),
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
  handler: async ({ deps, kraApp }) => {
    const app = await kraApp();
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

export const deviceRoutes = [initializeDeviceRoute, importDeviceRoute, deviceInfoRoute, etimsHealthRoute];
