/**
 * The eTIMS outbox: sends each branch's fiscal documents to KRA one at a time, in the order they
 * were accepted, and makes sure KRA signs each exactly once (docs/kra/etims-oscu.md §6.2, §6.9).
 *
 * - One sender per branch: a lease on the branch's queue row, claimed with one conditional UPDATE,
 *   so several gateway processes never send on one branch at once.
 * - A document gets its `invcNo` when it is sent, as the head of its branch's queue: the last
 *   number KRA accepted plus one. The number is written to the row before the HTTP call.
 * - Anything ambiguous (timeout, lost connection, 5xx, 994, 999, a crash mid-call) leaves the
 *   document `unknown` with its number, and it is reconciled with `selectInvoiceDetails` before
 *   anything else goes out on the branch: found → KRA's signature is stored; not found → sent again
 *   under the same number. Only a definite refusal frees the number for the next document.
 * - "expected N" re-aligns the branch's counter on KRA's and sends again.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { OscuResult } from '@ushuru/kra';
import { sql } from 'kysely';
import { getAppWithSecrets, type AppWithSecrets } from '../../apps/service.js';
import type { GatewayDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { withCallContext } from '../../requestlog/call-context.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { deviceClient, sendOscu } from '../oscu-call.js';
import { retryDelayMs } from './backoff.js';
import { DEFAULT_AUDIT, findItem } from '../items-service.js';
import { afterSigned, lineItemCodes, restoreStock, signedHasEffects } from './effects.js';
import { NUMBERED_FAMILIES, type NumberedFamily } from './families.js';
import { classifyWrite } from './kra-outcome.js';
import { hasSubscriber, queueWebhookEvent } from '../../webhooks/events.js';

import { documentPath, type DocumentRow, type StoredReceipt } from './records.js';
import { STOCKED_ITEM_TYPES, stockOf } from './stock.js';
import { cacheTags } from '../../infra/cache-tags.js';
import type { EtimsBranchQueuesTable } from '../../store/schema.js';
import { isoMillis } from '../../clock.js';

/** What a webhook says about a document: enough to look it up, never its full body. */
function documentEvent(doc: DocumentRow, receipt?: StoredReceipt): Record<string, unknown> {
  return {
    document_id: doc.id,
    kind: doc.kind,
    app_id: doc.app_id,
    tin: doc.tin,
    bhf_id: doc.bhf_id,
    reference: doc.trd_invc_no,
    number: doc.invc_no,
    total_amount: doc.tot_amt,
    ...(receipt ? { receipt: { curRcptNo: receipt.curRcptNo, totRcptNo: receipt.totRcptNo, rcptSign: receipt.rcptSign, sdcId: receipt.sdcId } } : {}),
    links: { self: documentPath(doc) },
  };
}

/** The numbered sequence of a document, or undefined for one that carries no number. */
const familyOf = (doc: DocumentRow): NumberedFamily | undefined => (doc.family === 'none' ? undefined : NUMBERED_FAMILIES[doc.family]);

/** Statuses of a document still in its branch's queue. */
export const PENDING_STATUSES = ['queued', 'sending', 'unknown'] as const;
/** The most documents one pass sends before it lets the lease go (other branches get their turn). */
const MAX_DOCUMENTS_PER_PASS = 200;
/** How often in a row KRA may name another number for one document before it is rejected. */
const MAX_REALIGNMENTS = 3;
/** How soon a process that found another's lease on a branch looks again. */
const BUSY_RETRY_MS = 250;
/** How many queued documents a pass reads ahead in one query (it sends them one at a time, in order). */
const READ_AHEAD = 50;
/**
 * A pass renews its lease only once this long has gone by since the last renewal, not before every
 * document: the lease then still has at least its length minus this to run, which covers the two
 * KRA calls a document may take (see `leaseMs`) with 3 s to spare for the database.
 */
const RENEW_AFTER_MS = 2_000;

