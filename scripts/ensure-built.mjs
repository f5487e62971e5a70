#!/usr/bin/env node
/**
 * Builds the packages with `tsc -b` when their compiled output is missing or older than their
 * sources, so that `npm start`, `npx ushuru` and the tests always run current JavaScript without
 * loading the TypeScript compiler on every start (the mtime check takes milliseconds; tsc's own
 * up-to-date check about a second).
 *
 * Run it directly (`node scripts/ensure-built.mjs`), or import `ensureBuilt()`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['kra', 'simulator', 'sdk', 'gateway'];

/** Newest modification time (ms) of the files under `dir` that feed the build. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when some package has no build, or a source or config newer than its build. */
export function isStale() {
  for (const name of PACKAGES) {
    const pkg = join(root, 'packages', name);
    const built = join(pkg, 'dist', '.tsbuildinfo');
    if (!existsSync(built)) return true;
    const inputs = Math.max(
      newestSource(join(pkg, 'src')),
      statSync(join(pkg, 'package.json')).mtimeMs,
      statSync(join(pkg, 'tsconfig.build.json')).mtimeMs,
      statSync(join(root, 'tsconfig.base.json')).mtimeMs,
    );
    if (inputs > statSync(built).mtimeMs) return true;
  }
  return false;
}

/** Builds when stale; throws when the build fails. */
export function ensureBuilt({ quiet = false } = {}) {
  if (!isStale()) return false;
  if (!quiet) console.error('Building the packages (tsc -b)…');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-b', join(root, 'packages', 'sdk', 'tsconfig.build.json'), join(root, 'packages', 'gateway', 'tsconfig.build.json')],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error(`the build failed (tsc exit ${result.status})`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensureBuilt();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
