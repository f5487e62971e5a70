/**
 * Runs the gateway: built-in simulator (unless switched off), store, bootstrap, HTTP server, and a
 * graceful shutdown on SIGTERM/SIGINT that stops accepting connections, lets in-flight requests
 * finish (up to USHURU_SHUTDOWN_GRACE_MS), flushes batched writes and closes the store.
 */
import { startSimulator, type SimControl } from '@ushuru/simulator';
import type { FastifyInstance } from 'fastify';
import { bootstrapIfEmpty, type BootstrapResult } from './bootstrap.js';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import { ROUTES } from './routes.js';
import { startHousekeeping } from './worker/housekeeping.js';
import { startSyncScheduler } from './worker/sync-scheduler.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export interface RunningGateway {
  url: string;
  app: FastifyInstance;
  runtime: Runtime;
  simulatorUrl: string | undefined;
  /** In-process control of the built-in simulator (its HTTP control API is off unless a token is configured). */
  simulatorControl: SimControl | undefined;
  bootstrap: BootstrapResult | null;
  stop(): Promise<void>;
}

/** Starts everything and listens on the configured host and port. `options` serve tests and embedding. */
export async function startGateway(config: Config, options: Omit<RuntimeOptions, 'simulatorUrl'> = {}): Promise<RunningGateway> {
  const simulator =
    config.simulator.port === 'off' || config.simulator.externalUrl
      ? undefined
      : await startSimulator({
          port: config.simulator.port,
          host: '127.0.0.1',
          seed: config.simulator.seed,
          // Every tenant's simulator calls reach this simulator: its control API must not be open to them.
          controlAccess: config.simulator.controlToken ? { token: config.simulator.controlToken } : 'off',
        }).catch((err: unknown) => {
          if ((err as { code?: string }).code === 'EADDRINUSE') {
            throw new Error(
              `The built-in KRA simulator cannot listen on 127.0.0.1:${config.simulator.port}: the port is in use. ` +
                'Set USHURU_SIMULATOR_PORT to a free port (0 = any), or USHURU_SIMULATOR_PORT=off.',
            );
          }
          throw err;
        });
  let runtime: Runtime | undefined;
  let app: FastifyInstance | undefined;
  let url: string;
  try {
    runtime = await createRuntime(config, { ...options, simulatorUrl: () => simulator?.url });
    app = await buildApp(runtime.deps, { routes: ROUTES });
    url = await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close();
    await runtime?.close();
    await simulator?.stop();
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(`Cannot listen on ${config.host}:${config.port}: the port is in use. Set USHURU_PORT to a free port.`);
    }
    throw err;
  }
  // Only once the gateway is listening: a first-start admin token must never be created and then lost
  // because the process could not serve.
  const bootstrap = await bootstrapIfEmpty(runtime.deps);
  const syncScheduler = startSyncScheduler(runtime.deps, { intervals: config.sync.intervals, tickMs: config.sync.tickSeconds * 1000 });
  // Picks up what a restart or another process left in the eTIMS outbox, then keeps sweeping.
  runtime.deps.outbox.start();
  runtime.deps.webhooks.start();
  const housekeeping = startHousekeeping(runtime.deps, {
    intervalMs: config.housekeeping.intervalSeconds * 1000,
    logRetentionDays: config.housekeeping.logRetentionDays,
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const deadline = setTimeout(() => app.server.closeAllConnections(), config.shutdownGraceMs);
      // Keep-alive sockets go idle as their last request finishes; close them then, not at the deadline.
      const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
      deadline.unref();
      sweeper.unref();
      await app.close();
      clearTimeout(deadline);
      clearInterval(sweeper);
      await syncScheduler.stop();
      await housekeeping.stop();
      await runtime.close();
      await simulator?.stop();
    })());

  return { url, app, runtime, simulatorUrl: simulator?.url, simulatorControl: simulator?.control, bootstrap, stop };
}

/** Stops `gateway` on SIGTERM/SIGINT, then exits. */
export function stopOnSignals(gateway: RunningGateway): void {
  const onSignal = (signal: NodeJS.Signals) => {
    gateway.runtime.deps.logger.info({ signal }, 'shutting down: draining in-flight requests');
    gateway.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        gateway.runtime.deps.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
