#!/usr/bin/env node
/**
 * The test command (`npm test`): runs the suite on SQLite, then the storage-dependent part
 * (packages/gateway) again on PostgreSQL, and ends with one plain line `N passed, N failed, N skipped`.
 * The packages are built first when stale: the CLI tests run the compiled `ushuru` command.
 *
 * PostgreSQL is used when it answers on USHURU_TEST_PG_URL (default postgres://127.0.0.1:5432/test);
 * set USHURU_TEST_ENGINES=sqlite or =sqlite,postgres to choose explicitly (CI requires both).
 * Extra arguments are passed to vitest (e.g. a file filter).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { ensureBuilt } from './ensure-built.mjs';

const pgUrl = new URL(process.env.USHURU_TEST_PG_URL ?? 'postgres://127.0.0.1:5432/test');
const extraArgs = process.argv.slice(2);

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(1500, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

let engines = process.env.USHURU_TEST_ENGINES?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
if (!engines) {
  engines = ['sqlite'];
  if (await reachable(pgUrl.hostname, pgUrl.port || 5432)) engines.push('postgres');
  else console.log(`PostgreSQL is not reachable at ${pgUrl.host}: running the SQLite pass only.`);
}

// Tests of the `ushuru` command run the compiled CLI, as a user does.
ensureBuilt();

const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;
for (const engine of engines) {
  const out = `.vitest-results-${engine}.json`;
  rmSync(out, { force: true });
  // The PostgreSQL pass repeats only what touches storage; the rest is engine-independent.
  const scope = engine === 'postgres' && extraArgs.length === 0 ? ['packages/gateway'] : [];
  console.log(`\n=== tests on ${engine} ===`);
  const run = spawnSync('npx', ['vitest', 'run', ...scope, ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    stdio: 'inherit',
    env: { ...process.env, USHURU_TEST_DB: engine },
  });
  if (run.status !== 0) exitCode = 1;
  if (!existsSync(out)) {
    console.log(`no results for the ${engine} pass (vitest exit ${run.status})`);
    totals.failed += 1;
    exitCode = 1;
    continue;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // A file that fails to load has no tests but must still fail the run.
  if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) {
    totals.failed += report.numFailedTestSuites;
    exitCode = 1;
  }
  rmSync(out, { force: true });
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode);
