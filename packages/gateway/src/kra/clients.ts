/**
 * Builds KRA clients for an app: the one place that turns an app's environment, settings and
 * opened secrets into a portal client or an OSCU client on the right host.
 */
import {
  createGavaConnectOscuTransport,
  createLegacyOscuTransport,
  createOscuClient,
  createPortalClient,
  type OscuClient,
  type PortalApiId,
  type PortalApiOverrides,
  type PortalClient,
} from '@ushuru/kra';
import type { AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError, validationError } from '../errors.js';

/** The OSCU host an eTIMS app talks to (`settings.transport`, default `legacy`). */
export type OscuTransportKind = 'legacy' | 'gavaconnect';

export function transportOf(app: AppWithSecrets): OscuTransportKind {
  return app.settings.transport === 'gavaconnect' ? 'gavaconnect' : 'legacy';
}

function credentialsOf(app: AppWithSecrets): { consumerKey: string; consumerSecret: string } {
  const { consumer_key: consumerKey, consumer_secret: consumerSecret } = app.secrets;
  if (!consumerKey || !consumerSecret) {
    throw validationError(
      { consumer_key: ['is not set on this app'] },
      `KRA app ${app.id} has no consumer key/secret; set them with PATCH /api/kra/apps/${app.id}.`,
    );
  }
  return { consumerKey, consumerSecret };
}

/**
 * A portal client for a portal app; per-API path overrides come from `settings.paths`. With `apiId`,
 * the app's own key pair for that API is used when it has one (KRA may issue one pair per product).
 */
export function portalClientForApp(deps: GatewayDeps, app: AppWithSecrets, apiId?: PortalApiId): PortalClient {
  if (app.type !== 'portal') throw new ApiError('validation_error', `KRA app ${app.id} is not a portal app.`);
  return reused(deps, app, apiId ?? '', () => newPortalClient(deps, app, apiId));
}

/**
 * The client `make()` builds, kept for an app served by the row cache: such an app is one frozen
 * object for many requests, and so is its client (building one per call cost closures, a transport
 * and, for OSCU, a method table per KRA call). What a client was made with is checked on reuse
 * (tests build many gateways); an app that is not frozen gets a new client every time.
 */
function reused<C>(deps: GatewayDeps, app: AppWithSecrets, kind: ClientKind, make: () => C): C {
  if (!Object.isFrozen(app)) return make();
  let clients = clientsByApp.get(app);
  const made = clients?.get(kind);
  if (made && made.tokenCache === deps.tokenCache && made.kraUrls === deps.kraUrls && made.timeoutMs === deps.config.kraTimeoutMs) return made.client as C;
  const client = make();
  if (!clients) clientsByApp.set(app, (clients = new Map()));
  clients.set(kind, { client, tokenCache: deps.tokenCache, kraUrls: deps.kraUrls, timeoutMs: deps.config.kraTimeoutMs });
  return client;
}

/** Which client of an app: the portal client for one API (`''`: the app's own key pair), or the OSCU client. */
type ClientKind = PortalApiId | '' | typeof OSCU_CLIENT;
const OSCU_CLIENT = Symbol('OSCU client');

/** Clients of frozen (cached) apps, by kind, with what they were made with. */
const clientsByApp = new WeakMap<
  AppWithSecrets,
  Map<ClientKind, { client: unknown; tokenCache: GatewayDeps['tokenCache']; kraUrls: GatewayDeps['kraUrls']; timeoutMs: number }>
>();

function newPortalClient(deps: GatewayDeps, app: AppWithSecrets, apiId: PortalApiId | undefined): PortalClient {
  const overrides = (app.settings.paths ?? undefined) as PortalApiOverrides | undefined;
  const perApi = apiId ? app.apiCredentials[apiId] : undefined;
  return createPortalClient({
    baseUrl: deps.kraUrls.baseUrl(app.environment, 'portal'),
    environment: app.environment,
    credentials: perApi ?? credentialsOf(app),
    tokenCache: deps.tokenCache,
    timeoutMs: deps.config.kraTimeoutMs,
    ...(overrides ? { overrides } : {}),
  });
}

/** An OSCU client for an eTIMS app, on host A (legacy) or host B (GavaConnect, OAuth). */
export function oscuClientForApp(deps: GatewayDeps, app: AppWithSecrets): OscuClient {
  if (app.type !== 'etims' || !app.tin || !app.bhf_id) throw new ApiError('validation_error', `KRA app ${app.id} is not an eTIMS app.`);
  return reused(deps, app, OSCU_CLIENT, () => newOscuClient(deps, app, app.tin!, app.bhf_id!));
}

function newOscuClient(deps: GatewayDeps, app: AppWithSecrets, tin: string, bhfId: string): OscuClient {
  const paths = app.settings.oscu_paths as Record<string, string> | undefined;
  const transport =
    transportOf(app) === 'gavaconnect'
      ? createGavaConnectOscuTransport({
          baseUrl: deps.kraUrls.baseUrl(app.environment, 'oscuGavaconnect'),
          tokenBaseUrl: deps.kraUrls.baseUrl(app.environment, 'portal'),
          environment: app.environment,
          credentials: credentialsOf(app),
          tokenCache: deps.tokenCache,
          timeoutMs: deps.config.kraTimeoutMs,
          ...(paths ? { paths } : {}),
          ...(app.settings.token_path ? { tokenPath: app.settings.token_path as string } : {}),
          ...(app.settings.extra_headers ? { extraHeaders: app.settings.extra_headers as Record<string, string> } : {}),
        })
      : createLegacyOscuTransport({
          baseUrl: deps.kraUrls.baseUrl(app.environment, 'oscuLegacy'),
          timeoutMs: deps.config.kraTimeoutMs,
          ...(paths ? { paths } : {}),
        });
  return createOscuClient({
    transport,
    tin,
    bhfId,
    ...(app.secrets.cmc_key ? { cmcKey: app.secrets.cmc_key } : {}),
    timeoutMs: deps.config.kraTimeoutMs,
  });
}
