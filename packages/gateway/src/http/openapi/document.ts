/**
 * Completes the OpenAPI 3.1 document @fastify/swagger builds from the route table. Swagger derives
 * paths, parameters and request bodies from the routes' zod schemas; this adds what only the route
 * table knows: success answers (the envelope with `data` typed per route), error answers with their
 * error codes, the scope each route needs, operation ids, and examples.
 *
 * It runs as swagger's `transformObject` rather than through Fastify's `schema.response`, because
 * a response schema there would also serialize (and strip or refuse) live answers: the document must
 * describe the API, never change it.
 */
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../../errors.js';
import { SCOPE_GROUPS } from '../../auth/scopes.js';
import type { ResponseDoc, RouteDef } from '../route.js';
import { REQUEST_EXAMPLES, responseDocOf } from './catalog.js';
import { componentRegistry, ErrorResponseSchema } from './schemas.js';

type Json = Record<string, unknown>;

export interface OpenApiOperation extends Json {
  parameters?: Json[];
  requestBody?: { content: Record<string, { schema?: Json; example?: unknown }> };
  responses: Record<string, Json>;
  security?: Array<Record<string, string[]>>;
}
export interface OpenApiDocument extends Json {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: Json & { schemas?: Record<string, Json>; securitySchemes?: Record<string, Json> };
}

const COMPONENTS = '#/components/schemas/';
/** OpenAPI 3.1's default dialect (JSON Schema 2020-12 plus OpenAPI's vocabulary), stated explicitly. */
export const JSON_SCHEMA_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';

