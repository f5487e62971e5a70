#!/usr/bin/env node
// The `ushuru` command. A plain file, so that npm links it on install even in a checkout whose
// dist/ is built afterwards (by `npm ci`'s prepare step); it runs the compiled CLI.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('ushuru is not built yet: run `npm run build` (or `npm ci`) in the repository first.');
  process.exit(1);
}
await import(cli.href);
