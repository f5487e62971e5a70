/**
 * Test helper: drives a simulator through its HTTP control API (`/__sim/*`), the way an integrator
 * in another process would. Only tests import it.
 */

/** The simulator's stats (the part the portal tests read). */
export interface SimStatsView {
  tokensIssued: number;
  routes: Record<string, { calls: number; errors: number }>;
}

/** Control of the simulator at `url`. */
export function simControl(url: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${url}/__sim${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (res.status >= 400) throw new Error(`simulator control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    stats: () => call('GET', '/stats') as Promise<SimStatsView>,
    addFault: (rule: Record<string, unknown>) => call('POST', '/faults', rule) as Promise<{ id: string }>,
    clearFaults: () => call('DELETE', '/faults'),
    advanceClock: (ms: number) => call('POST', '/clock', { advanceMs: ms }),
    registerClient: (consumerKey: string, consumerSecret: string) => call('POST', '/clients', { consumerKey, consumerSecret }),
  };
}
