import { describe, expect, it } from 'vitest';
import { PORTAL_APIS, PORTAL_APIS_BY_ID, resolvePortalApi } from '../src/portal/apis.js';
import { OSCU_OPERATIONS, resolveOscuPath } from '../src/oscu/operations.js';
import { classifyResult } from '../src/oscu/result-codes.js';

describe('portal catalogue', () => {
  it('has 22 APIs with unique ids and KRA paths', () => {
    expect(PORTAL_APIS).toHaveLength(22);
    expect(new Set(PORTAL_APIS.map((a) => a.id)).size).toBe(22);
    expect(new Set(PORTAL_APIS.map((a) => a.kraPath)).size).toBe(22);
  });

  it("holds KRA's defaults", () => {
    expect(PORTAL_APIS_BY_ID.pinByPin).toMatchObject({ kraPath: '/checker/v1/pinbypin', successCodes: ['23000'] });
    expect(PORTAL_APIS_BY_ID.tccApplication).toMatchObject({
      kraPath: '/dtd/application/v1/tcc',
      requestWrapper: 'REQUEST.TAXPAYERDETAILS',
      alternatePaths: ['/application/v1/tcc'],
    });
    expect(PORTAL_APIS_BY_ID.nilReturn.tokenPath).toBe('/oauth/v1/generate');
    expect(PORTAL_APIS_BY_ID.station.requestWrapper).toBe('none');
  });

  it('applies overrides and rejects bad ones', () => {
    const resolved = resolvePortalApi('pinById', { path: '/checker/v1/pinbyid', tokenPath: '/oauth/v1/generate' });
    expect(resolved).toMatchObject({ path: '/checker/v1/pinbyid', effectiveTokenPath: '/oauth/v1/generate', kraPath: '/checker/v1/pin' });
    expect(resolvePortalApi('pinById').path).toBe('/checker/v1/pin');
    expect(() => resolvePortalApi('pinById', { path: 'https://evil.example/x' })).toThrow(/paths\.pinById\.path: must be a developer\.go\.ke API path/);
  });
});

describe('OSCU operation table and result codes', () => {
  it('has 21 operations with host A and host B paths', () => {
    expect(OSCU_OPERATIONS).toHaveLength(21);
    expect(resolveOscuPath('selectInitOsdcInfo', 'A')).toBe('/selectInitOsdcInfo');
    expect(resolveOscuPath('selectInitOsdcInfo', 'B')).toBe('/initialize');
    expect(resolveOscuPath('saveTrnsSalesOsdc', 'B')).toBe('/sendSalesTransaction');
    expect(resolveOscuPath('selectItemClsList', 'B', { selectItemClsList: 'select-item-class' })).toBe('/select-item-class');
  });

  it('classifies result codes as the spec recommends', () => {
    expect(classifyResult('000')).toMatchObject({ ok: true, empty: false, category: 'success' });
    expect(classifyResult('001')).toMatchObject({ ok: true, empty: true, category: 'empty' });
    for (const code of ['894', '896', '990', '991', '992', '993']) expect(classifyResult(code).transient).toBe(true);
    expect(classifyResult('994').category).toBe('duplicate');
    for (const code of ['900', '901', '902', '903']) expect(classifyResult(code).category).toBe('device');
    for (const code of ['910', '911', '912']) expect(classifyResult(code).category).toBe('request');
    expect(classifyResult(' 999 ')).toMatchObject({ ok: false, category: 'unknown' });
    expect(classifyResult('XYZ')).toMatchObject({ ok: false, transient: false, category: 'unknown' });
  });
});

describe('default hosts', () => {
  it('exposes KRA hosts and lets configuration override them', async () => {
    const { PORTAL_DEFAULT_HOSTS, OSCU_DEFAULT_HOSTS, resolveOscuBaseUrl, resolvePortalBaseUrl } = await import('../src/index.js');
    expect(PORTAL_DEFAULT_HOSTS).toEqual({ sandbox: 'https://sbx.kra.go.ke', production: 'https://api.kra.go.ke' });
    expect(OSCU_DEFAULT_HOSTS.legacy.sandbox).toBe('https://etims-api-sbx.kra.go.ke/etims-api/');
    expect(OSCU_DEFAULT_HOSTS.gavaconnect.sandbox).toBe('https://sbx.kra.go.ke/etims-oscu/api/v1/');
    expect(resolveOscuBaseUrl('gavaconnect', 'production', 'https://api.developer.go.ke/etims-oscu/api/v1')).toBe(
      'https://api.developer.go.ke/etims-oscu/api/v1',
    );
    expect(resolvePortalBaseUrl('production')).toBe('https://api.kra.go.ke');
  });
});
