#!/usr/bin/env node
/**
 * `npm start` / `npm run ushuru -- …` in a checkout: builds the packages when they are missing or
 * stale, then runs the compiled `ushuru` command in this same process (one Node process, no tsx).
 */
import { ensureBuilt } from './ensure-built.mjs';

try {
  ensureBuilt();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
await import('../packages/gateway/dist/cli/main.js');
