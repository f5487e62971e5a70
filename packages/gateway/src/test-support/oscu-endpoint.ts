/**
 * Test support for the endpoint's tests: a gateway listening on 127.0.0.1 with the simulator, a
 * tenant, an eTIMS app on one of the simulator's devices, and the calls to issue its credentials.
 */
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createTestGateway } from './gateway.js';
import type { SIM_BRANCHES } from './etims-branch.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A listening gateway with the simulator, one tenant, and an eTIMS app on `branch`. */
export async function endpointFixture(branch: (typeof SIM_BRANCHES)[number], appSettings: Json = {}, env: Record<string, string> = {}) {
  const gw = await createTestGateway({ simulator: true, env: { USHURU_LOG_BODIES: 'true', ...env } });
  await gw.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(gw.app.server.address() as AddressInfo).port}`;
  const { tenantId, token } = await gw.tenant(['*']);
  const created = await gw.request('POST', '/api/kra/apps', {
    token,
    body: {
      type: 'etims',
      name: 'pos',
      environment: 'simulator',
      tin: branch.tin,
      bhf_id: branch.bhfId,
      dvc_srl_no: branch.serial,
      settings: { transport: 'legacy', ...appSettings },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const appId = created.json().data.id as number;
  const api = async (method: string, path: string, body?: unknown, bearer = token) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const issue = async () => {
    const res = await api('POST', `/api/kra/apps/${appId}/oscu-credentials`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data as {
      legacy_base_url: string;
      gavaconnect_base_url: string;
      token_url: string;
      cmc_key: string;
      client_id: string;
      client_secret: string;
    };
  };
  return { gw, base, tenantId, token, appId, api, issue };
}
