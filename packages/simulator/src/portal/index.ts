/**
 * The developer.go.ke (GavaConnect) side of the simulator: OAuth, the 20 portal APIs and the e-slip /
 * PRN lookups, over a seeded taxpayer registry that the OSCU side also reads.
 */
import { createStream, type SeededRandom } from '../core/prng.js';
import type { SimCounters, SimInvoiceLookup, SimModule, SimOptions, SimTaxpayerLookup } from '../core/types.js';
import { businessHandler } from './business-handler.js';
import type { PortalContext } from './context.js';
import type { PortalTaxpayer } from './fixtures.js';
import { newRequestId } from './identifiers.js';
import { PortalRegistry } from './registry.js';
import { PORTAL_API_ROUTES, PORTAL_TOKEN_PATHS, PORTAL_TOKEN_ROUTE_ID } from './routes.js';
import { tokenEndpoint } from './token-endpoint.js';
import { TokenAuthority, type SimClientCredentials } from './tokens.js';

export { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, type SimClientCredentials } from './tokens.js';
export { PORTAL_API_ROUTES, PORTAL_TOKEN_PATHS, PORTAL_TOKEN_ROUTE_ID } from './routes.js';

/** What the portal module needs. */
export interface PortalModuleDeps {
  options: SimOptions;
  counters: SimCounters;
  /** Extra OAuth clients besides the default pair. */
  clients?: readonly SimClientCredentials[];
  /** Signed invoices of the OSCU side (may be bound lazily: the OSCU module is created after this one). */
  signedInvoices: SimInvoiceLookup;
}

/** The portal module: a SimModule that also serves the taxpayer registry and token checks to others. */
export interface PortalModule extends SimModule, SimTaxpayerLookup {
  findTaxpayer(pin: string): PortalTaxpayer | undefined;
  /** Whether a bearer token was issued here and is unexpired (the OSCU GavaConnect host needs it). */
  isValidAccessToken(token: string): boolean;
  /** Accepts another consumer key/secret pair. */
  registerClient(consumerKey: string, consumerSecret: string): void;
  /** A fresh request id in KRA's style (also used by the core for injected errors). */
  newRequestId(): string;
}

/** Creates the portal module. Random streams are re-seeded on reset, so a reset simulator replays identically. */
export function createPortalModule(deps: PortalModuleDeps): PortalModule {
  const { options, counters } = deps;
  let identifierStream: SeededRandom;
  let tokenStream: SeededRandom;
  let requestIdStream: SeededRandom;
  const seedStreams = (): void => {
    identifierStream = createStream(options.seed, 'portal.identifiers');
    tokenStream = createStream(options.seed, 'portal.tokens');
    requestIdStream = createStream(options.seed, 'portal.requestIds');
  };
  seedStreams();

  const registry = new PortalRegistry();
  const tokens = new TokenAuthority(
    deps.clients ?? [],
    options.tokenTtlSeconds,
    () => options.now(),
    () => tokenStream,
  );
  const ctx: PortalContext = {
    registry,
    tokens,
    counters,
    signedInvoices: deps.signedInvoices,
    now: () => options.now(),
    identifiers: () => identifierStream,
    newRequestId: () => newRequestId(requestIdStream),
  };

  return {
    register(router) {
      for (const path of PORTAL_TOKEN_PATHS) router.add('GET', path, PORTAL_TOKEN_ROUTE_ID, tokenEndpoint(ctx));
      for (const route of PORTAL_API_ROUTES) {
        const handler = businessHandler(ctx, route.api);
        for (const path of route.paths) router.add('POST', path, route.routeId, handler);
      }
    },
    reset() {
      registry.reset();
      tokens.reset();
      seedStreams();
    },
    findTaxpayer: (pin) => registry.findTaxpayer(pin),
    isValidAccessToken: (token) => tokens.isValid(token),
    registerClient: (key, secret) => tokens.registerClient(key, secret),
    newRequestId: () => ctx.newRequestId(),
  };
}
