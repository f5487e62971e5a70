/**
 * The one client of the simulator's HTTP control API (`/__sim/*`) in the gateway's tests: it drives
 * a simulator in another process the way an integrator would. `controlToken` is for a simulator
 * whose control API is locked (the gateway's built-in one with USHURU_SIMULATOR_CONTROL_TOKEN).
 */
import type { FaultRule, FaultRuleInput, SimStats } from '@ushuru/simulator';

/** Control of the simulator at `url`. */
export function simControl(url: string, options: { controlToken?: string } = {}) {
  const base = url.replace(/\/+$/, '');
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/__sim${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.controlToken ? { 'x-sim-control-token': options.controlToken } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 400) throw new Error(`simulator control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  return {
    stats: () => call<SimStats>('GET', '/stats'),
    faults: async () => (await call<{ faults: FaultRule[] }>('GET', '/faults')).faults,
    addFault: (rule: FaultRuleInput) => call<{ id: string; rule: FaultRule }>('POST', '/faults', rule),
    removeFault: (id: string) => call<{ removed: string }>('DELETE', `/faults/${encodeURIComponent(id)}`),
    clearFaults: () => call<{ cleared: number }>('DELETE', '/faults'),
    reset: () => call<{ reset: true }>('POST', '/reset'),
    advanceClock: (ms: number) => call<{ now: number }>('POST', '/clock', { advanceMs: ms }),
    registerClient: (consumerKey: string, consumerSecret: string) => call<{ registered: string }>('POST', '/clients', { consumerKey, consumerSecret }),
    devices: async () => (await call<{ devices: Array<{ tin: string; bhfId: string; dvcSrlNo: string; cmcKey: string | null }> }>('GET', '/devices')).devices,
    approveDevice: (device: { tin: string; bhfId: string; dvcSrlNo: string; taxprNm?: string }) => call<{ device: unknown }>('POST', '/devices', device),
    settings: () => call<Record<string, unknown>>('GET', '/settings'),
    updateSettings: (settings: Record<string, unknown>) => call<Record<string, unknown>>('POST', '/settings', settings),
  };
}

/** What {@link simControl} returns. */
export type SimControlClient = ReturnType<typeof simControl>;
