/**
 * Raw OSCU access: `POST /api/etims/oscu/{operation}` for all 21 operations, with KRA-native
 * bodies validated against the spec's field tables before anything is sent. One route per
 * operation, so that each has its own scope (select* = etims:read, the rest etims:write), its
 * body schema in the OpenAPI document and its place in the generated security tests.
 */
import { OSCU_OPERATIONS, type OscuOperationName } from '@ushuru/kra';
import type { GatewayDeps } from '../deps.js';
import { validationError } from '../errors.js';
import { ok } from '../http/envelope.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { initializeDevice } from './device-service.js';
import { OSCU_EXAMPLE_BODIES } from './examples.js';
import { callOscu } from './oscu-call.js';
import { OSCU_REQUEST_SCHEMAS } from './oscu-schemas/index.js';
import { kraAnswer } from './result-errors.js';
import type { AppWithSecrets } from '../apps/service.js';

/** Raw init goes through the device service, so the cmcKey is stored and never returned. */
async function rawInitialize(deps: GatewayDeps, app: AppWithSecrets, body: Record<string, unknown>) {
  const mismatched: Record<string, string[]> = {};
  if (body.tin !== app.tin) mismatched.tin = [`must be this app's PIN ${app.tin ?? ''}`];
  if (body.bhfId !== app.bhf_id) mismatched.bhfId = [`must be this app's branch ${app.bhf_id ?? ''}`];
  if (body.dvcSrlNo !== app.dvc_srl_no) mismatched.dvcSrlNo = [`must be this app's device serial (change it with PATCH /api/kra/apps/${app.id})`];
  if (Object.keys(mismatched).length > 0) throw validationError(mismatched);
  const { result, info } = await initializeDevice(deps, app);
  return ok({ ...result, data: { info } }, 'Device initialized. The cmcKey is stored encrypted on the app and never returned.');
}

/**
 * Raw bodies pass through, but what identifies the device is the gateway's: `tin` and `bhfId` in a
 * body (KRA's samples repeat them) must be this app's, and a `cmcKey` in a body is never forwarded
 * (the real key travels in the header, from the app's sealed secrets).
 */
function withOwnedFields(app: AppWithSecrets, body: Record<string, unknown>): Record<string, unknown> {
  const wrong: Record<string, string[]> = {};
  if (body.tin !== undefined && body.tin !== app.tin) wrong.tin = [`must be this app's PIN ${app.tin ?? ''} (or left out)`];
  if (body.bhfId !== undefined && body.bhfId !== app.bhf_id) wrong.bhfId = [`must be this app's branch ${app.bhf_id ?? ''} (or left out)`];
  if (Object.keys(wrong).length > 0) throw validationError(wrong, `${Object.keys(wrong)[0]}: ${Object.values(wrong)[0]![0]}`);
  const { cmcKey: _cmcKey, ...rest } = body;
  return rest;
}

function rawRoute(operation: OscuOperationName, specNumber: number): RouteDef {
  return defineRoute({
    method: 'POST',
    url: `/api/etims/oscu/${operation}`,
    name: `api.etims.oscu.${operation}`,
    scope: operation.startsWith('select') && operation !== 'selectInitOsdcInfo' ? 'etims:read' : 'etims:write',
    appType: 'etims',
    summary: `OSCU #${specNumber} ${operation} with a KRA-native body; answers {resultCd, resultMsg, resultDt, data}`,
    tags: ['eTIMS OSCU (raw)'],
    schema: { body: OSCU_REQUEST_SCHEMAS[operation] },
    exampleBody: OSCU_EXAMPLE_BODIES[operation],
    handler: async ({ deps, body, kraApp }) => {
      const app = await kraApp();
      if (operation === 'selectInitOsdcInfo') return rawInitialize(deps, app, body as Record<string, unknown>);
      return ok(kraAnswer(await callOscu(deps, app, operation, withOwnedFields(app, body as Record<string, unknown>))));
    },
  }) as RouteDef;
}

/** The 21 raw routes, in spec order. */
export const oscuRoutes: RouteDef[] = OSCU_OPERATIONS.map((op) => rawRoute(op.name, op.specNumber));
