/**
 * @ushuru/gateway — the Ushuru server, for embedding it in another Node program (the `ushuru` command
 * is the usual way to run it). `loadConfig()` reads and checks the USHURU_* environment;
 * `startGateway(config)` runs the built-in simulator, the store, the HTTP API and the worker, and
 * returns a handle whose `stop()` drains in-flight requests.
 */
export { loadConfig, ConfigError, KRA_ENVIRONMENTS, type Config, type KraEnvironment } from './config.js';
export { startGateway, stopOnSignals, type RunningGateway } from './server.js';
export { ROUTES } from './routes.js';
export type { RouteDef } from './http/route.js';
