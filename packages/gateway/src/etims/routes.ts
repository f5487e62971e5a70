/** Every eTIMS route, for the route table. */
import type { RouteDef } from '../http/route.js';
import { customerRoutes } from './customers-routes.js';
import { deviceRoutes } from './device-routes.js';
import { documentRoutesTable } from './documents/routes.js';
import { receiptRoutes } from './receipts/routes.js';
import { reconciliationRoutes } from './reports/reconcile-routes.js';
import { reportRoutes } from './reports/routes.js';
import { itemRoutes } from './items-routes.js';
import { oscuRoutes } from './oscu-routes.js';
import { readRoutes } from './reads-routes.js';
import { syncRoutes } from './sync/routes.js';

export const etimsRoutes = [
  ...deviceRoutes,
  ...oscuRoutes,
  ...syncRoutes,
  ...readRoutes,
  ...itemRoutes,
  ...customerRoutes,
  ...documentRoutesTable,
  ...reportRoutes,
  ...reconciliationRoutes,
  ...receiptRoutes,
] as ReadonlyArray<RouteDef>;