/** `/api/etims/sales/:id` as OpenAPI writes it: `/api/etims/sales/{id}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** `api.etims.credit-notes.store` → `etimsCreditNotesStore`: an identifier SDK generators can use. */
export function operationIdOf(route: RouteDef): string {
  const words = route.name
    .replace(/^api\./, '')
    .split(/[.\-_]/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

/** Zod → JSON Schema 2020-12, named schemas collected as components and referenced. */
class SchemaConverter {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType): Json {
    const out = z.toJSONSchema(schema, {
      metadata: componentRegistry,
      target: 'draft-2020-12',
      io: 'output',
      unrepresentable: 'any',
      reused: 'inline',
      cycles: 'ref',
      // Names come from our registry; descriptions (`.describe()`) live in zod's global one.
      override: (ctx) => {
        const description = z.globalRegistry.get(ctx.zodSchema)?.description;
        if (description && ctx.jsonSchema.description === undefined) ctx.jsonSchema.description = description;
      },
    }) as Json;
    const defs = (out.$defs ?? {}) as Record<string, Json>;
    delete out.$defs;
    delete out.$schema;
    for (const [name, def] of Object.entries(defs)) this.components[name] ??= toComponentRefs(def);
    return toComponentRefs(out);
  }

  /** A `$ref` to a named schema, converting it on first use. */
  ref(schema: z.ZodType): Json {
    const id = componentRegistry.get(schema)?.id;
    if (!id) throw new Error('not a named schema');
    this.convert(schema);
    return { $ref: COMPONENTS + id };
  }
}

function toComponentRefs(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as Json;
}

/** `data` of routes not yet described in detail. */
const GENERIC_DATA: Json = {
  description: 'Not described in detail yet: a JSON object or array (KRA field names where it comes from KRA)',
  type: ['object', 'array'],
};

/** The success envelope `{success: true, data, message?, ...extra}`. */
function envelopeSchema(converter: SchemaConverter, doc: ResponseDoc | undefined): Json {
  const extra = Object.fromEntries(Object.entries(doc?.extra ?? {}).map(([k, s]) => [k, converter.convert(s)]));
  return {
    type: 'object',
    required: ['success', 'data', ...Object.keys(extra)],
    properties: {
      success: { const: true },
      data: doc?.data ? converter.convert(doc.data) : GENERIC_DATA,
      message: { type: 'string', description: 'For people: what happened' },
      ...extra,
    },
  };
}

function envelopeExample(doc: ResponseDoc | undefined): Json {
  return {
    success: true,
    data: doc?.data ? doc.example : {},
    ...(doc?.exampleMessage ? { message: doc.exampleMessage } : {}),
    ...doc?.exampleExtra,
  };
}

const BINARY = new Set(['application/pdf', 'image/png']);

const SUCCESS_DESCRIPTIONS: Record<number, string> = {
  200: 'OK',
  201: 'Created (for documents: signed by KRA)',
  202: 'Accepted and queued: KRA has not signed it yet; follow the Location header to see its status',
};

function successResponse(converter: SchemaConverter, route: RouteDef, doc: ResponseDoc | undefined, status: number): Json {
  const content: Record<string, Json> = {};
  if (!doc || doc.data || !doc.media) content['application/json'] = { schema: envelopeSchema(converter, doc), example: envelopeExample(doc) };
  for (const [type, media] of Object.entries(doc?.media ?? {})) {
    content[type] = {
      schema: BINARY.has(type) ? { type: 'string', format: 'binary', description: media.description } : { type: 'string', description: media.description },
      ...(media.example === undefined ? {} : { example: media.example }),
    };
  }
  const headers =
    status === 201 || status === 202
      ? route.url.startsWith('/api/etims/') && doc?.statuses?.includes(202)
        ? { Location: { description: 'The URL of the document', schema: { type: 'string' } } }
        : undefined
      : undefined;
  return { description: SUCCESS_DESCRIPTIONS[status] ?? 'Success', ...(headers ? { headers } : {}), content };
}

/** The error codes a route can answer with, from what its definition says it does. */
export function errorCodesOf(route: RouteDef, doc: ResponseDoc | undefined): ErrorCode[] {
  // Every route: query and path parameters are screened (a NUL is a 422) before any schema.
  const codes = new Set<ErrorCode>(['internal_error', 'service_unavailable', 'validation_error']);
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  if (route.scope !== 'public') ['unauthenticated', 'insufficient_scope', 'rate_limited'].forEach((c) => codes.add(c as ErrorCode));
  if (hasBody) ['bad_request', 'payload_too_large', 'unsupported_media_type'].forEach((c) => codes.add(c as ErrorCode));
  // A path id of another tenant, or an X-KRA-App-Id naming no app of this tenant.
  if (route.url.includes(':') || route.appType) codes.add('not_found');
  // Every state-changing call takes an Idempotency-Key; reusing one with another body is a 409.
  if (route.scope !== 'public' && route.method !== 'GET') codes.add('idempotency_key_reused');
  if (route.appType) ['kra_error', 'kra_unavailable', 'kra_auth_failed', 'kra_timeout'].forEach((c) => codes.add(c as ErrorCode));
  for (const status of doc?.errors ?? []) {
    for (const [code, s] of Object.entries(ERROR_STATUS)) if (s === status && code !== 'idempotency_key_reused') codes.add(code as ErrorCode);
  }
  return [...codes];
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request could not be read',
  401: 'Missing, malformed, invalid, expired or revoked token',
  403: "The token lacks the route's scope (see x-required-scope)",
  404: "Not found, or another tenant's (never 403, which would confirm it exists)",
  409: 'Conflict with the current state, or an Idempotency-Key reused with another request',
  413: 'The body is too large',
  415: 'The body is not JSON',
  422: 'Invalid input (`errors` names each field; `rule` names a business rule), or KRA refused (kra_error, with `kra_response`)',
  429: 'Rate limit of the token exceeded; retry after Retry-After seconds',
  500: 'Unexpected error; nothing is revealed, the request_id is logged',
  502: 'KRA failed (kra_unavailable, with `kra_response` when KRA answered)',
  503: 'KRA refused the app credentials (kra_auth_failed), or the gateway is shutting down or not ready (service_unavailable)',
  504: 'KRA did not answer in time (kra_timeout); the call may have reached KRA',
};

function errorExample(code: ErrorCode): Json {
  const base = { success: false, error: code, request_id: 'req_zK8lbZfjeT_E8mbN' };
  switch (code) {
    case 'unauthenticated':
      return { ...base, message: 'Missing or malformed bearer token. Send Authorization: Bearer ush_….' };
    case 'insufficient_scope':
      return {
        ...base,
        message: 'Your API token does not have the required permissions to access this endpoint.',
        required_route: 'api.etims.sales.store',
        your_scopes: ['kra:checkers'],
      };
    case 'validation_error':
      return { ...base, message: 'lines.0.quantity: must be a number', errors: { 'lines.0.quantity': ['must be a number'] } };
    case 'kra_error':
      return { ...base, message: 'KRA API error: Invalid PIN', kra_response: { errorCode: '19005', errorMessage: 'Invalid PIN' } };
    case 'kra_unavailable':
      return { ...base, message: 'KRA is unavailable: connect ECONNREFUSED' };
    case 'kra_auth_failed':
      return {
        ...base,
        message: 'Failed to generate access token. Please verify your consumer key and secret.',
        kra_response: { errorCode: '401', errorMessage: 'Client credentials are invalid' },
      };
    case 'rate_limited':
      return { ...base, message: 'Rate limit of 120 requests a minute exceeded. Retry after 12 s.' };
    case 'not_found':
      return { ...base, message: 'Document not found.' };
    default:
      return { ...base, message: 'See the error code.' };
  }
}

/**
 * Error answers as shared `components.responses`, one per status and set of codes (e.g.
 * `Error422_validation_error_kra_error`): the same few answers serve 131 operations, so they are
 * written once (and an SDK maps each code to one error class).
 */
function errorResponses(converter: SchemaConverter, shared: Record<string, Json>, route: RouteDef, doc: ResponseDoc | undefined): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(route, doc)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, Json> = {};
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const name = `Error${status}_${codes.join('_')}`;
    shared[name] ??= {
      description: `${ERROR_DESCRIPTIONS[status] ?? 'Error'}. Codes: ${codes.join(', ')}`,
      ...(status === 429 || (status === 503 && codes.includes('service_unavailable'))
        ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } } }
        : {}),
      content: {
        'application/json': {
          schema: { allOf: [converter.ref(ErrorResponseSchema), { properties: { error: { enum: codes } } }] },
          example: errorExample(codes[0]!),
        },
      },
    };
    out[String(status)] = { $ref: `#/components/responses/${name}` };
  }
  return out;
}

