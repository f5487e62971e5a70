/**
 * `saveTrnsSalesOsdc` on the endpoint: the integration's sale (S) or credit note (R), with its own
 * `invcNo`, goes through the documents machinery like any sale: stored with its body, queued, signed
 * once, in order, by the outbox. The client is answered with what KRA decided when KRA decides within
 * the app's patience (`settings.oscu_wait_ms`); otherwise with 991, a failure clients send again, and
 * the same `invcNo` sent again is answered from what is stored: never stored or signed twice.
 *
 * Why 991 ("An error occurred while registering."): it is a server-side code KRA documents as
 * transient (docs/kra/etims-oscu.md §4), it says the write is not registered yet, and it keeps the
 * client's number unused from its point of view, so its retry carries the same `invcNo`. 994 would be
 * wrong: some clients take 994 on a retry as "already recorded" and never ask for the signature.
 */
import type { AppWithSecrets } from '../apps/service.js';
import type { AppSettings } from '../apps/settings.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { DocumentRow, StoredReceipt } from '../etims/documents/records.js';
import { storeDocument } from '../etims/documents/store-document.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { failed, failedAs, succeeded, type OscuOutcome } from './envelopes.js';
import { adoptKraCounter, nextInvoiceNumber } from './numbering.js';

/** How long the client's call waits for KRA's answer. */
export function patienceOf(deps: GatewayDeps, app: AppWithSecrets): number {
  return (app.settings as AppSettings).oscu_wait_ms ?? deps.config.outbox.documentWaitMs;
}

/** The live (not refused) document the integration sent under `invcNo`, if any. */
function liveDocument(deps: GatewayDeps, appId: number, invcNo: number): Promise<DocumentRow | undefined> {
  return deps.db
    .selectFrom('etims_documents')
    .selectAll()
    .where('app_id', '=', appId)
    .where('family', '=', 'invc')
    .where('oscu_invc_no', '=', invcNo)
    .where('status', '!=', 'rejected')
    .executeTakeFirst();
}

/** `yyyyMMddHHmmss` whichever form KRA gave (the save answer's compact one, or reconciliation's `yyyy-MM-dd HH:mm:ss.S`). */
const compact = (v: string | null): string | null => (v === null ? null : v.replace(/\D/g, '').slice(0, 14));

/**
 * KRA's `data` of a signed sale: the fields KRA's save answer carries (`curRcptNo`, `totRcptNo`,
 * `intrlData`, `rcptSign`, `sdcDateTime`) and the spec's names for the same signature (`rcptNo`,
 * `vsdcRcptPbctDate`) with the control unit's `sdcId` and `mrcNo`, which SDKs written from the spec read.
 */
export function signatureData(receipt: StoredReceipt): Record<string, unknown> {
  const at = compact(receipt.sdcDateTime);
  return {
    curRcptNo: receipt.curRcptNo,
    totRcptNo: receipt.totRcptNo,
    intrlData: receipt.intrlData,
    rcptSign: receipt.rcptSign,
    sdcDateTime: at,
    rcptNo: receipt.curRcptNo,
    vsdcRcptPbctDate: at,
    sdcId: receipt.sdcId,
    mrcNo: receipt.mrcNo,
  };
}

/** Waits for the document's outcome and words it as KRA would. */
async function answerFor(deps: GatewayDeps, doc: DocumentRow, waitMs: number): Promise<OscuOutcome> {
  deps.outbox.kick(doc.app_id);
  const row = await deps.outbox.waitForOutcome(doc.id, waitMs);
  if (row.status === 'signed' && row.receipt) return succeeded(signatureData(JSON.parse(row.receipt) as StoredReceipt));
  // KRA's refusal as KRA sent it (the outbox keeps its code and message).
  if (row.status === 'rejected') return { resultCd: row.kra_result_cd ?? '999', resultMsg: row.kra_result_msg ?? failed('999').resultMsg, data: null };
  return failed('991', `invoice ${String(row.oscu_invc_no)} is queued for KRA and not signed yet; send it again with the same invcNo to get its signature`);
}

/** The sale a credit note credits, by the number KRA gave it. */
async function originalOf(deps: GatewayDeps, appId: number, orgInvcNo: unknown): Promise<number | undefined> {
  const n = Number(orgInvcNo);
  if (!Number.isInteger(n) || n <= 0) return undefined;
  const row = await deps.db
    .selectFrom('etims_documents')
    .select('id')
    .where('app_id', '=', appId)
    .where('kind', '=', 'sale')
    .where('invc_no', '=', n)
    .executeTakeFirst();
  return row?.id;
}

async function store(deps: GatewayDeps, app: AppWithSecrets, body: Record<string, unknown>, invcNo: number, trdInvcNo: string): Promise<DocumentRow> {
  const kind = body.rcptTyCd === 'R' ? 'credit_note' : 'sale';
  // The number is the outbox's to give when it sends; the rest is the client's body as checked.
  const { invcNo: _clientNumber, ...payload } = body;
  const originalId = kind === 'credit_note' ? await originalOf(deps, app.id, body.orgInvcNo) : undefined;
  return storeDocument(
    deps,
    app,
    {
      kind,
      trdInvcNo,
      salesDt: String(body.salesDt),
      custTin: typeof body.custTin === 'string' && body.custTin !== '' ? body.custTin : null,
      payload,
      totAmt: Number(body.totAmt).toFixed(2),
      ...(originalId !== undefined ? { originalId } : {}),
      oscuInvcNo: invcNo,
    },
    // No local stock is taken: the integration reports its stock to KRA itself.
    [],
    async (trx) => {
      // Re-read inside the transaction: another request may have taken the number meanwhile.
      if ((await nextInvoiceNumber(trx, app.id)) !== invcNo) throw new ApiError('conflict', `invcNo ${invcNo} was taken meanwhile`);
    },
  );
}

/** Stores and queues the client's sale (or finds the one it already sent) and answers as KRA. */
export async function submitSale(deps: GatewayDeps, app: AppWithSecrets, body: Record<string, unknown>): Promise<OscuOutcome> {
  const invcNo = Number(body.invcNo);
  const trdInvcNo = String(body.trdInvcNo);
  const waitMs = patienceOf(deps, app);
  let adopted = false;
  let lookedAgain = false;
  for (;;) {
    const stored = await liveDocument(deps, app.id, invcNo);
    if (stored) {
      // The same document sent again (a retry): what is stored answers it. Another one: KRA's duplicate.
      if (stored.trd_invc_no === trdInvcNo) return answerFor(deps, stored, waitMs);
      return failed('994', `invcNo ${invcNo} already exists`);
    }
    const next = await nextInvoiceNumber(deps.db, app.id);
    if (invcNo < next) return failed('994', `invcNo ${invcNo} already exists`);
    if (invcNo > next) {
      // Once per call: an integration that numbered on KRA before switching brings KRA's counter along.
      if (!adopted && (adopted = await adoptKraCounter(deps, app, invcNo))) continue;
      return failedAs('910', `Invalid invcNo sequence, expected: ${next} but found: ${invcNo}`);
    }
    try {
      return await answerFor(deps, await store(deps, app, body, invcNo, trdInvcNo), waitMs);
    } catch (err) {
      const conflict = isUniqueViolation(err) || (err instanceof ApiError && err.code === 'conflict');
      if (!conflict) throw err;
      // A concurrent request took the number, or stored this very document: look again, once.
      if (!lookedAgain) {
        lookedAgain = true;
        continue;
      }
      // Still refused: the trader number belongs to another document of the branch.
      return failed('994', `trdInvcNo ${trdInvcNo} already exists`);
    }
  }
}