/** The outbox of one gateway process. */
export interface Outbox {
  /** Asks for a pass over the app's queue now (in this process); returns at once. */
  kick(appId: number): void;
  /**
   * Runs passes over the app's queue until it is empty, or its head is not due within `maxWaitMs`
   * (default 0: until nothing is due now), or another process holds it (tests, CLI, retry routes).
   */
  drain(appId: number, maxWaitMs?: number): Promise<void>;
  /**
   * The document once it has left the queue (signed or rejected), or as it is after `waitMs`.
   * `current`: the row as the caller has just written it, which saves reading it first.
   */
  waitForOutcome(documentId: number, waitMs: number, current?: DocumentRow): Promise<DocumentRow>;
  /** One sweep over every branch with due work (what the periodic worker runs). */
  sweep(): Promise<void>;
  /** Starts the periodic sweep. */
  start(): void;
  /** Stops sweeping and waits for passes in progress. */
  stop(): Promise<void>;
}

const COUNTERS = ['last_invc_no', 'last_sar_no', 'last_pchs_no'] as const;

/**
 * What a pass does after one document: `settled` — it left the queue (signed or rejected), go on
 * with the next one read ahead; `again` — it is still queued or in doubt (and must go first), read
 * the head of the queue again; `stop` — it waits (backoff): end the pass.
 */
type Step = 'settled' | 'again' | 'stop';

type Counters = Pick<EtimsBranchQueuesTable, NumberedFamily['counter']>;

/**
 * What a pass knows of its branch while it holds the lease. Only the lease holder sends on a branch
 * or moves its counters, so the counters read with the lease stay true as long as the pass applies
 * its own changes to them; the documents read ahead are checked again by the conditional UPDATE that
 * binds each one's number.
 */
interface BranchPass {
  counters: Counters;
  renewedAt: number;
  readAhead: DocumentRow[];
}

