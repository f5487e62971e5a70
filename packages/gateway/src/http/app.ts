/**
 * Builds the Fastify application: request ids, JSON body limit, zod validation, the auth hook, the
 * one error handler, OpenAPI, and every route of the route table.
 */
import { randomBytes } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { completeDocument, type OpenApiDocument } from './openapi/document.js';
import { z } from 'zod';
import { selectApp, type AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError, validationError } from '../errors.js';
import { createIdempotencyHooks } from '../idempotency/hooks.js';
import { withCallContext } from '../requestlog/call-context.js';
import { createAuthHook } from './authenticate.js';
import { installGuardedJsonParser } from './body-guard.js';
import { limitedServerFactory } from './connection-limits.js';
import { lazyChildLogger } from './lazy-logger.js';
import { handleError, sendError } from './error-handler.js';
import { parameterProblems } from './input-rules.js';
import { clientErrorHandler, frameworkErrorHandler } from './raw-errors.js';
import { zodValidatorCompiler } from './field-errors.js';
import { createMetrics, instrument } from './metrics.js';
import { registerOutboxMetrics } from '../etims/documents/outbox-metrics.js';
import { OSCU_ENDPOINT_PREFIX, oscuEndpointPlugin } from '../oscu-endpoint/plugin.js';
import { DASHBOARD_PREFIX, dashboardPlugin } from '../dashboard/plugin.js';
import type { RouteConfig, RouteDef } from './route.js';

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * 96 random bits per request id, cut from a pool filled 512 ids at a time: one small randomBytes()
 * per request was 3 % of the gateway's CPU. Ids only need to be unique, not secret.
 */
const ID_BYTES = 12;
let idPool = Buffer.alloc(0);
let idOffset = 0;
function randomRequestId(): string {
  if (idOffset + ID_BYTES > idPool.length) {
    idPool = randomBytes(ID_BYTES * 512);
    idOffset = 0;
  }
  idOffset += ID_BYTES;
  return idPool.toString('base64url', idOffset - ID_BYTES, idOffset);
}

/**
 * The optional request headers a route understands, for the OpenAPI document. Loose: every other
 * header passes untouched, and the values are checked where they are used (app selection,
 * idempotency), so their errors read the same everywhere.
 */
function documentedHeaders(route: RouteDef, changesState: boolean) {
  if (!route.appType && !changesState) return undefined;
  return z.looseObject({
    ...(route.appType
      ? { 'x-kra-app-id': z.string().optional().describe(`Id of the ${route.appType} KRA app to use; optional when you have exactly one active one`) }
      : {}),
    ...(changesState
      ? { 'idempotency-key': z.string().optional().describe('Send the same key again to get the first answer instead of a second run (kept 24 h)') }
      : {}),
  });
}

/** Options for tests and embedding. */
export interface BuildAppOptions {
  routes: ReadonlyArray<RouteDef>;
}

