/** withCallContext: the dependencies read through, the context replaced, the base left alone. */
import { describe, expect, it } from 'vitest';
import type { GatewayDeps } from '../deps.js';
import { withCallContext } from './call-context.js';

const base = { config: { logBodies: false }, db: { name: 'db' } } as unknown as GatewayDeps;
const context = (requestId: string) => ({ tenantId: 't1', tokenId: 'tok', route: '/api/x', requestId });

describe('withCallContext', () => {
  it('reads every dependency of the base and carries the context', () => {
    const scoped = withCallContext(base, context('req-1'));
    expect(scoped.db).toBe(base.db);
    expect(scoped.config).toBe(base.config);
    expect(scoped.callContext?.requestId).toBe('req-1');
    expect(base.callContext).toBeUndefined();
  });

  it('replaces a context given again, on the same base, instead of stacking', () => {
    const outer = withCallContext(base, context('req-1'));
    const inner = withCallContext(outer, context('req-2'));
    expect(inner.callContext?.requestId).toBe('req-2');
    expect(Object.getPrototypeOf(inner)).toBe(base);
    expect(outer.callContext?.requestId).toBe('req-1');
  });
});
