/**
 * Entra's directory audit log for application changes (Graph directoryAudit,
 * learn.microsoft.com/graph/api/resources/directoryaudit): every successful Graph write to an
 * application, a service principal, an app role assignment or a delegated permission grant is
 * kept with who made it (a user or an app), when, the activity as Entra names it, and the target
 * with its modified properties; `GET /auditLogs/directoryAudits` lists them newest first, with
 * $filter on activityDateTime, category, activityDisplayName and targetResources/any(t: t/id eq ...).
 * Adding a credential to an app is how access to a tenant is commonly kept (m365-late-2026.md,
 * "Sign-in and federated credentials"), which is why mbx reads these records.
 *
 * Differences (docs/emulator.md): records are listed at once (Entra: minutes); only
 * ApplicationManagement is kept; a federated credential's change is "Update application" with a
 * FederatedIdentityCredentials property, and credentials show as `[KeyIdentifier=…,KeyType=…,
 * DisplayName=…]` [unverified: the shape of a tenant's record]; at most 20,000 are kept.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { isRecord, readJson, type EmuRequest } from '../http/types.js';
import type { Application, DirectoryAuditRecord, ServicePrincipal } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import type { Caller } from './auth.js';

const MAX_RECORDS = 20_000;
type Target = DirectoryAuditRecord['targetResources'][number];
type Shot = { readonly kind: 'Application'; readonly record: Application } | { readonly kind: 'ServicePrincipal'; readonly record: ServicePrincipal };

/** The app or service principal an operation touches, read before and after it runs. */
function shot(tenant: Tenant, operation: string, request: EmuRequest, answer?: unknown): Shot | undefined {
  const { id, appId } = request.params;
  const created = (answer as { id?: unknown } | undefined)?.id;
  if (operation.startsWith('applications.')) {
    const key = id ?? (typeof created === 'string' && operation === 'applications.create' ? created : undefined);
    const record =
      key !== undefined
        ? tenant.collection('applications').get(key)
        : appId === undefined
          ? undefined
          : tenant.collection('applications').lookup(`appId:${appId.toLowerCase()}`)[0];
    return record === undefined ? undefined : { kind: 'Application', record };
  }
  let spId = id ?? (appId === undefined ? undefined : tenant.collection('servicePrincipals').lookup(`appId:${appId.toLowerCase()}`)[0]?.id);
  const read = readJson(request);
  const given = isRecord(read) ? read : {};
  if (operation.startsWith('servicePrincipals.appRoleAssignedTo.') && typeof given.principalId === 'string') spId = given.principalId;
  if (operation.startsWith('oauth2PermissionGrants.'))
    spId = typeof given.clientId === 'string' ? given.clientId : tenant.collection('oauth2PermissionGrants').get(request.params.id ?? '')?.clientId;
  if (operation === 'servicePrincipals.create' && typeof created === 'string') spId = created;
  const record = spId === undefined ? undefined : tenant.collection('servicePrincipals').get(spId);
  return record === undefined ? undefined : { kind: 'ServicePrincipal', record };
}

/** An app's credentials as the audit log lists them. */
function keys(app: Application | undefined): string {
  if (app === undefined) return '[]';
  const shown = [
    ...app.keyCredentials.map((key) => `[KeyIdentifier=${key.keyId},KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=${key.displayName ?? ''}]`),
    ...app.passwordCredentials.map((key) => `[KeyIdentifier=${key.keyId},KeyType=Password,KeyUsage=Verify,DisplayName=${key.displayName ?? ''}]`),
  ];
  return JSON.stringify(shown);
}

const federated = (app: Application | undefined): string =>
  JSON.stringify(
    (app?.federatedIdentityCredentials ?? []).map((credential) => ({ Name: credential.name, Issuer: credential.issuer, Subject: credential.subject })),
  );

