/**
 * KRA clients are kept with the frozen app object the row cache serves, and only with it: the same
 * app object gets the same client; a changed app (a new object), another gateway's dependencies, or
 * an app that is not frozen get a new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppWithSecrets } from '../apps/service.js';
import { freezeDeep } from '../infra/row-cache.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { oscuClientForApp, portalClientForApp } from './clients.js';

const base = {
  id: 7,
  name: 'branch',
  // A KRA host is only named, never called, here.
  environment: 'sandbox',
  is_active: true,
  last_used_at: null,
  created_at: '2026-12-04T00:00:00.000Z',
  updated_at: '2026-12-04T00:00:00.000Z',
  settings: {},
  credentials_set: [],
  tenant_id: 't1',
  apiCredentials: {},
} as const;

const etimsApp = (cmcKey: string): AppWithSecrets =>
  ({ ...base, type: 'etims', tin: 'P051234567Q', bhf_id: '00', dvc_srl_no: 'dvc', secrets: { cmc_key: cmcKey } }) as unknown as AppWithSecrets;
const portalApp = (secret: string): AppWithSecrets =>
  ({
    ...base,
    type: 'portal',
    tin: null,
    bhf_id: null,
    dvc_srl_no: null,
    secrets: { consumer_key: 'key', consumer_secret: secret },
  }) as unknown as AppWithSecrets;

describe('KRA clients kept with the cached app', () => {
  let gw: TestGateway;
  let other: TestGateway;
  beforeAll(async () => {
    gw = await createTestGateway();
    other = await createTestGateway();
  });
  afterAll(async () => {
    await gw.close();
    await other.close();
  });

  it('reuses an OSCU client for the same frozen app, and only for it', () => {
    const app = freezeDeep(etimsApp('cmc-1'));
    const client = oscuClientForApp(gw.deps, app);
    expect(oscuClientForApp(gw.deps, app)).toBe(client);
    // A new cmcKey arrives as a new app object.
    expect(oscuClientForApp(gw.deps, freezeDeep(etimsApp('cmc-2')))).not.toBe(client);
    expect(oscuClientForApp(other.deps, app)).not.toBe(client);
    const loose = etimsApp('cmc-1');
    expect(oscuClientForApp(gw.deps, loose)).not.toBe(oscuClientForApp(gw.deps, loose));
  });

  it('keeps portal clients per API beside the OSCU client of the same app object', () => {
    const app = freezeDeep(portalApp('secret-1'));
    const pin = portalClientForApp(gw.deps, app, 'pinByPin');
    expect(portalClientForApp(gw.deps, app, 'pinByPin')).toBe(pin);
    expect(portalClientForApp(gw.deps, app, 'tccCheck')).not.toBe(pin);
    expect(portalClientForApp(gw.deps, app)).not.toBe(pin);
    expect(portalClientForApp(gw.deps, freezeDeep(portalApp('secret-2')), 'pinByPin')).not.toBe(pin);
  });
});
