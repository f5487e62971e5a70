/** Every dashboard page, in one list the plugin registers. */
import type { PageRoute } from '../context.js';
import { appPages } from './apps.js';
import { devicePages } from './devices.js';
import { invoicePages } from './invoices.js';
import { logPages } from './logs.js';
import { overviewPages } from './overview.js';
import { reportPages } from './reports.js';
import { tokenPages } from './tokens.js';
import { userPages } from './users.js';
import { webhookPages } from './webhooks.js';

export const DASHBOARD_PAGES: PageRoute[] = [
  ...overviewPages,
  ...appPages,
  ...tokenPages,
  ...devicePages,
  ...invoicePages,
  ...reportPages,
  ...logPages,
  ...webhookPages,
  ...userPages,
];
