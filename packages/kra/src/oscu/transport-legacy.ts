/**
 * Host A: the spec-v2.0 OSCU host (`https://etims-api[-sbx].kra.go.ke/etims-api/`). No OAuth; the
 * business headers (`tin`, `bhfId`, `cmcKey`) are the only credentials. What Odoo uses in production.
 */
import type { Dispatcher } from 'undici';
import { requestJson } from '../http.js';
import { joinKraUrl } from '../url.js';
import { resolveOscuPath, type OscuPathOverrides } from './operations.js';
import { businessHeaders, missingEnvelopeError, readResultEnvelope, withCallFacts, type OscuTransport } from './transport.js';

/** Options of {@link createLegacyOscuTransport}. */
export interface LegacyOscuTransportOptions {
  /** Host-A base including `/etims-api/`, e.g. `OSCU_DEFAULT_HOSTS.legacy.sandbox`. */
  baseUrl: string;
  /** Default per-call deadline. Default 30 000 ms; pass more for `selectItemClsList`. */
  timeoutMs?: number;
  /** Path overrides per operation. */
  paths?: OscuPathOverrides;
  dispatcher?: Dispatcher;
}

/** Creates a host-A transport. */
export function createLegacyOscuTransport(options: LegacyOscuTransportOptions): OscuTransport {
  return {
    kind: 'legacy',
    async send(operation, body, headers, sendOptions = {}) {
      const path = resolveOscuPath(operation, 'A', options.paths);
      const started = performance.now();
      const response = await requestJson({
        method: 'POST',
        url: joinKraUrl(options.baseUrl, path, `oscu_paths.${operation}`),
        headers: businessHeaders(operation, headers),
        json: body ?? {},
        timeoutMs: sendOptions.timeoutMs ?? options.timeoutMs ?? 30_000,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
      const latencyMs = Math.round(performance.now() - started);
      const envelope = readResultEnvelope(response.body);
      if (!envelope) throw missingEnvelopeError(path, response.status, response.body);
      return withCallFacts(envelope, response, path, latencyMs);
    },
  };
}