/** Creates the app (not listening). */
export async function buildApp(deps: GatewayDeps, options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.config.bodyLimitBytes,
    serverFactory: limitedServerFactory(deps.config.connections),
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    // A caller's own X-Request-Id is kept (so their logs and ours line up) when it is sane.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : 'req_' + randomRequestId();
    },
    childLoggerFactory: lazyChildLogger,
    forceCloseConnections: 'idle',
    // Requests that arrive while closing are refused by our own hook below, in our envelope.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  installGuardedJsonParser(app as unknown as FastifyInstance);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // The hooks every request runs take Fastify's callback form: an async hook costs a promise and a
  // microtask turn per request, which under load was a measurable share of the gateway's CPU.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('X-Request-Id', req.id);
    if (!closing) return done();
    reply.header('Connection', 'close');
    done(
      new ApiError('service_unavailable', 'The gateway is shutting down; retry on another instance or in a moment.', {}, undefined, {
        'Retry-After': '1',
      }),
    );
  });
  // Query and path parameters, checked before any route's schema: a NUL in one reaches SQL otherwise.
  app.addHook('preValidation', (req, _reply, done) => {
    const errors = parameterProblems(req.params, req.query);
    if (!errors) return done();
    const [name, messages] = Object.entries(errors)[0]!;
    done(validationError(errors, `${name}: ${messages[0]}`));
  });
  app.setErrorHandler(handleError);
  const metrics = createMetrics();
  registerOutboxMetrics(metrics.registry, deps);
  instrument(app as unknown as FastifyInstance, metrics, deps.config.metricsToken);
  app.setNotFoundHandler((req, reply) => sendError(reply, new ApiError('not_found', `No route ${req.method} ${req.url.split('?')[0]}.`), req.id));

  await app.register(swagger, {
    openapi: {
      // 3.1: schemas are JSON Schema 2020-12, which is what zod emits (fastify-type-provider-zod picks
      // its `draft-2020-12` target from this version), so nothing is lost converting to 3.0's subset.
      openapi: '3.1.0',
      info: {
        title: 'Ushuru gateway API',
        version: '0.1.0',
        description:
          'One API for KRA eTIMS OSCU and developer.go.ke. Every answer is an envelope: `{success: true, data, message?}` or ' +
          '`{success: false, error, message, request_id, …}` with a stable `error` code.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    // Answers, errors, scopes and examples come from the route table (see openapi/document.ts).
    transformObject: (input) => ('openapiObject' in input ? completeDocument(input.openapiObject as OpenApiDocument, options.routes) : input.swaggerObject),
  });
  // Swagger UI's scripts and styles are served from node_modules by the plugin itself, and its
  // online validator badge (validator.swagger.io) is off: /docs works with no network
  // (openapi.test.ts checks it).
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });

  const idempotency = createIdempotencyHooks(deps);
  for (const route of options.routes) {
    const config: RouteConfig = { routeName: route.name, scope: route.scope };
    const changesState = route.scope !== 'public' && route.method !== 'GET';
    const headers = documentedHeaders(route, changesState);
    app.route({
      method: route.method,
      url: route.url,
      config,
      schema: {
        ...route.schema,
        ...(headers ? { headers } : {}),
        summary: route.summary,
        tags: route.tags,
        ...(route.scope === 'public' ? {} : { security: [{ bearer: [] }] }),
      },
      ...(route.scope === 'public' ? {} : { onRequest: createAuthHook(deps, config) }),
      ...(changesState ? { onSend: idempotency.store } : {}),
      handler: async (req, reply) => {
        if (changesState && req.headers['idempotency-key'] !== undefined) {
          await idempotency.claim(req, reply);
          if (reply.sent) return reply;
        }
        const calls = req.auth ? withCallContext(deps, { tenantId: req.auth.tenantId, tokenId: req.auth.tokenId, route: route.url, requestId: req.id }) : deps;
        let chosen: Promise<AppWithSecrets> | undefined;
        const kraApp = () => {
          if (!route.appType) throw new Error(`route ${route.name} declares no appType`);
          chosen ??= selectApp(calls, { tenantId: req.auth!.tenantId, type: route.appType, header: req.headers['x-kra-app-id'] });
          return chosen;
        };
        const result = await route.handler({
          deps: calls,
          auth: req.auth!,
          body: req.body as never,
          params: req.params as never,
          query: req.query as never,
          req,
          reply,
          kraApp,
        });
        if (reply.sent) return reply;
        return reply.code(route.successStatus ?? reply.statusCode ?? 200).send(result);
      },
    });
  }

  // KRA's own OSCU protocol (docs/oscu-endpoint.md): outside the route table, its answers are KRA's envelopes.
  await app.register(oscuEndpointPlugin(deps), { prefix: OSCU_ENDPOINT_PREFIX });
  await app.register(dashboardPlugin(deps), { prefix: DASHBOARD_PREFIX });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // The zod type provider only matters inside this function; callers see a plain instance.
  return app as unknown as FastifyInstance;
}
