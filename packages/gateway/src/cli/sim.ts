/** `ushuru sim`: the offline KRA simulator on its own. */
import type { Command } from 'commander';
import { startSimulator } from '@ushuru/simulator';

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('Run the offline KRA simulator (developer.go.ke portal + eTIMS OSCU hosts A and B)')
    .option('--port <port>', 'port to listen on', '9000')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed for deterministic answers', '1')
    .option('--token-ttl <seconds>', 'lifetime of issued OAuth tokens', '3599')
    .action(async (opts: { port: string; host: string; seed: string; tokenTtl: string }) => {
      const port = parseIntOption('--port', opts.port, 0, 65535);
      const seed = parseIntOption('--seed', opts.seed, -2147483648, 2147483647);
      const tokenTtlSeconds = parseIntOption('--token-ttl', opts.tokenTtl, 1, 86400 * 30);
      const sim = await startSimulator({ port, host: opts.host, seed, tokenTtlSeconds });
      console.log(`KRA simulator listening on ${sim.url} (seed ${seed}, token TTL ${tokenTtlSeconds} s). Control API: ${sim.url}/__sim/stats`);
      const stop = () => void sim.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}

function parseIntOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}
