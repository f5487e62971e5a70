/** The compiled `ushuru` command, run as a user runs it, for the CLI tests (`npm run build` first). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The compiled command, as `npx ushuru` runs it. */
export const CLI = join(new URL('../../../../', import.meta.url).pathname, 'packages/gateway/dist/cli/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ushuru ...args` with `env` in `cwd`, feeding `input` on stdin; resolves whatever the exit code. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string, input = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