/** Activity names as Entra's audit log categories and activities list them. */
const ACTIVITIES: Readonly<Record<string, { readonly name: string; readonly type: DirectoryAuditRecord['operationType'] }>> = {
  'applications.create': { name: 'Add application', type: 'Add' },
  'applications.update': { name: 'Update application', type: 'Update' },
  'applications.delete': { name: 'Delete application', type: 'Delete' },
  'applications.addPassword': { name: 'Update application \u2013 Certificates and secrets management', type: 'Update' },
  'applications.removePassword': { name: 'Update application \u2013 Certificates and secrets management', type: 'Update' },
  'applications.federatedIdentityCredentials.create': { name: 'Update application', type: 'Update' },
  'applications.federatedIdentityCredentials.delete': { name: 'Update application', type: 'Update' },
  'servicePrincipals.create': { name: 'Add service principal', type: 'Add' },
  'servicePrincipals.delete': { name: 'Remove service principal', type: 'Delete' },
  'servicePrincipals.appRoleAssignments.create': { name: 'Add app role assignment to service principal', type: 'Assign' },
  'servicePrincipals.appRoleAssignedTo.create': { name: 'Add app role assignment to service principal', type: 'Assign' },
  'servicePrincipals.appRoleAssignments.delete': { name: 'Remove app role assignment from service principal', type: 'Unassign' },
  'servicePrincipals.appRoleAssignedTo.delete': { name: 'Remove app role assignment from service principal', type: 'Unassign' },
  'oauth2PermissionGrants.create': { name: 'Add delegated permission grant', type: 'Add' },
  'oauth2PermissionGrants.update': { name: 'Update delegated permission grant', type: 'Update' },
  'oauth2PermissionGrants.delete': { name: 'Remove delegated permission grant', type: 'Delete' },
};

function target(before: Shot | undefined, after: Shot | undefined): Target | undefined {
  const subject = after ?? before;
  if (subject === undefined) return undefined;
  const modifiedProperties: Target['modifiedProperties'][number][] = [];
  if (subject.kind === 'Application') {
    const [old, now] = [before?.record as Application | undefined, after?.record as Application | undefined];
    if (keys(old) !== keys(now)) modifiedProperties.push({ displayName: 'KeyDescription', oldValue: keys(old), newValue: keys(now) });
    if (federated(old) !== federated(now))
      modifiedProperties.push({ displayName: 'FederatedIdentityCredentials', oldValue: federated(old), newValue: federated(now) });
  }
  return { id: subject.record.id, displayName: subject.record.displayName, type: subject.kind, modifiedProperties };
}

export interface AuditWatch {
  /** Keep the record of a write that answered `status` with `answer`. */
  done(status: number, answer: unknown): void;
}

/** Read the target before an audited write; undefined for operations the log does not keep. */
export function watchDirectoryChange(operation: string, request: EmuRequest, caller: Caller, context: EmulatorContext): AuditWatch | undefined {
  let activity = ACTIVITIES[operation];
  if (activity === undefined) return undefined;
  const { tenant, claims } = caller;
  const before = shot(tenant, operation, request);
  return {
    done(status, answer) {
      if (status >= 300) return;
      const after =
        operation.endsWith('.delete') && !operation.includes('Credentials') && !operation.includes('appRole')
          ? undefined
          : shot(tenant, operation, request, answer);
      const changed = target(before, after);
      if (changed === undefined || activity === undefined) return;
      if (operation === 'applications.update' && changed.modifiedProperties.some((property) => property.displayName === 'KeyDescription'))
        activity = ACTIVITIES['applications.addPassword'];
      const log = tenant.collection('directoryAudit');
      if (log.size >= MAX_RECORDS) {
        const oldest = log.list()[0];
        if (oldest !== undefined) log.delete(oldest.id);
      }
      const servicePrincipal = tenant.collection('servicePrincipals').lookup(`appId:${claims.appid.toLowerCase()}`)[0];
      log.put({
        id: `Directory_${randomUUID()}`,
        activityDateTime: context.now().toISOString(),
        activityDisplayName: activity?.name ?? operation,
        category: 'ApplicationManagement',
        operationType: activity?.type ?? 'Update',
        initiatedBy:
          claims.idtyp === 'user'
            ? { user: { id: claims.oid, userPrincipalName: claims.upn ?? claims.unique_name ?? claims.oid } }
            : {
                app: {
                  appId: claims.appid,
                  displayName: servicePrincipal?.displayName ?? claims.app_displayname ?? claims.appid,
                  servicePrincipalId: servicePrincipal?.id ?? '',
                },
              },
        targetResources: [changed],
      });
    },
  };
}

export const AUDIT_KNOWN = new Set(['activitydatetime', 'activitydisplayname', 'category', 'operationtype', 'targetresources', 'initiatedby', 'id']);

/** A record as Graph shows it. */
export function auditObject(record: DirectoryAuditRecord): Record<string, unknown> {
  return {
    ...record,
    correlationId: record.id.replace(/^Directory_/, ''),
    loggedByService: 'Core Directory',
    result: 'success',
    resultReason: '',
    additionalDetails: [],
  };
}
