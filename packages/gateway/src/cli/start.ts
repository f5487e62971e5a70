/** `ushuru start`: migrate, bootstrap on first run, serve. */
import type { Command } from 'commander';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Run the gateway (migrates the database; bootstraps a first tenant on an empty one)')
    .action(async () => {
      // Loaded here, not at the top: the server is heavy and most CLI commands never start it.
      const [{ loadConfig }, { startGateway, stopOnSignals }] = await Promise.all([import('../config.js'), import('../server.js')]);
      const gateway = await startGateway(loadConfig());
      stopOnSignals(gateway);
      const b = gateway.bootstrap;
      const lines = [
        '',
        `Ushuru is listening on ${gateway.url}`,
        `  API docs:   ${gateway.url}/docs`,
        `  Simulator:  ${gateway.simulatorUrl ?? 'off'} (KRA environment "simulator")`,
      ];
      if (b) {
        lines.push(
          '',
          'First start: created tenant "default" with a simulator portal app (id ' + b.portalAppId + ') and a simulator eTIMS app (id ' + b.etimsAppId + ').',
          'Admin API token (shown once, store it now):',
          '',
          `  export USHURU_TOKEN=${b.token}`,
          '',
          `  curl -s ${gateway.url}/api/kra/apps -H "Authorization: Bearer $USHURU_TOKEN"`,
        );
      }
      console.log(lines.join('\n') + '\n');
    });
}
