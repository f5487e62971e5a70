/**
 * Records KRA keeps per branch — customers (saveBhfCustomer), branch users (saveBhfUser) and
 * insurers (saveBhfInsurance): send to KRA, then keep our copy. A user's password goes to KRA
 * only; it is never stored or returned.
 */
import type { AppWithSecrets } from '../apps/service.js';
import { isoSeconds } from '../clock.js';
import type { GatewayDeps } from '../deps.js';
import { nextInSequence } from '../store/sequences.js';
import { callOscu } from './oscu-call.js';
import { DEFAULT_AUDIT } from './items-service.js';
import { exactly, saveBhfCustomerSchema, saveBhfInsuranceSchema, saveBhfUserSchema } from './oscu-schemas/index.js';

// Our routes take exactly KRA's fields (or Salami's names for them): an unknown field is a 422 naming it.
const customerFields = exactly(saveBhfCustomerSchema);
const branchUserFields = exactly(saveBhfUserSchema);
const insuranceFields = exactly(saveBhfInsuranceSchema);
import { parseOr422 } from './validate.js';

type Rec = Record<string, unknown>;

/**
 * Salami's snake_case customer fields → KRA's names, so Salami clients can post unchanged.
 * KRA-native names win when both are sent.
 */
const SNAKE_TO_KRA: Record<string, string> = {
  customer_number: 'custNo',
  cust_no: 'custNo',
  customer_pin: 'custTin',
  cust_tin: 'custTin',
  pin: 'custTin',
  customer_name: 'custNm',
  cust_nm: 'custNm',
  name: 'custNm',
  address: 'adrs',
  phone: 'telNo',
  phone_number: 'telNo',
  tel_no: 'telNo',
  email: 'email',
  fax: 'faxNo',
  fax_no: 'faxNo',
  remark: 'remark',
  notes: 'remark',
  use_yn: 'useYn',
};

/** Normalises a customer body given in Salami's or KRA's field names. */
export function normaliseCustomer(input: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(input)) {
    const kra = SNAKE_TO_KRA[k];
    if (kra && input[kra] === undefined) out[kra] = v;
    else if (!kra) out[k] = v;
  }
  if (typeof input.is_active === 'boolean' && out.useYn === undefined) out.useYn = input.is_active ? 'Y' : 'N';
  delete out.is_active;
  return out;
}

/**
 * The next free customer number of the app (custNo, CHAR 9): from an atomic counter, skipping
 * numbers a caller chose explicitly, so an automatic number never lands on an existing customer.
 */
async function nextCustomerNo(deps: GatewayDeps, appId: number): Promise<string> {
  for (;;) {
    const candidate = String(await nextInSequence(deps.db, `kra_app:${appId}`, 'etims.custNo'));
    const taken = await deps.db.selectFrom('etims_customers').select('cust_no').where('app_id', '=', appId).where('cust_no', '=', candidate).executeTakeFirst();
    if (!taken) return candidate;
  }
}

async function keep(deps: GatewayDeps, table: 'etims_customers' | 'etims_branch_users' | 'etims_insurances', key: string, row: Rec): Promise<void> {
  await deps.db
    .insertInto(table)
    .values(row as never)
    .onConflict((oc) =>
      oc.columns(['app_id', key] as never).doUpdateSet(Object.fromEntries(Object.entries(row).filter(([c]) => c !== 'app_id' && c !== key)) as never),
    )
    .execute();
}

/** Saves a customer of the branch on KRA (custNo generated when absent). */
export async function saveCustomer(deps: GatewayDeps, app: AppWithSecrets, input: Rec): Promise<Rec> {
  const given = normaliseCustomer(input);
  const body = parseOr422(customerFields, { useYn: 'Y', ...DEFAULT_AUDIT, ...given, custNo: given.custNo ?? (await nextCustomerNo(deps, app.id)) }) as Rec;
  await callOscu(deps, app, 'saveBhfCustomer', body);
  await keep(deps, 'etims_customers', 'cust_no', {
    app_id: app.id,
    cust_no: String(body.custNo),
    cust_tin: String(body.custTin),
    name: String(body.custNm),
    data: JSON.stringify(body),
    updated_at: isoSeconds(deps.clock.now()),
  });
  return body;
}

/** Saves a branch user on KRA; the password is not kept. */
export async function saveBranchUser(deps: GatewayDeps, app: AppWithSecrets, input: Rec): Promise<Rec> {
  const body = parseOr422(branchUserFields, { useYn: 'Y', ...DEFAULT_AUDIT, ...input }) as Rec;
  await callOscu(deps, app, 'saveBhfUser', body);
  const { pwd: _pwd, ...shown } = body;
  await keep(deps, 'etims_branch_users', 'user_id', {
    app_id: app.id,
    user_id: String(body.userId),
    name: String(body.userNm),
    data: JSON.stringify(shown),
    updated_at: isoSeconds(deps.clock.now()),
  });
  return shown;
}

/** Saves an insurer of the branch on KRA. */
export async function saveInsurance(deps: GatewayDeps, app: AppWithSecrets, input: Rec): Promise<Rec> {
  const body = parseOr422(insuranceFields, { useYn: 'Y', ...DEFAULT_AUDIT, ...input }) as Rec;
  await callOscu(deps, app, 'saveBhfInsurance', body);
  await keep(deps, 'etims_insurances', 'isrcc_cd', {
    app_id: app.id,
    isrcc_cd: String(body.isrccCd),
    name: String(body.isrccNm),
    data: JSON.stringify(body),
    updated_at: isoSeconds(deps.clock.now()),
  });
  return body;
}

/** Our copies of one kind of branch record, by key. */
export async function listBranchRecords(
  deps: GatewayDeps,
  app: AppWithSecrets,
  table: 'etims_customers' | 'etims_branch_users' | 'etims_insurances',
  search?: string,
) {
  let q = deps.db.selectFrom(table).select(['data', 'name']).where('app_id', '=', app.id);
  if (search) q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', `%${search.toLowerCase()}%`));
  const rows = await q.orderBy('name').limit(1000).execute();
  return rows.map((r) => JSON.parse(r.data) as Rec);
}
