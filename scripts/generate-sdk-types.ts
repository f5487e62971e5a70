/**
 * `npm run generate:sdk`: writes packages/sdk/src/generated/openapi.ts, the SDK's request and
 * response types, from the gateway's OpenAPI document. The SDK test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sdkTypesSource } from './sdk-types.js';

const target = fileURLToPath(new URL('../packages/sdk/src/generated/openapi.ts', import.meta.url));
writeFileSync(target, await sdkTypesSource());
console.log(`wrote ${target}`);
