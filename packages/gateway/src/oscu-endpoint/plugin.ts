/**
 * The KRA-compatible OSCU endpoint as a Fastify plugin under `/oscu`: host A, host B and host B's
 * token URL, speaking KRA's protocol and envelopes rather than the gateway's API. It lives outside the
 * route table on purpose (the route table's generated tests expect our JSON envelope), but each call
 * is logged in the request log with its tenant and app, like an API call, under the same call
 * context the API's KRA calls use.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getAppWithSecrets, type AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { withCallContext } from '../requestlog/call-context.js';
import { recordKraCall } from '../requestlog/record.js';
import { BEARER_TTL_SECONDS, checkClientCredentials, credentialsByOpaqueId, issueBearer, type CredentialsRow } from './credentials.js';
import { failed, HOST_A_PROTOCOL, HOST_B_PROTOCOL, kraUnreachableFault, notFoundFault, tokenAnswers, type OscuProtocol, type WireAnswer } from './envelopes.js';
import { handleOscuCall, type EndpointResult } from './handle.js';
import { SERVED_FROM_COPY } from './offline-reads.js';
import { HOST_A_SEGMENT, HOST_B_SEGMENT, operationAt, TOKEN_SEGMENT, type OscuHost } from './paths.js';

/** Mount point of the endpoint. */
export const OSCU_ENDPOINT_PREFIX = '/oscu';

const pathOf = (req: FastifyRequest): string => req.url.split('?')[0]!;

function send(reply: FastifyReply, wire: WireAnswer): FastifyReply {
  return reply
    .code(wire.status)
    .headers(wire.headers ?? {})
    .type('application/json; charset=utf-8')
    .send(wire.body);
}

/** The credentials and app behind an opaque id; undefined answers KRA's "no such proxy". */
async function endpointOf(deps: GatewayDeps, opaque: string): Promise<{ creds: CredentialsRow; app: AppWithSecrets } | undefined> {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(opaque)) return undefined;
  const creds = await credentialsByOpaqueId(deps, opaque);
  if (!creds) return undefined;
  try {
    return { creds, app: await getAppWithSecrets(deps, creds.tenant_id, creds.app_id) };
  } catch {
    return undefined;
  }
}

/** KRA being unreachable, as KRA's gateway answers it; any other failure as KRA's 999. */
function faultAnswer(deps: GatewayDeps, protocol: OscuProtocol, err: unknown, req: FastifyRequest): EndpointResult {
  if (err instanceof ApiError && (err.code === 'kra_timeout' || err.code === 'kra_unavailable' || err.code === 'kra_auth_failed')) {
    return { wire: kraUnreachableFault(err.code === 'kra_timeout' ? 504 : 503), resultCd: null, body: undefined, calledKra: true };
  }
  deps.logger.error({ err: err instanceof Error ? err.message : String(err), request_id: req.id }, 'OSCU endpoint call failed');
  return { wire: protocol.answer(failed('999'), deps.clock.now()), resultCd: '999', body: undefined, calledKra: false };
}

