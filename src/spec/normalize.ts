/**
 * Written spec -> normalized Spec: lower-cased addresses, defaults, and each client's profile
 * resolved into the access modes it uses, from which the mailbox's needed protocols, its probes
 * and the app's OAuth permissions follow. Never fails: what cannot be resolved is recorded for
 * the semantic rules to report with its place.
 */
import { appSmtpPermission, appSmtpRbac } from '../profiles/modes.js';
import { findMode, getProfile, type AccessMode, type Direction, type MailboxProtocol, type Permission, type ProbeKind } from '../profiles/index.js';
import { pointerJoin } from './diagnostics.js';
import { APP_TRUSTEE, type Client, type MailboxScope, type SharedMailbox, type Spec, type UnsupportedMode } from './types.js';
import type { WrittenClient, WrittenMailbox, WrittenSpec } from './written.js';

const lower = (address: string) => address.toLowerCase();
const trusteeOf = (value: string) => (value === APP_TRUSTEE ? APP_TRUSTEE : lower(value));

export function normalize(written: WrittenSpec, file: string): Spec {
  const usageLocation = written.tenant.usageLocation;
  // The app sends over SMTP by RBAC for Applications where it is scoped that way, else with the Entra permission.
  const smtpAuthorization = (written.app?.mailboxScope ?? 'rbac') === 'rbac' ? 'rbac' : 'mailbox-permission';
  const sharedMailboxes = written.sharedMailboxes.map((mailbox, i) =>
    normalizeMailbox(mailbox, pointerJoin('/sharedMailboxes', i), usageLocation, smtpAuthorization),
  );
  return {
    version: 1,
    file,
    tenant: {
      ...(written.tenant.id ? { id: lower(written.tenant.id) } : {}),
      primaryDomain: lower(written.tenant.primaryDomain),
      acceptedDomains: written.tenant.acceptedDomains.map(lower),
      ...(usageLocation === undefined ? {} : { usageLocation }),
    },
    organization: {
      sendFromAliasEnabled: written.organization?.sendFromAliasEnabled ?? false,
      smtpAuth: written.organization?.smtpAuth ?? false,
    },
    users: (written.users ?? []).map((user, i) => {
      const location = user.usageLocation ?? usageLocation;
      return { ...user, address: lower(user.address), ...(location === undefined ? {} : { usageLocation: location }), pointer: pointerJoin('/users', i) };
    }),
    groups: (written.groups ?? []).map((group, i) => ({
      ...group,
      address: lower(group.address),
      ...(group.members === undefined ? {} : { members: group.members.map(lower) }),
      pointer: pointerJoin('/groups', i),
    })),
    ...(written.app
      ? {
          app: {
            displayName: written.app.displayName,
            credential: {
              ...written.app.credential,
              ...(written.app.credential.thumbprint === undefined ? {} : { thumbprint: written.app.credential.thumbprint.toUpperCase() }),
              ...(written.app.credential.kind === 'secret' ? { name: written.app.credential.name ?? `mbx ${written.app.displayName}` } : {}),
            },
            federatedCredentials: (written.app.federatedCredentials ?? []).map((credential, i) => ({
              ...credential,
              pointer: pointerJoin('/app/federatedCredentials', i),
            })),
            mailboxScope: written.app.mailboxScope,
            managementScopeName: written.app.managementScopeName ?? `mbx ${written.app.displayName}`,
            pointer: '/app',
          },
        }
      : {}),
    otherApps: (written.otherApps ?? []).map((app, i) => ({
      ...app,
      ...(app.appId === undefined ? {} : { appId: app.appId.toLowerCase() }),
      pointer: pointerJoin('/otherApps', i),
    })),
    sharedMailboxes,
    waivers: (written.waivers ?? []).map((waiver, i) => ({
      ...waiver,
      ...(waiver.mailbox ? { mailbox: lower(waiver.mailbox) } : {}),
      ...(waiver.subject === undefined ? {} : { subject: lower(waiver.subject) }),
      ...(waiver.contains === undefined ? {} : { contains: lower(waiver.contains) }),
      pointer: pointerJoin('/waivers', i),
    })),
    ...appAccess(sharedMailboxes, written.app?.mailboxScope ?? 'rbac', written.app?.managementScopeName ?? `mbx ${written.app?.displayName ?? ''}`),
  };
}

