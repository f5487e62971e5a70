/**
 * The branch's next sales/credit-note number as KRA will see it once the outbox has sent what is
 * waiting: the last number KRA accepted (or the highest one bound to a document still in doubt), plus
 * one per document queued without a number yet. The outbox sends in acceptance order and numbers each
 * document as the head of its queue (etims/documents/outbox.ts), so the document stored now gets
 * exactly this number, unless KRA refuses one of those before it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { PENDING_STATUSES } from '../etims/documents/outbox.js';
import { deviceClient, sendOscu } from '../etims/oscu-call.js';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function nextInvoiceNumber(db: Db, appId: number): Promise<number> {
  const queue = await db.selectFrom('etims_branch_queues').select('last_invc_no').where('app_id', '=', appId).executeTakeFirst();
  const bound = await db
    .selectFrom('etims_documents')
    .select((eb) => eb.fn.max('invc_no').as('n'))
    .where('app_id', '=', appId)
    .where('family', '=', 'invc')
    .where('status', 'in', [...PENDING_STATUSES])
    .executeTakeFirst();
  const unbound = await db
    .selectFrom('etims_documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('app_id', '=', appId)
    .where('family', '=', 'invc')
    .where('status', 'in', [...PENDING_STATUSES])
    .where('invc_no', 'is', null)
    .executeTakeFirst();
  const last = Math.max(Number(queue?.last_invc_no ?? 0), Number(bound?.n ?? 0));
  return last + Number(unbound?.n ?? 0) + 1;
}

/**
 * An integration that switches to Ushuru mid-life sends the number after the last one it gave KRA,
 * while Ushuru's counter for the branch may still be 0. Before answering "expected N", KRA is asked:
 * when it holds `invcNo - 1` but not `invcNo`, and nothing of ours is waiting on the branch, KRA's
 * counter is adopted. Any doubt (KRA down, an unexpected answer) leaves the counter as it is.
 */
export async function adoptKraCounter(deps: GatewayDeps, app: AppWithSecrets, invcNo: number): Promise<boolean> {
  if (invcNo <= 1) return false;
  const waiting = await deps.db
    .selectFrom('etims_documents')
    .select('id')
    .where('app_id', '=', app.id)
    .where('family', '=', 'invc')
    .where('status', 'in', [...PENDING_STATUSES])
    .executeTakeFirst();
  if (waiting) return false;
  try {
    const client = deviceClient(deps, app);
    const previous = await sendOscu(deps, client, app, 'selectInvoiceDetails', { invcNo: invcNo - 1 });
    if (!previous.ok || previous.empty) return false;
    const current = await sendOscu(deps, client, app, 'selectInvoiceDetails', { invcNo });
    if (!current.ok || !current.empty) return false;
  } catch (err) {
    if (err instanceof ApiError) return false;
    throw err;
  }
  const at = new Date(deps.clock.now()).toISOString();
  const last = invcNo - 1;
  await deps.db
    .insertInto('etims_branch_queues')
    .values({
      app_id: app.id,
      tenant_id: app.tenant_id,
      last_invc_no: last,
      last_sar_no: 0,
      last_pchs_no: 0,
      lease_owner: null,
      lease_until: null,
      blocked_until: null,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('app_id').doUpdateSet({ last_invc_no: last, updated_at: at }).where('etims_branch_queues.last_invc_no', '<', last))
    .execute();
  deps.logger.info({ app_id: app.id, last_invc_no: last }, 'OSCU endpoint adopted KRA\u2019s invoice counter for the branch');
  return true;
}