export function oscuEndpointPlugin(deps: GatewayDeps) {
  return async function register(instance: FastifyInstance): Promise<void> {
    // KRA's hosts read any body as JSON text; parse it here, so that a bad body gets KRA's answer.
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    instance.setNotFoundHandler((req, reply) => send(reply, notFoundFault(pathOf(req))));
    instance.setErrorHandler((err, req, reply) => {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413)
        return send(reply, { status: 413, body: { fault: { faultstring: 'Payload Too Large', detail: { errorcode: 'protocol.http.TooBigBody' } } } });
      // The gateway shutting down (its own onRequest hook): unavailable, as KRA's gateway says it.
      if (err instanceof ApiError && err.status === 503) return send(reply, kraUnreachableFault(503));
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err), request_id: req.id }, 'OSCU endpoint request refused');
      return send(reply, notFoundFault(pathOf(req)));
    });

    async function operationCall(req: FastifyRequest, reply: FastifyReply, host: OscuHost, opaque: string, path: string) {
      const started = performance.now();
      const operation = operationAt(host, path);
      const found = operation ? await endpointOf(deps, opaque) : undefined;
      if (!operation || !found) return send(reply, notFoundFault(pathOf(req)));
      const { creds, app } = found;
      const protocol = host === 'A' ? HOST_A_PROTOCOL : HOST_B_PROTOCOL;
      const route = `${OSCU_ENDPOINT_PREFIX}/:opaque/${host === 'A' ? HOST_A_SEGMENT : HOST_B_SEGMENT}/${path.replace(/^\/+/, '')}`;
      const context = { tenantId: creds.tenant_id, tokenId: null, route, requestId: req.id };
      const calls = withCallContext(deps, context);
      let result: EndpointResult;
      try {
        result = await handleOscuCall(calls, protocol, creds, app, { operation, headers: req.headers, rawBody: req.body as string | undefined });
      } catch (err) {
        result = faultAnswer(calls, protocol, err, req);
      }
      // A call passed through is logged by the OSCU call path; the ones Ushuru answered are logged here.
      if (!result.calledKra) {
        recordKraCall(deps, {
          ...context,
          appId: app.id,
          kind: 'oscu',
          kraPath: operation,
          status: result.wire.status,
          kraCode: result.resultCd,
          // KRA was down and the read was answered from the synced copy (KRA's failure has its own row).
          ...(result.servedFromCopy ? { error: SERVED_FROM_COPY } : {}),
          latencyMs: performance.now() - started,
          requestBody: result.body,
          // Init's answer carries the virtual key: never kept, even redacted.
          responseBody: operation === 'selectInitOsdcInfo' ? undefined : result.wire.body,
        });
      }
      return send(reply, result.wire);
    }

    instance.post<{ Params: { opaque: string; operation: string } }>(`/:opaque/${HOST_A_SEGMENT}/:operation`, { schema: { hide: true } }, (req, reply) =>
      operationCall(req, reply, 'A', req.params.opaque, req.params.operation),
    );
    instance.post<{ Params: { opaque: string; '*': string } }>(`/:opaque/${HOST_B_SEGMENT}/*`, { schema: { hide: true } }, (req, reply) =>
      operationCall(req, reply, 'B', req.params.opaque, req.params['*']),
    );

    /** Host B's OAuth token URL: client credentials in HTTP Basic, `grant_type=client_credentials`. */
    async function token(req: FastifyRequest<{ Params: { opaque: string }; Querystring: Record<string, string | undefined> }>, reply: FastifyReply) {
      const started = performance.now();
      const found = await endpointOf(deps, req.params.opaque);
      if (!found) return send(reply, notFoundFault(pathOf(req)));
      const { creds, app } = found;
      const grant = req.query.grant_type;
      let wire: WireAnswer;
      if (grant !== 'client_credentials') wire = tokenAnswers.badGrant(grant);
      else if (!checkClientCredentials(creds, req.headers.authorization)) wire = tokenAnswers.invalidClient();
      else wire = tokenAnswers.issued(await issueBearer(deps, app.id), BEARER_TTL_SECONDS);
      recordKraCall(deps, {
        tenantId: creds.tenant_id,
        tokenId: null,
        appId: app.id,
        kind: 'oscu',
        route: `${OSCU_ENDPOINT_PREFIX}/:opaque/${TOKEN_SEGMENT}`,
        kraPath: 'token',
        status: wire.status,
        latencyMs: performance.now() - started,
        requestId: req.id,
      });
      return send(reply, wire);
    }
    instance.get(`/:opaque/${TOKEN_SEGMENT}`, { schema: { hide: true } }, token);
    instance.post(`/:opaque/${TOKEN_SEGMENT}`, { schema: { hide: true } }, token);
  };
}
