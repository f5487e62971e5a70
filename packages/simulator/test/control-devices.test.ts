import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../src/index.js';

describe('control API: devices', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 3 });
  });
  afterAll(() => sim.stop());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('approves a serial that device initialization then accepts', async () => {
    const approve = await post('/__sim/devices', { tin: 'P051234567Q', bhfId: '02', dvcSrlNo: 'till-7' });
    expect(approve.status).toBe(201);
    const init = await post('/etims-api/selectInitOsdcInfo', { tin: 'P051234567Q', bhfId: '02', dvcSrlNo: 'till-7' }, { tin: 'P051234567Q', bhfId: '02' });
    const body = (await init.json()) as { resultCd: string; data: { info: { cmcKey: string } } };
    expect(body.resultCd).toBe('000');
    const listed = (await (await fetch(`${sim.url}/__sim/devices`)).json()) as { devices: Array<{ dvcSrlNo: string; initialized: boolean }> };
    expect(listed.devices.find((d) => d.dvcSrlNo === 'till-7')).toMatchObject({ initialized: true });
  });

  it('answers bad input with a 400 naming the problem', async () => {
    const res = await post('/__sim/devices', { tin: 'nope', bhfId: '00', dvcSrlNo: 'x' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/tin/i);
  });
});