function normalizeMailbox(
  written: WrittenMailbox,
  pointer: string,
  tenantUsageLocation: string | undefined,
  smtpAuthorization: 'rbac' | 'mailbox-permission',
): SharedMailbox {
  const usageLocation = written.usageLocation ?? tenantUsageLocation;
  const clients = (written.clients ?? []).map((client, i) => normalizeClient(client, pointerJoin(pointer, 'clients', i), smtpAuthorization));
  const modes = clients.flatMap((client) => client.modes);
  const neededProtocols = new Set<MailboxProtocol>(modes.flatMap((mode) => mode.protocols));
  // A client signing in to SMTP as the shared address makes Exchange check its SMTP AUTH setting (sign-in.ts).
  if (clients.some((client) => client.smtpLogin === 'shared')) neededProtocols.add('smtpAuth');
  const declared = written.protocols ?? {};
  // Every key normalization does not rewrite passes through as written: a key the schema adds reaches the normalized mailbox with no edit here.
  const {
    address,
    aliases,
    usageLocation: _own,
    fullAccess: _full,
    sendAs: _as,
    sendOnBehalf: _behalf,
    sentItemsCopy,
    forwarding,
    clients: _clients,
    protocols: _protocols,
    probes,
    ...asWritten
  } = written;
  return {
    ...asWritten,
    address: lower(address),
    aliases: (aliases ?? []).map(lower),
    ...(usageLocation === undefined ? {} : { usageLocation }),
    fullAccess: (written.fullAccess ?? []).map((grant, i) => ({
      trustee: trusteeOf(grant.trustee),
      autoMapping: grant.autoMapping,
      pointer: pointerJoin(pointer, 'fullAccess', i),
    })),
    sendAs: (written.sendAs ?? []).map((trustee, i) => ({ trustee: trusteeOf(trustee), pointer: pointerJoin(pointer, 'sendAs', i) })),
    sendOnBehalf: (written.sendOnBehalf ?? []).map((trustee, i) => ({
      trustee: trusteeOf(trustee),
      pointer: pointerJoin(pointer, 'sendOnBehalf', i),
    })),
    sentItemsCopy: sentItemsCopy ?? { sendAs: false, sendOnBehalf: false },
    ...(forwarding ? { forwarding: { ...forwarding, address: lower(forwarding.address) } } : {}),
    // Least privilege: a protocol the spec leaves open is on exactly when a client needs it.
    // SMTP AUTH left open follows the organization setting, as Exchange's $null does.
    protocols: {
      imap: declared.imap ?? neededProtocols.has('imap'),
      pop: declared.pop ?? neededProtocols.has('pop'),
      ...(declared.smtpAuth !== undefined ? { smtpAuth: declared.smtpAuth } : {}),
    },
    clients,
    neededProtocols,
    probes: probes ?? defaultProbes(modes),
    pointer,
  };
}

function normalizeClient(written: WrittenClient, pointer: string, defaultSmtpAuthorization: 'rbac' | 'mailbox-permission'): Client {
  const smtpAuthorization = written.smtpAuthorization ?? defaultSmtpAuthorization;
  const profile = getProfile(written.profile);
  const inbound = written.inbound ?? profile.defaults.inbound;
  const outbound = written.outbound ?? profile.defaults.outbound;
  const modes: AccessMode[] = [];
  const unsupported: UnsupportedMode[] = [];
  const resolve = (direction: Direction, way: string) => {
    if (way === 'none') return;
    const found = findMode(profile, direction, way, written.identity);
    // The app's SMTP mode is the authorization model the client uses.
    const mode = found === appSmtpPermission && smtpAuthorization === 'rbac' ? appSmtpRbac : found;
    if (mode) modes.push(mode);
    else unsupported.push({ direction, way, ...(written.identity ? { identity: written.identity } : {}) });
  };
  resolve('inbound', inbound);
  resolve('outbound', outbound);
  return {
    profile: profile.id,
    ...(written.identity ? { identity: written.identity } : {}),
    ...(written.user ? { user: lower(written.user) } : {}),
    inbound,
    outbound,
    ...(written.folders ? { folders: written.folders } : {}),
    sendFromAliases: (written.sendFromAliases ?? []).map(lower),
    ...(modes.some((mode) => mode.identity === 'delegate' && mode.way === 'smtp') ? { smtpLogin: written.smtpLogin ?? 'delegate' } : {}),
    ...(modes.some((mode) => mode.identity === 'app' && mode.way === 'smtp') ? { smtpAuthorization } : {}),
    modes,
    unsupported,
    pointer,
  };
}

/** The probes the modes call for, plus the round trip when mail can be both sent and read back. */
function defaultProbes(modes: readonly AccessMode[]): ProbeKind[] {
  const probes = new Set<ProbeKind>(modes.flatMap((mode) => mode.probes));
  if (probes.has('smtp') && (probes.has('imap') || probes.has('pop'))) probes.add('round-trip');
  const order: ProbeKind[] = ['imap', 'pop', 'smtp', 'round-trip', 'graph'];
  return order.filter((probe) => probes.has(probe));
}

/**
 * The app's OAuth permissions and RBAC for Applications roles. With mailboxScope rbac, a mode's
 * RBAC roles replace its Entra application permissions: those reach every mailbox and add to the
 * scoped roles, so consenting them would undo the scoping (learn.microsoft.com/exchange/
 * permissions-exo/application-rbac: the two are additive).
 */
function appAccess(mailboxes: readonly SharedMailbox[], mailboxScope: MailboxScope, scopeName: string): Pick<Spec, 'appPermissions' | 'appRbac'> {
  const delegated = new Map<string, Permission>();
  const application = new Map<string, Permission>();
  const rbac = new Map<string, Set<string>>();
  for (const mailbox of mailboxes) {
    for (const mode of mailbox.clients.flatMap((client) => client.modes)) {
      for (const p of mode.delegatedScopes) delegated.set(`${p.resource}/${p.name}`, p);
      const scoped = mailboxScope === 'rbac' && mode.identity === 'app' && (mode.rbacRoles ?? []).length > 0;
      if (scoped) for (const role of mode.rbacRoles ?? []) rbac.set(role, (rbac.get(role) ?? new Set()).add(mailbox.address));
      else for (const p of mode.applicationPermissions) application.set(`${p.resource}/${p.name}`, p);
    }
  }
  // Code-point order, so the lists are the same on every machine whatever its locale.
  const sorted = (map: Map<string, Permission>) => [...map.keys()].sort().map((key) => map.get(key)!);
  const roles = [...rbac.keys()].sort().map((role) => ({ role, mailboxes: [...(rbac.get(role) as Set<string>)].sort() }));
  // One management scope when every role reaches the same mailboxes, else one per role.
  const shared = new Set(roles.map((entry) => entry.mailboxes.join(' '))).size <= 1;
  return {
    appPermissions: { delegated: sorted(delegated), application: sorted(application) },
    appRbac: roles.map((entry) => ({ ...entry, scopeName: shared ? scopeName : `${scopeName} ${entry.role.replace(/^Application /, '')}` })),
  };
}
