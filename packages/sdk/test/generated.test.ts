/** The SDK's generated types are those of the gateway's current OpenAPI document. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { GENERATED_HEADER, sdkTypesSource } from '../../../scripts/sdk-types.js';

it('src/generated/openapi.ts is up to date (else run npm run generate:sdk)', async () => {
  const committed = readFileSync(new URL('../src/generated/openapi.ts', import.meta.url), 'utf8');
  expect(committed.startsWith(GENERATED_HEADER)).toBe(true);
  expect(committed === (await sdkTypesSource()), 'packages/sdk/src/generated/openapi.ts is stale: run npm run generate:sdk').toBe(true);
}, 60_000);
