import { describe, expect, it } from 'vitest';
import { KraCallError } from '../src/errors.js';
import { OSCU_OPERATIONS, resolveOscuPath } from '../src/oscu/operations.js';
import { assertKraPath, kraPathProblem } from '../src/paths.js';
import { PORTAL_APIS, resolvePortalApi } from '../src/portal/apis.js';
import { joinKraUrl } from '../src/url.js';

function configError(run: () => unknown): KraCallError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(KraCallError);
    expect((err as KraCallError).kind).toBe('config');
    return err as KraCallError;
  }
  throw new Error('expected a config error');
}

/** Paths a tenant might try, to reach something other than KRA's API. */
const ESCAPES = [
  '/../__sim/faults',
  '/checker/v1/../../__sim/faults',
  '/__sim/faults',
  '/checker/v1/%2e%2e/%2e%2e/__sim/faults',
  '/checker/v1/%2E%2E/x',
  '/checker/v1/pinbypin?x=1',
  '/checker/v1/pinbypin#frag',
  '//evil.example/v1/x',
  'https://evil.example/checker/v1/pinbypin',
  '/checker/v1/./pinbypin',
  '/checker/v1/pin%2fbypin',
  '/checker/v1/pin\\bypin',
  '/checker/v1/ pinbypin',
  '/' + 'a/'.repeat(150) + 'v1',
];

describe('KRA path rules', () => {
  it('accept every default path of the catalogue and the operation table', () => {
    for (const api of PORTAL_APIS) {
      expect(kraPathProblem(api.kraPath, 'portal'), api.id).toBeUndefined();
      for (const alt of api.alternatePaths) expect(kraPathProblem(alt, 'portal'), alt).toBeUndefined();
      expect(kraPathProblem(api.tokenPath, 'token'), api.id).toBeUndefined();
    }
    for (const op of OSCU_OPERATIONS) {
      for (const path of [op.hostAPath, op.hostBPath, ...op.hostBAlternatePaths]) expect(kraPathProblem(path, 'oscu'), path).toBeUndefined();
    }
  });

  it.each(ESCAPES)('refuse %s in every family', (path) => {
    for (const family of ['portal', 'token', 'oscu'] as const) expect(kraPathProblem(path, family)).toBeDefined();
  });

  it('keep each family to its own shape', () => {
    expect(kraPathProblem('/selectCodeList', 'portal')).toMatch(/version segment/);
    expect(kraPathProblem('/checker/v1/pinbypin', 'token')).toMatch(/token path/);
    expect(kraPathProblem('/oauth/v1/generate', 'token')).toBeUndefined();
    expect(kraPathProblem('/a/b/c/d', 'oscu')).toMatch(/one to three/);
  });

  it('name the setting in the error', () => {
    const err = configError(() => assertKraPath('/../__sim/faults', 'portal', 'paths.pinById.path'));
    expect(err.setting).toBe('paths.pinById.path');
    expect(err.message).toMatch(/^paths\.pinById\.path: must be/);
  });

  it('apply to overrides when a call is resolved', () => {
    expect(configError(() => resolvePortalApi('pinById', { path: '/../__sim/faults' })).setting).toBe('paths.pinById.path');
    expect(configError(() => resolvePortalApi('pinById', { tokenPath: '/__sim/clients' })).setting).toBe('paths.pinById.tokenPath');
    expect(resolvePortalApi('pinById', { path: '/checker/v1/pinbyid' }).path).toBe('/checker/v1/pinbyid');
    expect(configError(() => resolveOscuPath('saveItem', 'A', { saveItem: '/../__sim/devices' })).setting).toBe('oscu_paths.saveItem');
    expect(resolveOscuPath('saveItem', 'B', { saveItem: '/save-item' })).toBe('/save-item');
  });
});

describe('joinKraUrl', () => {
  it('joins with exactly one slash, including KRA’s printed double slash', () => {
    expect(joinKraUrl('https://api.kra.go.ke/', '//checker/v1/pinbypin', 's')).toBe('https://api.kra.go.ke/checker/v1/pinbypin');
    expect(joinKraUrl('https://api.kra.go.ke', 'checker/v1/pinbypin', 's')).toBe('https://api.kra.go.ke/checker/v1/pinbypin');
    expect(joinKraUrl('https://etims-api-sbx.kra.go.ke/etims-api/', '/selectInitOsdcInfo', 's')).toBe(
      'https://etims-api-sbx.kra.go.ke/etims-api/selectInitOsdcInfo',
    );
    expect(joinKraUrl('https://sbx.kra.go.ke/etims-oscu/api/v1', '/insert//stockIO', 's')).toBe('https://sbx.kra.go.ke/etims-oscu/api/v1/insert/stockIO');
  });

  it.each(['/../__sim/faults', '/../../x', '/%2e%2e/__sim/stats', '/__sim/faults', '/a/%2E%2E/%2e%2e/__sim'])(
    're-checks %s after the URL parser normalised it',
    (path) => {
      const err = configError(() => joinKraUrl('http://127.0.0.1:8090/etims-api', path, 'oscu_paths.saveItem'));
      expect(err.setting).toBe('oscu_paths.saveItem');
    },
  );

  it('answers a pair it joined before the same way, and refuses a refused pair every time, naming each caller’s setting', () => {
    const first = joinKraUrl('https://api.kra.go.ke/', '//checker/v1/pinbypin', 'a');
    expect(joinKraUrl('https://api.kra.go.ke/', '//checker/v1/pinbypin', 'b')).toBe(first);
    for (const setting of ['paths.one', 'paths.two']) {
      expect(configError(() => joinKraUrl('https://api.kra.go.ke/', '/../__sim/faults', setting)).setting).toBe(setting);
    }
    // Past its bound the map starts again: every pair still joins right.
    for (let i = 0; i < 1_200; i++) expect(joinKraUrl('https://api.kra.go.ke', `/v1/item/${i}`, 's')).toBe(`https://api.kra.go.ke/v1/item/${i}`);
    expect(joinKraUrl('https://api.kra.go.ke/', '//checker/v1/pinbypin', 'c')).toBe(first);
  });

  it('never keeps a query or fragment, and never changes the origin', () => {
    expect(joinKraUrl('https://sbx.kra.go.ke?x=1#y', '/checker/v1/pin', 's')).toBe('https://sbx.kra.go.ke/checker/v1/pin');
    expect(new URL(joinKraUrl('https://sbx.kra.go.ke', '//evil.example/v1/x', 's')).host).toBe('sbx.kra.go.ke');
  });
});
