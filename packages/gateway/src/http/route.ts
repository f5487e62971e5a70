/**
 * Route definitions. Each route is declared once — method, URL, route name, required scope, zod
 * schemas and handler — and everything else derives from that: validation, handler types, the
 * OpenAPI document, the scope check, and the generated security tests that walk the route table.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppWithSecrets } from '../apps/service.js';
import type { AuthContext } from '../auth/token-service.js';
import type { Scope } from '../auth/scopes.js';
import type { GatewayDeps } from '../deps.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The schemas a route may declare. */
export interface RouteSchemas {
  body?: z.ZodType;
  params?: z.ZodType;
  querystring?: z.ZodType;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What a handler receives besides the raw request. */
export interface HandlerContext<S extends RouteSchemas> {
  deps: GatewayDeps;
  /** The caller; always set on non-public routes. */
  auth: AuthContext;
  body: Infer<S['body']>;
  params: Infer<S['params']>;
  query: Infer<S['querystring']>;
  req: FastifyRequest;
  reply: FastifyReply;
  /**
   * The KRA app of the request, of the route's `appType`: the one named by `X-KRA-App-Id`, or the
   * tenant's only active one. Chosen on first call (so a route may check other things first), once.
   */
  kraApp: () => Promise<AppWithSecrets>;
}

/**
 * The success answer of a route, for the OpenAPI document (http/openapi/). Answers are never
 * serialized through these schemas: they document, and openapi.test.ts checks real answers against
 * them. Routes without one fall back to the central catalog (http/openapi/catalog.ts), then to a
 * generic envelope.
 */
export interface ResponseDoc {
  /** Schema of `data` in the success envelope `{success: true, data, message?}`. */
  data?: z.ZodType;
  /** A valid `data`: the example of the success answer. */
  example?: unknown;
  /** Top-level fields next to `data` (e.g. `next_cursor`, `kra`, `from`/`to`). */
  extra?: Record<string, z.ZodType>;
  /** Their example values. */
  exampleExtra?: Record<string, unknown>;
  /** The `message` of the example answer, when the route sends one. */
  exampleMessage?: string;
  /** Success statuses when more than one, or other than `successStatus` (e.g. 201 signed, 202 queued). */
  statuses?: number[];
  /**
   * Other content types of the success answer (receipts, printed reports, CSV): media type → what it
   * is and, for text types, an example. With `data` absent, the route answers only these.
   */
  media?: Record<string, { description: string; example?: string }>;
  /** Statuses of errors specific to this route beyond those derived from its definition. */
  errors?: number[];
}

/** Kinds of tenant-owned objects addressed by `:id` in a URL. */
export type OwnedResource = 'kra_app' | 'api_token' | 'etims_item' | 'etims_document' | 'etims_proforma' | 'webhook';

/** One route of the public API. */
export interface RouteDef<S extends RouteSchemas = RouteSchemas> {
  method: HttpMethod;
  url: string;
  /** Salami-style route name, reported as `required_route` in 403 bodies (e.g. `api.kra.apps.index`). */
  name: string;
  /** Scope required, or `public` for unauthenticated routes (health, docs). */
  scope: Scope | 'public';
  summary: string;
  tags: string[];
  schema: S;
  /**
   * For routes with an `:id` of a tenant-owned object: how tests make such an object for a given
   * tenant, so the generated isolation tests can check that another tenant gets 404.
   */
  ownedResource?: OwnedResource;
  /**
   * The kind of KRA app the route works with (chosen by `X-KRA-App-Id`); the generated security
   * tests check that naming another tenant's app is a 404 on every such route.
   */
  appType?: 'portal' | 'etims';
  /** A valid request body, used by the generated security tests (and as documentation). */
  exampleBody?: unknown;
  /** The success answer, for the OpenAPI document (optional: see {@link ResponseDoc}). */
  response?: ResponseDoc;
  /** HTTP status of a success (default 200). */
  successStatus?: number;
  /** A page for people (HTML), not an API answer: its own not-found answer is a page too. */
  page?: true;
  handler(ctx: HandlerContext<S>): Promise<unknown>;
}

/** Declares a route with full type inference of its handler's inputs. */
export function defineRoute<S extends RouteSchemas>(def: RouteDef<S>): RouteDef<S> {
  return def;
}

/** Per-route data that the auth hook reads from `request.routeOptions.config`. */
export interface RouteConfig {
  routeName: string;
  scope: Scope | 'public';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    routeName?: string;
    scope?: Scope | 'public';
  }
}
