/** Customers, branch users and insurers of the branch: save on KRA, list our copies. */
import { z } from 'zod';
import { ok } from '../http/envelope.js';
import { defineRoute } from '../http/route.js';
import { listBranchRecords, saveBranchUser, saveCustomer, saveInsurance } from './branch-records.js';
import { etimsAppFor } from './select-app.js';

const tags = ['eTIMS customers and branch'];
const anyObject = z.looseObject({});
const searchQuery = z.object({ search: z.string().trim().max(100).optional() });

export const createCustomerRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/customers',
  name: 'api.etims.customers.store',
  scope: 'etims:write',
  appType: 'etims',
  summary: "Save a customer of the branch on KRA (saveBhfCustomer); KRA's or Salami's snake_case field names",
  tags,
  schema: { body: anyObject },
  exampleBody: { customer_pin: 'P051234567Q', customer_name: 'USHURU SIM TRADERS LIMITED', address: 'Moi Avenue, Mombasa', phone: '0711000002' },
  successStatus: 201,
  handler: async ({ deps, auth, req, body }) => ok(await saveCustomer(deps, await etimsAppFor(deps, auth.tenantId, req), body), 'Customer saved on KRA.'),
});

export const listCustomersRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/customers',
  name: 'api.etims.customers.index',
  scope: 'etims:read',
  appType: 'etims',
  summary: 'Customers saved for this branch',
  tags,
  schema: { querystring: searchQuery },
  handler: async ({ deps, auth, req, query }) => ok(await listBranchRecords(deps, await etimsAppFor(deps, auth.tenantId, req), 'etims_customers', query.search)),
});

export const createBranchUserRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/branch-users',
  name: 'api.etims.branch-users.store',
  scope: 'etims:write',
  appType: 'etims',
  summary: 'Save a branch user account on KRA (saveBhfUser); the password is sent to KRA and never stored',
  tags,
  schema: { body: anyObject },
  exampleBody: { userId: 'cashier2', userNm: 'Cashier Two', pwd: 'a-strong-password' },
  successStatus: 201,
  handler: async ({ deps, auth, req, body }) => ok(await saveBranchUser(deps, await etimsAppFor(deps, auth.tenantId, req), body), 'Branch user saved on KRA.'),
});

export const listBranchUsersRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/branch-users',
  name: 'api.etims.branch-users.index',
  scope: 'etims:read',
  appType: 'etims',
  summary: 'Branch users saved for this branch (without passwords)',
  tags,
  schema: { querystring: searchQuery },
  handler: async ({ deps, auth, req, query }) => ok(await listBranchRecords(deps, await etimsAppFor(deps, auth.tenantId, req), 'etims_branch_users', query.search)),
});

export const createInsuranceRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/insurances',
  name: 'api.etims.insurances.store',
  scope: 'etims:write',
  appType: 'etims',
  summary: 'Save an insurer of the branch on KRA (saveBhfInsurance; pharmacies)',
  tags,
  schema: { body: anyObject },
  exampleBody: { isrccCd: 'SHA', isrccNm: 'Social Health Authority', isrcRt: 20 },
  successStatus: 201,
  handler: async ({ deps, auth, req, body }) => ok(await saveInsurance(deps, await etimsAppFor(deps, auth.tenantId, req), body), 'Insurer saved on KRA.'),
});

export const listInsurancesRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/insurances',
  name: 'api.etims.insurances.index',
  scope: 'etims:read',
  appType: 'etims',
  summary: 'Insurers saved for this branch',
  tags,
  schema: { querystring: searchQuery },
  handler: async ({ deps, auth, req, query }) => ok(await listBranchRecords(deps, await etimsAppFor(deps, auth.tenantId, req), 'etims_insurances', query.search)),
});

export const customerRoutes = [createCustomerRoute, listCustomersRoute, createBranchUserRoute, listBranchUsersRoute, createInsuranceRoute, listInsurancesRoute];
