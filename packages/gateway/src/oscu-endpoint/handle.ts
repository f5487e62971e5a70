/**
 * One OSCU call on the endpoint, after its credentials were found: the checks KRA makes before an
 * operation (host B's bearer token, the business headers, the device and its key, the body), then the
 * operation itself: init and sales answered by Ushuru, everything else passed through to KRA (reads
 * answered from the synced copies instead when KRA is unreachable and the app allows it).
 */
import type { OscuOperationName } from '@ushuru/kra';
import type { AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { checkFields, readBody } from './body.js';
import { checkBearer, matchesHash, type CredentialsRow } from './credentials.js';
import { failed, hostBUnauthorized, type OscuOutcome, type OscuProtocol, type WireAnswer } from './envelopes.js';
import { answerInit } from './init.js';
import { answerFromCopies, kraUnreachable, offlineReadsOn } from './offline-reads.js';
import { passThrough } from './passthrough.js';
import { submitSale } from './sales.js';

/** A request as the endpoint sees it. */
export interface EndpointRequest {
  operation: OscuOperationName;
  /** Lower-case header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  rawBody: string | undefined;
}

/** The answer, and what the request log needs to know about it. */
export interface EndpointResult {
  wire: WireAnswer;
  /** The result code answered, when the answer carries one. */
  resultCd: string | null;
  /** The body as read (for the request log, redacted there). */
  body: Record<string, unknown> | undefined;
  /** Whether KRA was called (such calls are recorded by the OSCU call path itself). */
  calledKra: boolean;
  /** Set when the answer came from the synced copies because KRA could not be reached (offline-reads.ts). */
  servedFromCopy?: boolean;
}

/**
 * With `settings.oscu_offline_reads`, a read KRA could not answer (unreachable, not a result KRA gave)
 * is answered from the synced copy when there is one; undefined keeps KRA's failure answer.
 */
async function offlineAnswer(deps: GatewayDeps, app: AppWithSecrets, operation: OscuOperationName, body: Record<string, unknown>, err: unknown) {
  if (!offlineReadsOn(app) || !kraUnreachable(err)) return undefined;
  try {
    const copy = await answerFromCopies(deps, app, operation, body);
    if (copy) {
      deps.logger.info(
        { app_id: app.id, operation, kra_error: err.code, result_cd: copy.resultCd, cursor: copy.resultDt },
        'OSCU endpoint: KRA unreachable, read answered from the synced copy',
      );
    }
    return copy;
  } catch (readErr) {
    deps.logger.warn(
      { app_id: app.id, operation, err: readErr instanceof Error ? readErr.message : String(readErr) },
      'OSCU endpoint: synced copy could not be read',
    );
    return undefined;
  }
}

function header(headers: EndpointRequest['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  const value = Array.isArray(v) ? v[0] : v;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export async function handleOscuCall(
  deps: GatewayDeps,
  protocol: OscuProtocol,
  creds: CredentialsRow,
  app: AppWithSecrets,
  req: EndpointRequest,
): Promise<EndpointResult> {
  const now = () => deps.clock.now();
  const answer = (outcome: OscuOutcome, body?: Record<string, unknown>, calledKra = false): EndpointResult => ({
    wire: protocol.answer(outcome, now()),
    resultCd: outcome.resultCd,
    body,
    calledKra,
  });
  const refuse = (wire: WireAnswer): EndpointResult => ({ wire, resultCd: null, body: undefined, calledKra: false });

  if (protocol.host === 'B' && !(await checkBearer(deps, app.id, header(req.headers, 'authorization')))) return refuse(hostBUnauthorized());

  const init = req.operation === 'selectInitOsdcInfo';
  const tin = header(req.headers, 'tin');
  const bhfId = header(req.headers, 'bhfId');
  const cmcKey = header(req.headers, 'cmcKey');
  if (!init) {
    if (!tin || !bhfId || !cmcKey) {
      const missing = [!tin && 'tin', !bhfId && 'bhfId', !cmcKey && 'cmcKey'].filter(Boolean).join(', ');
      return refuse(protocol.reject({ reason: 'headers', detail: `missing header ${missing}` }, now()));
    }
    // Another branch's headers and a wrong, rotated or revoked key all look alike on KRA: 901.
    if (tin !== app.tin || bhfId !== app.bhf_id || !matchesHash(cmcKey, creds.cmc_key_hash)) return answer(failed('901'));
  }

  const read = readBody(req.rawBody);
  if (!read.ok) return refuse(protocol.reject(read.rejection, now()));
  // Init names the device in its body; clients that send it in headers only are read as KRA reads them.
  const given = init ? { ...read.body, tin: read.body.tin ?? tin, bhfId: read.body.bhfId ?? bhfId } : read.body;
  const checked = checkFields(req.operation, app, given);
  if ('problem' in checked) return answer(failed('910', checked.problem), given);
  const body = checked.body;

  switch (req.operation) {
    case 'selectInitOsdcInfo':
      return answer(await answerInit(deps, app, creds, body, { cmcKey, authenticated: protocol.host === 'B' }), body);
    case 'saveTrnsSalesOsdc':
      return answer(await submitSale(deps, app, body), body);
    default:
      try {
        return answer(await passThrough(deps, app, req.operation, body), body, true);
      } catch (err) {
        const copy = await offlineAnswer(deps, app, req.operation, body, err);
        if (!copy) throw err;
        return { ...answer(copy, body), servedFromCopy: true };
      }
  }
}
