/**
 * The README's promises, tried as a new user would: start the gateway as `npm start` does (built-in
 * simulator, bootstrap on an empty database), then run every curl example of its "Try it" section
 * with real curl against it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from './server.js';
import { testServerFactory } from './test-support/server.js';

const run = promisify(execFile);
const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/**
 * Curl commands of the README's "Try it" section, each with the JSON
 * example shown right after it, if any.
 */
function tryItExamples(): Array<{ command: string; example: unknown }> {
  const section = README.split(/^## /m).find((s) => s.startsWith('Try it')) ?? '';
  const blocks = [...section.matchAll(/```(sh|json)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));
  const out: Array<{ command: string; example: unknown }> = [];
  blocks.forEach((block, i) => {
    if (block.lang !== 'sh') return;
    const next = blocks[i + 1];
    // One command per chunk starting with `curl`; bash itself handles continuations, quotes and comments.
    const commands = block.text.split(/\n(?=curl )/).filter((c) => c.startsWith('curl '));
    for (const command of commands) out.push({ command: command.trim(), example: next?.lang === 'json' ? JSON.parse(next.text) : undefined });
  });
  return out;
}

/** The structure of a JSON value: object keys (recursively), not values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shapeOf((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value;
}

describe('README', () => {
  let gateway: RunningGateway;
  const servers = testServerFactory();
  const dir = servers.dir;
  beforeAll(async () => {
    gateway = await servers.start();
  });
  afterAll(() => servers.cleanup());

  it('gives exactly two setup commands: run and test', () => {
    const setup = README.split(/^## /m).find((s) => s.startsWith('Setup'))!;
    const commands = /```sh\n([\s\S]*?)```/.exec(setup)![1]!.trim().split('\n');
    expect(commands.map((c) => c.replace(/\s+#.*$/, ''))).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('bootstraps the tenant, token and simulator apps the examples rely on', () => {
    expect(gateway.bootstrap).toMatchObject({ portalAppId: 1, etimsAppId: 2 });
    expect(gateway.bootstrap?.token).toMatch(/^ush_/);
    // A generated master key was written for this data directory, not into the repository.
    expect(readFileSync(join(dir, 'master.key'), 'utf8').trim()).toHaveLength(44);
  });

  const examples = tryItExamples();
  it('has curl examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((e) => [e.command.split('\n')[0], e.command, e.example]))('%s', async (_title, command, example) => {
    const cmd = command.replaceAll('http://127.0.0.1:8080', gateway.url);
    const { stdout } = await run('bash', ['-c', cmd], { env: { ...process.env, USHURU_TOKEN: gateway.bootstrap!.token } });
    const body = JSON.parse(stdout);
    expect(body).toMatchObject({ success: true });
    // The answer printed in the README has the same structure as the real one.
    if (example !== undefined) expect(shapeOf(body)).toEqual(shapeOf(example));
  });
});
