/**
 * The credentials that sign in as an app reaching the mailboxes: each app's certificates, secrets
 * and federated credentials (the access model's `credentials`), with who added each and when where
 * Entra's directory audit log says. A credential is a way in too: whoever holds it is the app.
 */
import type { MailAppFacts } from '../verify/access-facts.js';
import type { AppCredentialFacts, TenantSnapshot } from '../verify/snapshot.js';
import type { CredentialEntry } from './model.js';

/**
 * Who added something to an app, and when: the latest directory audit record of a change to one of
 * `targets` (the app's or its service principal's object id) whose new value names `token` (a key
 * id, a federated credential's name) and whose old value did not.
 */
export function addedBy(
  snapshot: Pick<TenantSnapshot, 'directoryAudits'>,
  targets: readonly string[],
  token: string,
): { readonly by: string; readonly at: string } | undefined {
  const wanted = token.toLowerCase();
  const record = snapshot.directoryAudits
    .filter((candidate) => targets.includes(candidate.targetId))
    .filter((candidate) =>
      candidate.modified.some(
        (property) => (property.newValue ?? '').toLowerCase().includes(wanted) && !(property.oldValue ?? '').toLowerCase().includes(wanted),
      ),
    )
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  return record === undefined ? undefined : { by: record.by, at: record.at };
}

/** A certificate or secret as findings and listings name it: its kind, display name (or key id) and thumbprint. */
export const credentialLabel = (credential: AppCredentialFacts): string =>
  `${credential.kind} ${credential.displayName ?? credential.keyId}${credential.thumbprint === null ? '' : ` (thumbprint ${credential.thumbprint})`}`;

/** Every credential of the apps that reach mail, sorted by app and credential. */
export function credentialEntries(snapshot: TenantSnapshot): CredentialEntry[] {
  const apps: MailAppFacts[] = [...snapshot.mailApps];
  const entries: CredentialEntry[] = [];
  for (const app of apps) {
    const targets = [app.servicePrincipalId, ...(app.applicationObjectId === undefined ? [] : [app.applicationObjectId])];
    const at = (token: string): { since?: string; by?: string } => {
      const added = addedBy(snapshot, targets, token);
      return added === undefined ? {} : { since: added.at, by: added.by };
    };
    for (const credential of app.credentials ?? [])
      entries.push({
        appId: app.appId,
        app: app.displayName,
        kind: credential.kind,
        id: credential.keyId,
        label: credentialLabel(credential),
        ...at(credential.keyId),
      });
    for (const federated of app.federatedCredentials ?? [])
      entries.push({
        appId: app.appId,
        app: app.displayName,
        kind: 'federated',
        id: federated.name,
        label: `federated credential ${federated.name}: ${federated.issuer}, subject ${federated.subject}`,
        ...at(federated.name),
      });
  }
  return entries.sort((a, b) => (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
