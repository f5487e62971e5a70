/** The route table: every route of the public API. Security tests are generated over it. */
import { appRoutes } from './apps/routes.js';
import { etimsRoutes } from './etims/routes.js';
import { proformaRoutes } from './etims/proformas/routes.js';
import { publicReceiptPageRoute } from './etims/receipts/public-page.js';
import { tokenRoutes } from './auth/routes.js';
import { healthRoutes } from './http/health-routes.js';
import { oscuCredentialsRoutes } from './oscu-endpoint/credentials-routes.js';
import type { RouteDef } from './http/route.js';
import { portalRoutes } from './portal/routes.js';
import { requestLogRoutes } from './requestlog/routes.js';
import { webhookRoutes } from './webhooks/routes.js';

export const ROUTES: ReadonlyArray<RouteDef> = [
  ...healthRoutes,
  ...tokenRoutes,
  ...appRoutes,
  ...oscuCredentialsRoutes,
  ...portalRoutes,
  ...requestLogRoutes,
  ...etimsRoutes,
  ...proformaRoutes,
  publicReceiptPageRoute,
  ...webhookRoutes,
] as ReadonlyArray<RouteDef>;
