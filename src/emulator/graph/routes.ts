/** Every Microsoft Graph route of the emulator, and $batch over them. */
import type { Route } from '../http/types.js';
import { APPLICATION_ROUTES } from './applications.js';
import { AUDIT_LOG_ROUTES } from './audit-logs.js';
import { batchRoute } from './batch.js';
import { SKU_DOMAIN_SETTINGS_ROUTES } from './skus-domains-settings.js';
import { GRANT_ROUTES } from './grants.js';
import { GROUP_ROUTES } from './groups.js';
import { MAIL_ROUTES } from './mail.js';
import { REPORT_ROUTES } from './reports.js';
import { SERVICE_PRINCIPAL_ROUTES } from './service-principals.js';
import { USER_ROUTES } from './users.js';

// Specific paths (users/{id}/mailboxSettings) before general ones only matter for equal methods;
// each pattern is anchored, so order is free.
const GRAPH_BASE_ROUTES: readonly Route[] = [
  ...AUDIT_LOG_ROUTES,
  ...USER_ROUTES,
  ...GROUP_ROUTES,
  ...SKU_DOMAIN_SETTINGS_ROUTES,
  ...APPLICATION_ROUTES,
  ...SERVICE_PRINCIPAL_ROUTES,
  ...GRANT_ROUTES,
  ...REPORT_ROUTES,
  ...MAIL_ROUTES,
];

export const GRAPH_ROUTES: readonly Route[] = [...GRAPH_BASE_ROUTES, batchRoute(GRAPH_BASE_ROUTES)];