/**
 * Scopes as security requirements. OpenAPI 3.1 lets a requirement of any scheme list "role names"
 * (3.0 allowed that for OAuth2 only), so `bearer: ['etims:write']` states the scope on the scheme the
 * gateway really has, where Swagger UI and linters read it, without inventing an OAuth2 flow that
 * does not exist. `x-required-scope` repeats it as one string for code generators and the security
 * tests, which read extensions more easily than requirement arrays.
 */
function securityOf(route: RouteDef): Json {
  if (route.scope === 'public') return { security: [] };
  return { security: [{ bearer: [route.scope] }], 'x-required-scope': route.scope };
}

const SECURITY_DESCRIPTION = [
  'An Ushuru API token: `Authorization: Bearer ush_…`. Each operation lists the one scope it needs',
  '(also as `x-required-scope`). Tokens may be granted groups, which expand to scopes:',
  ...Object.entries(SCOPE_GROUPS).map(([group, scopes]) => `\`${group}\` = ${scopes.join(', ')};`),
  'and `etims:write` implies `etims:read`.',
].join(' ');

/** Adds answers, errors, scopes, ids and examples to the operations of `routes`. */
export function completeDocument(base: OpenApiDocument, routes: ReadonlyArray<RouteDef>): OpenApiDocument {
  const converter = new SchemaConverter();
  const responses: Record<string, Json> = {};
  const paths = base.paths;
  for (const route of routes) {
    const operation = paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
    // A route swagger did not list stays missing: openapi.test.ts reports it.
    if (!operation) continue;
    const doc = responseDocOf(route);
    const statuses = doc?.statuses ?? [route.successStatus ?? 200];
    operation.operationId = operationIdOf(route);
    operation['x-route-name'] = route.name;
    if (!doc?.data && !doc?.media) operation['x-data-schema'] = 'generic';
    Object.assign(operation, securityOf(route));
    const example = route.exampleBody ?? REQUEST_EXAMPLES[route.name];
    const json = operation.requestBody?.content['application/json'];
    if (json && example !== undefined) json.example = example;
    operation.responses = {
      ...Object.fromEntries(statuses.map((s) => [String(s), successResponse(converter, route, doc, s)])),
      ...errorResponses(converter, responses, route, doc),
    };
  }
  const tags = [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name }));
  return {
    ...base,
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    tags,
    components: {
      ...base.components,
      schemas: { ...base.components?.schemas, ...converter.components },
      responses,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'ush_…', description: SECURITY_DESCRIPTION },
      },
    },
  };
}
