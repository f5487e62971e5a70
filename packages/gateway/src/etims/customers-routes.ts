/**
 * Customers, branch users and insurers of the branch: save on KRA, list our copies. The three kinds
 * differ only in names, examples and the service that saves them, so one factory builds both routes
 * of each.
 */
import { z } from 'zod';
import type { GatewayDeps } from '../deps.js';
import type { AppWithSecrets } from '../apps/service.js';
import { ok } from '../http/envelope.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { listBranchRecords, saveBranchUser, saveCustomer, saveInsurance } from './branch-records.js';

const tags = ['eTIMS customers and branch'];
// Field names are KRA's or Salami's; the services validate against KRA's field tables (422 per field).
const anyObject = z.looseObject({});
const searchQuery = z.object({ search: z.string().trim().max(100).optional() });

interface BranchRecordKind {
  /** URL segment and route-name segment, e.g. `branch-users`. */
  segment: string;
  table: 'etims_customers' | 'etims_branch_users' | 'etims_insurances';
  save: (deps: GatewayDeps, app: AppWithSecrets, body: Record<string, unknown>) => Promise<Record<string, unknown>>;
  saveSummary: string;
  listSummary: string;
  saved: string;
  example: Record<string, unknown>;
}

function branchRecordRoutes(kind: BranchRecordKind): RouteDef[] {
  const url = `/api/etims/${kind.segment}`;
  return [
    defineRoute({
      method: 'POST',
      url,
      name: `api.etims.${kind.segment}.store`,
      scope: 'etims:write',
      appType: 'etims',
      summary: kind.saveSummary,
      tags,
      schema: { body: anyObject },
      exampleBody: kind.example,
      successStatus: 201,
      handler: async ({ deps, body, kraApp }) => ok(await kind.save(deps, await kraApp(), body), kind.saved),
    }) as RouteDef,
    defineRoute({
      method: 'GET',
      url,
      name: `api.etims.${kind.segment}.index`,
      scope: 'etims:read',
      appType: 'etims',
      summary: kind.listSummary,
      tags,
      schema: { querystring: searchQuery },
      handler: async ({ deps, query, kraApp }) => ok(await listBranchRecords(deps, await kraApp(), kind.table, query.search)),
    }) as RouteDef,
  ];
}

export const customerRoutes: RouteDef[] = [
  ...branchRecordRoutes({
    segment: 'customers',
    table: 'etims_customers',
    save: saveCustomer,
    saveSummary: "Save a customer of the branch on KRA (saveBhfCustomer); KRA's or Salami's snake_case field names",
    listSummary: 'Customers saved for this branch',
    saved: 'Customer saved on KRA.',
    example: { customer_pin: 'P051234567Q', customer_name: 'USHURU SIM TRADERS LIMITED', address: 'Moi Avenue, Mombasa', phone: '0711000002' },
  }),
  ...branchRecordRoutes({
    segment: 'branch-users',
    table: 'etims_branch_users',
    save: saveBranchUser,
    saveSummary: 'Save a branch user account on KRA (saveBhfUser); the password is sent to KRA and never stored',
    listSummary: 'Branch users saved for this branch (without passwords)',
    saved: 'Branch user saved on KRA.',
    example: { userId: 'cashier2', userNm: 'Cashier Two', pwd: 'a-strong-password' },
  }),
  ...branchRecordRoutes({
    segment: 'insurances',
    table: 'etims_insurances',
    save: saveInsurance,
    saveSummary: 'Save an insurer of the branch on KRA (saveBhfInsurance; pharmacies)',
    listSummary: 'Insurers saved for this branch',
    saved: 'Insurer saved on KRA.',
    example: { isrccCd: 'SHA', isrccNm: 'Social Health Authority', isrcRt: 20 },
  }),
];
