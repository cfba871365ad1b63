/** GET /auditLogs/directoryAudits: the directory audit records (directory-audit.ts), newest first. */
import { json } from '../http/types.js';
import { AUDIT_KNOWN, auditObject } from './directory-audit.js';
import { listResponse } from './odata.js';
import { graphRoute } from './route.js';

/** AuditLog.Read.All (Graph asks Directory.Read.All beside it for delegated callers). */
const AUDIT_READ = { app: ['AuditLog.Read.All'], delegated: ['AuditLog.Read.All'] } as const;

export const AUDIT_LOG_ROUTES = [
  graphRoute('GET', 'auditLogs/directoryAudits', 'directoryAudits.list', AUDIT_READ, (request, context, { tenant }) =>
    json(
      200,
      listResponse(request, context.baseUrl, tenant.collection('directoryAudit').list().slice().reverse(), auditObject, {
        resource: 'directoryAudit',
        entitySet: 'auditLogs/directoryAudits',
        known: AUDIT_KNOWN,
        defaultTop: 1000,
        maxTop: 1000,
      }),
    ),
  ),
];