/** Creates the outbox of this process. */
export function createOutbox(deps: GatewayDeps): Outbox {
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const running = new Map<number, Promise<void>>();
  const again = new Set<number>();
  /** Branches whose last pass found another process's lease. */
  const busy = new Set<number>();
  const timers = new Map<number, NodeJS.Timeout>();
  /** The passes running in this process, by branch. */
  const passes = new Map<number, BranchPass>();
  let sweeper: NodeJS.Timeout | undefined;
  let stopped = false;
  const now = () => deps.clock.now();
  // Renewed before each document, whose handling is at most two KRA calls (reconcile, then send):
  // a crashed holder's branch is free again this long after its last renewal.
  const leaseMs = deps.config.kraTimeoutMs * 2 + 5_000;
  const timing = { baseMs: deps.config.outbox.retryBaseMs, maxMs: deps.config.outbox.retryMaxMs };

  const settle = (id: number) => events.emit(`settled:${id}`);

  /** Takes the branch's lease (or finds it ours) and reads its counters; undefined when another process holds it. */
  async function claimLease(appId: number, tenantId: string): Promise<Counters | undefined> {
    const take = () => {
      const at = now();
      return deps.db
        .updateTable('etims_branch_queues')
        .set({ lease_owner: owner, lease_until: isoMillis(at + leaseMs) })
        .where('app_id', '=', appId)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', isoMillis(at)), eb('lease_owner', '=', owner)]))
        .returning(COUNTERS)
        .executeTakeFirst();
    };
    const taken = await take();
    if (taken) return taken;
    // Either another process holds it, or the branch has no queue row yet (its first pass).
    const created = await deps.db
      .insertInto('etims_branch_queues')
      .values({
        app_id: appId,
        tenant_id: tenantId,
        last_invc_no: 0,
        last_sar_no: 0,
        last_pchs_no: 0,
        lease_owner: null,
        lease_until: null,
        blocked_until: null,
        updated_at: isoMillis(now()),
      })
      .onConflict((oc) => oc.column('app_id').doNothing())
      .executeTakeFirst();
    return Number(created.numInsertedOrUpdatedRows ?? 0) === 1 ? take() : undefined;
  }

  /** Extends our lease when it is due; false when it was lost (expired and taken): the pass must stop sending. */
  async function renewLease(appId: number, branch: BranchPass): Promise<boolean> {
    if (now() - branch.renewedAt < RENEW_AFTER_MS) return true;
    const at = now();
    const res = await deps.db
      .updateTable('etims_branch_queues')
      .set({ lease_until: isoMillis(at + leaseMs) })
      .where('app_id', '=', appId)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    branch.renewedAt = at;
    return Number(res.numUpdatedRows) === 1;
  }

  async function releaseLease(appId: number): Promise<void> {
    await deps.db
      .updateTable('etims_branch_queues')
      .set({ lease_owner: null, lease_until: null })
      .where('app_id', '=', appId)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** The first document in doubt on the branch (it goes before anything queued). */
  function firstInDoubt(appId: number): Promise<DocumentRow | undefined> {
    return deps.db
      .selectFrom('etims_documents')
      .selectAll()
      .where('app_id', '=', appId)
      .where('status', 'in', ['sending', 'unknown'])
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }

  /** The oldest queued documents of the branch, in order. */
  function firstQueued(appId: number, limit: number): Promise<DocumentRow[]> {
    return deps.db.selectFrom('etims_documents').selectAll().where('app_id', '=', appId).where('status', '=', 'queued').orderBy('id').limit(limit).execute();
  }

  /** The head of the branch's queue: a document that may already be on KRA first, then the oldest queued one. */
  async function headOf(appId: number): Promise<DocumentRow | undefined> {
    return (await firstInDoubt(appId)) ?? (await firstQueued(appId, 1))[0];
  }

  /**
   * The head of the queue for a pass: the next document read ahead, or, when none is left, the head
   * read from the database (with the next documents read ahead behind it, and the counters again).
   */
  async function nextHead(appId: number, branch: BranchPass): Promise<DocumentRow | undefined> {
    const ahead = branch.readAhead.shift();
    if (ahead) return ahead;
    const inDoubt = await firstInDoubt(appId);
    if (inDoubt) return inDoubt;
    branch.readAhead = await firstQueued(appId, READ_AHEAD);
    if (branch.readAhead.length > 0) {
      branch.counters = await deps.db.selectFrom('etims_branch_queues').select(COUNTERS).where('app_id', '=', appId).executeTakeFirstOrThrow();
    }
    return branch.readAhead.shift();
  }

  /**
   * The last number KRA accepted in `family` on the branch: the copy of the pass that holds the lease.
   * Documents are only ever sent inside a pass, so there always is one.
   */
  function lastAccepted(appId: number, family: NumberedFamily): number {
    const held = passes.get(appId);
    if (!held) throw new Error(`outbox: branch ${appId} is sent on outside a pass`);
    return Number(held.counters[family.counter]);
  }

  /** The device's ids for the receipt; read for every signed document, kept in the row cache. */
  async function deviceIds(appId: number): Promise<{ sdcId: string | null; mrcNo: string | null }> {
    const load = async () => {
      const row = await deps.db.selectFrom('etims_devices').select(['sdc_id', 'mrc_no']).where('app_id', '=', appId).executeTakeFirst();
      return Object.freeze({ sdcId: row?.sdc_id ?? null, mrcNo: row?.mrc_no ?? null });
    };
    return (await deps.rowCache.read(`device:${appId}`, load, () => [cacheTags.device(appId)]))!;
  }

  /**
   * Which of the document's items carry stock, from the cached items. Read before the transaction
   * that uses it: on SQLite a read outside a transaction would wait for that very transaction.
   */
  async function stockedItemsOf(doc: DocumentRow): Promise<Set<string>> {
    const stocked = new Set<string>();
    for (const code of lineItemCodes(doc)) {
      const item = await findItem(deps, doc, code);
      if (item && STOCKED_ITEM_TYPES.has(item.item_ty_cd ?? '')) stocked.add(code);
    }
    return stocked;
  }

  /** Stores KRA's signature and advances the branch's counter, in one transaction. */
  async function markSigned(doc: DocumentRow, invcNo: number | null, signature: Record<string, unknown>, res: OscuResult): Promise<void> {
    const ids = await deviceIds(doc.app_id);
    const stocked = await stockedItemsOf(doc);
    const text = (v: unknown) => (v === undefined || v === null ? null : String(v));
    const int = (v: unknown) => (v === undefined || v === null || v === '' ? null : Number(v));
    const receipt: StoredReceipt = {
      curRcptNo: int(signature.curRcptNo),
      totRcptNo: int(signature.totRcptNo),
      intrlData: text(signature.intrlData),
      rcptSign: text(signature.rcptSign),
      sdcDateTime: text(signature.sdcDateTime),
      ...ids,
    };
    const at = isoMillis(now());
    const family = familyOf(doc);
    const signed = {
      status: 'signed' as const,
      invc_no: invcNo,
      receipt: JSON.stringify(receipt),
      kra_result_cd: res.resultCd,
      kra_result_msg: res.resultMsg,
      signed_at: at,
      updated_at: at,
    };
    // The branch's counter moves to the signed number (never backwards).
    const counter = family && sql.ref(family.counter);
    const advance =
      family && counter && invcNo !== null
        ? { [family.counter]: sql<number>`case when ${counter} < ${invcNo} then ${invcNo} else ${counter} end`, updated_at: at }
        : undefined;
    const event = doc.kind === 'stock_master' ? undefined : 'document.signed';
    let queued = 0;
    // Nothing else to write with the signature (no stock to move, no subscriber): no transaction.
    const alone = !signedHasEffects(doc, stocked) && !(event && (await hasSubscriber(deps.db, deps.rowCache, doc.tenant_id, event)));
    if (alone && !advance) {
      await deps.db.updateTable('etims_documents').set(signed).where('id', '=', doc.id).execute();
    } else if (alone && advance && deps.store.dialect === 'postgres') {
      // The signature and the counter in one statement, atomic as a transaction is: one round trip
      // instead of four. (SQLite has no UPDATE in WITH, and its transactions cost no round trips.)
      await deps.db
        .with('signed', (db) => db.updateTable('etims_documents').set(signed).where('id', '=', doc.id).returning('app_id'))
        .updateTable('etims_branch_queues')
        .set(advance)
        .where('app_id', 'in', (eb) => eb.selectFrom('signed').select('signed.app_id'))
        .execute();
    } else {
      await deps.db.transaction().execute(async (trx) => {
        await trx.updateTable('etims_documents').set(signed).where('id', '=', doc.id).execute();
        if (advance) await trx.updateTable('etims_branch_queues').set(advance).where('app_id', '=', doc.app_id).execute();
        await afterSigned(trx, { ...doc, invc_no: invcNo }, deps.clock.now(), stocked);
        if (event)
          queued = await queueWebhookEvent(trx, deps.rowCache, doc.tenant_id, event, documentEvent({ ...doc, invc_no: invcNo }, receipt), deps.clock.now());
      });
    }
    if (family && invcNo !== null) {
      const held = passes.get(doc.app_id);
      if (held) held.counters[family.counter] = Math.max(Number(held.counters[family.counter]), invcNo);
    }
    settle(doc.id);
    // Only when something was queued: a tenant without webhooks costs no delivery pass per document.
    if (queued > 0) deps.webhooks.kick();
  }

  /** The document stays in doubt (it keeps its number) and is looked at again after the backoff. */
  async function markUnknown(doc: DocumentRow, code: string | null, message: string, attempts: number): Promise<void> {
    const at = now();
    await deps.db
      .updateTable('etims_documents')
      .set({
        status: 'unknown',
        kra_result_cd: code,
        kra_result_msg: message.slice(0, 500),
        next_attempt_at: isoMillis(at + retryDelayMs(attempts, timing)),
        updated_at: isoMillis(at),
      })
      .where('id', '=', doc.id)
      .execute();
  }

  /** KRA definitely did not apply it: the number is free again; `rejected` ends the document, `queued` waits. */
  async function unbind(doc: DocumentRow, status: 'queued' | 'rejected', code: string | null, message: string, delayMs = 0, realigned = false): Promise<void> {
    const at = now();
    await deps.db
      .updateTable('etims_documents')
      .set({
        status,
        invc_no: null,
        kra_result_cd: code,
        kra_result_msg: message.slice(0, 500),
        next_attempt_at: isoMillis(at + delayMs),
        updated_at: isoMillis(at),
        ...(realigned ? { realignments: sql<number>`realignments + 1` } : {}),
      })
      .where('id', '=', doc.id)
      .execute();
    if (status === 'rejected') {
      await restoreStock(deps.db, doc, isoMillis(at), await stockedItemsOf(doc));
      const queued = await queueWebhookEvent(
        deps.db,
        deps.rowCache,
        doc.tenant_id,
        'document.rejected',
        { ...documentEvent(doc), kra_result_code: code, kra_result_message: message.slice(0, 500) },
        at,
      );
      settle(doc.id);
      if (queued > 0) deps.webhooks.kick();
    }
  }

  /** Sets the branch's counter of `family` to KRA's view (its next number minus one). */
  async function realign(appId: number, family: NumberedFamily, lastNumber: number): Promise<void> {
    await deps.db
      .updateTable('etims_branch_queues')
      .set({ [family.counter]: lastNumber, updated_at: isoMillis(now()) })
      .where('app_id', '=', appId)
      .execute();
    const held = passes.get(appId);
    if (held) held.counters[family.counter] = lastNumber;
  }

  /** Whether the sale KRA holds under a number is this document (KRA may omit trdInvcNo: then trust the binding). */
  function isThisDocument(found: Record<string, unknown>, doc: DocumentRow): boolean {
    if (typeof found.trdInvcNo === 'string' && found.trdInvcNo !== '') return found.trdInvcNo === doc.trd_invc_no;
    return true;
  }

  /** A KRA fault (no answer, 5xx, unusable body) while sending or reconciling. */
  function describeFailure(err: unknown): { code: string | null; message: string; sent: boolean } {
    if (err instanceof ApiError) {
      // A configuration error (bad path override) or a missing cmcKey: nothing went out.
      const sent = err.code !== 'validation_error' && err.code !== 'kra_auth_failed';
      return { code: null, message: err.message, sent };
    }
    return { code: null, message: err instanceof Error ? err.message : String(err), sent: true };
  }

  /** Reconciles a document that may be on KRA; returns the next step. */
  async function reconcile(app: AppWithSecrets, doc: DocumentRow, calls: GatewayDeps): Promise<Step> {
    const invcNo = doc.invc_no!;
    let res: OscuResult;
    try {
      res = await sendOscu(calls, deviceClient(calls, app), app, 'selectInvoiceDetails', { invcNo });
    } catch (err) {
      const failure = describeFailure(err);
      await markUnknown(doc, doc.kra_result_cd, `Reconciliation pending: ${failure.message}`, doc.attempts);
      return 'stop';
    }
    const list = (res.data as { salesList?: Array<Record<string, unknown>> } | null)?.salesList;
    const found = res.ok && !res.empty && Array.isArray(list) ? list[0] : undefined;
    if (found) {
      if (isThisDocument(found, doc)) {
        const receipt = (found.receipt ?? {}) as Record<string, unknown>;
        await markSigned(doc, invcNo, receipt, res);
        return 'settled';
      }
      // Another document holds this number on KRA: KRA's counter is past it; ours moves there, and
      // this document is sent again under a new number.
      await realign(doc.app_id, NUMBERED_FAMILIES.invc, Math.max(invcNo, lastAccepted(doc.app_id, NUMBERED_FAMILIES.invc)));
      await unbind(doc, 'queued', res.resultCd, `KRA holds another document under invcNo ${invcNo}; sending again under the next number.`);
      return 'again';
    }
    if (res.ok && res.empty) return send(app, doc, NUMBERED_FAMILIES.invc, invcNo, calls);
    await markUnknown(doc, res.resultCd, `Reconciliation pending: ${res.resultCd} ${res.resultMsg}`, doc.attempts);
    return 'stop';
  }

  /** Binds `invcNo` (written before the call), sends, and records what KRA said. */
  async function send(app: AppWithSecrets, doc: DocumentRow, family: NumberedFamily, invcNo: number, calls: GatewayDeps): Promise<Step> {
    const resend = doc.invc_no === invcNo && doc.attempts > 0;
    const at = now();
    const attempts = doc.attempts + 1;
    try {
      // Only while the document is as the pass read it (it may have been read ahead).
      const bound = await deps.db
        .updateTable('etims_documents')
        .set({ status: 'sending', invc_no: invcNo, attempts, sent_at: isoMillis(at), updated_at: isoMillis(at) })
        .where('id', '=', doc.id)
        .where('status', '=', doc.status)
        .where('attempts', '=', doc.attempts)
        .executeTakeFirst();
      if (Number(bound.numUpdatedRows) !== 1) return 'again';
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // One of our documents already holds this number: our counter is behind our own records.
      const highest = await deps.db
        .selectFrom('etims_documents')
        .select((eb) => eb.fn.max('invc_no').as('n'))
        .where('app_id', '=', doc.app_id)
        .where('family', '=', doc.family)
        .executeTakeFirst();
      await realign(doc.app_id, family, Number(highest?.n ?? invcNo));
      return 'again';
    }
    const payload = JSON.parse(doc.payload) as Record<string, unknown>;
    let res: OscuResult;
    try {
      res = await sendOscu(calls, deviceClient(calls, app), app, family.operation, { [family.field]: invcNo, ...payload });
    } catch (err) {
      const failure = describeFailure(err);
      const current = { ...doc, attempts };
      if (failure.sent) await markUnknown(current, null, failure.message, attempts);
      else await unbind(current, 'queued', null, failure.message, retryDelayMs(attempts, timing));
      return 'stop';
    }
    const outcome = classifyWrite(res);
    const current = { ...doc, attempts, invc_no: invcNo };
    switch (outcome.kind) {
      case 'signed':
        await markSigned(current, invcNo, (res.data ?? {}) as Record<string, unknown>, res);
        return 'settled';
      case 'ambiguous':
        if (!family.canReconcile && res.resultCd === '994') {
          // No way to ask KRA: a 994 on a resend is our own earlier attempt; on a first send, another's.
          if (resend) {
            await markSigned(current, invcNo, {}, res);
            return 'settled';
          }
          await realign(doc.app_id, family, Math.max(invcNo, lastAccepted(doc.app_id, family)));
          await unbind(current, 'queued', res.resultCd, `${res.resultMsg} (number taken on KRA; sending under the next one)`);
          return 'again';
        }
        // 994 after our own earlier attempt is the common case: reconcile at once, back off if it repeats.
        await markUnknown(current, res.resultCd, res.resultMsg, attempts - 1);
        return 'again';
      case 'expected': {
        const clash = await deps.db
          .selectFrom('etims_documents')
          .select('id')
          .where('app_id', '=', doc.app_id)
          .where('family', '=', doc.family)
          .where('invc_no', '=', outcome.expected)
          .where('id', '!=', doc.id)
          .executeTakeFirst();
        if (doc.realignments >= MAX_REALIGNMENTS || clash) {
          const why = clash ? `, a number our document ${clash.id} already holds` : ` ${MAX_REALIGNMENTS + 1} times`;
          deps.logger.error({ app_id: doc.app_id, document_id: doc.id, expected: outcome.expected }, 'KRA keeps naming another invoice number');
          await unbind(
            current,
            'queued',
            res.resultCd,
            `${res.resultMsg} (KRA named invcNo ${outcome.expected}${why}; a person must check the branch's numbering)`,
            retryDelayMs(attempts, timing),
          );
          return 'stop';
        }
        await realign(doc.app_id, family, outcome.expected - 1);
        await unbind(current, 'queued', res.resultCd, res.resultMsg, 0, true);
        return 'again';
      }
      case 'retry_later':
        await unbind(current, 'queued', res.resultCd, res.resultMsg, retryDelayMs(attempts, timing));
        return 'stop';
      case 'rejected':
        await unbind(current, 'rejected', res.resultCd, res.resultMsg);
        return 'settled';
    }
  }

  /**
   * Reports an item's quantity on hand as KRA has recorded it (`saveStockMaster`). It carries no
   * number and sets an absolute quantity, so sending it again is harmless: any failure just waits.
   */
  async function sendStockMaster(app: AppWithSecrets, doc: DocumentRow, calls: GatewayDeps): Promise<Step> {
    const itemCd = String((JSON.parse(doc.payload) as { itemCd?: unknown }).itemCd);
    const { kraQty } = await stockOf(deps.db, doc.app_id, itemCd);
    const attempts = doc.attempts + 1;
    const at = isoMillis(now());
    await deps.db.updateTable('etims_documents').set({ status: 'sending', attempts, sent_at: at, updated_at: at }).where('id', '=', doc.id).execute();
    const current = { ...doc, attempts };
    let res: OscuResult;
    try {
      res = await sendOscu(calls, deviceClient(calls, app), app, 'saveStockMaster', { itemCd, rsdQty: kraQty / 100, ...DEFAULT_AUDIT });
    } catch (err) {
      await unbind(current, 'queued', null, describeFailure(err).message, retryDelayMs(attempts, timing));
      return 'stop';
    }
    const outcome = classifyWrite(res);
    if (outcome.kind === 'signed') {
      await markSigned(current, null, {}, res);
      return 'settled';
    }
    if (outcome.kind === 'rejected') {
      await unbind(current, 'rejected', res.resultCd, res.resultMsg);
      return 'settled';
    }
    await unbind(current, 'queued', res.resultCd, res.resultMsg, retryDelayMs(attempts, timing));
    return 'stop';
  }

  /**
   * Sends or reconciles the head of the queue, with the branch's app (opened once per pass); `calls`
   * are the dependencies with this document's call context, under which KRA calls are logged.
   */
  async function handle(doc: DocumentRow, app: AppWithSecrets, calls: GatewayDeps): Promise<Step> {
    if (!app.is_active || !app.secrets.cmc_key) {
      const message = !app.is_active
        ? 'The eTIMS app is inactive: documents wait until it is activated.'
        : 'The eTIMS app has no cmcKey: initialize the device.';
      await deps.db
        .updateTable('etims_documents')
        .set({ kra_result_msg: message, next_attempt_at: isoMillis(now() + timing.maxMs), updated_at: isoMillis(now()) })
        .where('id', '=', doc.id)
        .execute();
      return 'stop';
    }
    const family = familyOf(doc);
    if (!family) return sendStockMaster(app, doc, calls);
    if (doc.invc_no !== null && (doc.status === 'sending' || doc.status === 'unknown')) {
      return family.canReconcile ? reconcile(app, doc, calls) : send(app, doc, family, doc.invc_no, calls);
    }
    return send(app, doc, family, lastAccepted(doc.app_id, family) + 1, calls);
  }

  function scheduleRetry(appId: number, atMs: number): void {
    if (stopped) return;
    const existing = timers.get(appId);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(
      () => {
        timers.delete(appId);
        kick(appId);
      },
      Math.max(0, atMs - now()),
    );
    timer.unref();
    timers.set(appId, timer);
  }

  /** One pass over the branch: under the lease, the head of the queue until nothing is due. */
  async function pass(appId: number): Promise<void> {
    const first = await deps.db.selectFrom('etims_documents').select(['tenant_id']).where('app_id', '=', appId).limit(1).executeTakeFirst();
    if (!first) return;
    const counters = await claimLease(appId, first.tenant_id);
    if (!counters) {
      // Another process is sending on this branch. It may finish just before a document of ours
      // commits: look again shortly rather than wait for the sweep.
      busy.add(appId);
      scheduleRetry(appId, now() + BUSY_RETRY_MS);
      return;
    }
    busy.delete(appId);
    const branch: BranchPass = { counters, renewedAt: now(), readAhead: [] };
    passes.set(appId, branch);
    try {
      // Opened once per pass, not per document: it unseals the app's credentials.
      let app: AppWithSecrets;
      try {
        app = await getAppWithSecrets(deps, first.tenant_id, appId);
      } catch {
        return;
      }
      for (let i = 0; i < MAX_DOCUMENTS_PER_PASS && !stopped; i++) {
        const head = await nextHead(appId, branch);
        if (!head) return;
        const due = Date.parse(head.next_attempt_at);
        if (due > now()) {
          scheduleRetry(appId, due);
          return;
        }
        if (!(await renewLease(appId, branch))) return;
        const step = await handle(
          head,
          app,
          withCallContext(deps, { tenantId: head.tenant_id, tokenId: null, route: 'worker:etims-outbox', requestId: `outbox_${head.id}_${head.attempts + 1}` }),
        );
        if (step === 'stop') {
          const after = await headOf(appId);
          if (after) scheduleRetry(appId, Date.parse(after.next_attempt_at));
          return;
        }
        // The document is still first in line (queued again or in doubt): what was read ahead waits behind it.
        if (step === 'again') branch.readAhead = [];
      }
      if (!stopped) again.add(appId);
    } finally {
      passes.delete(appId);
      await releaseLease(appId).catch(() => undefined);
    }
  }

  function kick(appId: number): void {
    if (stopped) return;
    // Another process holds the branch and a look is already planned: asking again now would only
    // be refused again (three statements per accepted document, in every process but one).
    if (busy.has(appId) && timers.has(appId)) return;
    if (running.has(appId)) {
      again.add(appId);
      return;
    }
    const run = (async () => {
      do {
        again.delete(appId);
        try {
          await pass(appId);
        } catch (err) {
          deps.logger.error({ app_id: appId, err: err instanceof Error ? err.message : String(err) }, 'eTIMS outbox pass failed');
          scheduleRetry(appId, now() + timing.baseMs);
          return;
        }
      } while (again.has(appId) && !stopped);
    })().finally(() => running.delete(appId));
    running.set(appId, run);
  }

  async function sweep(): Promise<void> {
    const rows = await deps.db
      .selectFrom('etims_documents')
      .select('app_id')
      .distinct()
      .where('status', 'in', [...PENDING_STATUSES])
      .where('next_attempt_at', '<=', isoMillis(now()))
      .execute();
    for (const { app_id } of rows) kick(app_id);
    await reportStale();
  }

  let lastStaleReport = 0;
  /** Logs, at most once a minute, every branch whose oldest waiting document is older than the stale age. */
  async function reportStale(): Promise<void> {
    if (now() - lastStaleReport < 60_000) return;
    lastStaleReport = now();
    const cutoff = isoMillis(now() - deps.config.outbox.staleAfterSeconds * 1000);
    const stale = await deps.db
      .selectFrom('etims_documents')
      .select((eb) => ['app_id', eb.fn.count<number>('id').as('waiting'), eb.fn.min('created_at').as('oldest')])
      .where('status', 'in', [...PENDING_STATUSES])
      .where('created_at', '<', cutoff)
      .groupBy('app_id')
      .execute();
    for (const s of stale) {
      deps.logger.warn(
        { app_id: s.app_id, waiting: Number(s.waiting), oldest_created_at: s.oldest },
        'eTIMS documents are waiting longer than USHURU_OUTBOX_STALE_AFTER_S',
      );
    }
    // One document.delayed event per document, the first time it is found late.
    const late = await deps.db
      .selectFrom('etims_documents')
      .selectAll()
      .where('status', 'in', [...PENDING_STATUSES])
      .where('created_at', '<', cutoff)
      .where('delay_reported_at', 'is', null)
      .limit(500)
      .execute();
    for (const doc of late) {
      await deps.db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('etims_documents')
          .set({ delay_reported_at: isoMillis(now()) })
          .where('id', '=', doc.id)
          .where('delay_reported_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 1) {
          await queueWebhookEvent(
            trx,
            deps.rowCache,
            doc.tenant_id,
            'document.delayed',
            { ...documentEvent(doc), waiting_since: doc.created_at, kra_result_message: doc.kra_result_msg },
            now(),
          );
        }
      });
    }
    if (late.length > 0) deps.webhooks.kick();
  }

  async function readDocument(id: number): Promise<DocumentRow> {
    return deps.db.selectFrom('etims_documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  return {
    kick,
    async drain(appId, maxWaitMs = 0) {
      const deadline = now() + maxWaitMs;
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
      for (let i = 0; i < 100_000 && !stopped; i++) {
        kick(appId);
        await running.get(appId);
        const head = await headOf(appId);
        if (!head) return;
        // Another process holds the branch: it sends; wait for it rather than spin.
        const due = busy.has(appId) ? now() + BUSY_RETRY_MS : Date.parse(head.next_attempt_at);
        if (due <= now()) continue;
        if (due > deadline) return;
        await sleep(due - now());
      }
    },
    async waitForOutcome(documentId, waitMs, current) {
      const initial = current ?? (await readDocument(documentId));
      if (initial.status === 'signed' || initial.status === 'rejected' || waitMs <= 0) return initial;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          events.off(`settled:${documentId}`, done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        events.on(`settled:${documentId}`, done);
      });
      return readDocument(documentId);
    },
    sweep,
    start() {
      if (sweeper || stopped) return;
      const tick = () => {
        sweep().catch((err: unknown) => deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'eTIMS outbox sweep failed'));
      };
      tick();
      sweeper = setInterval(tick, deps.config.outbox.sweepMs);
      sweeper.unref();
    },
    async stop() {
      stopped = true;
      if (sweeper) clearInterval(sweeper);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running.values()]);
    },
  };
}
