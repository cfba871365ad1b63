/**
 * The Pulumi program: a function of the normalized spec (docs/architecture.md, "Provisioning"). Entra ID
 * objects are @pulumi/azuread resources; every Exchange Online object is one of mbx's dynamic
 * providers (src/pulumi/providers/). Dependencies follow what each step needs: licences before the
 * delegates are granted rights; groups (after their members) before the grants made to them; the app's service principal before its consent and its Exchange
 * registration; each shared mailbox before its grants, protocols and replies; the mailboxes before
 * the management scope that names them; the scope before the role assignment scoped by it.
 *
 * Least privilege: the app asks for exactly the permissions the spec's client profiles need
 * (spec.appPermissions), consent grants exactly those, and with mailboxScope rbac each role reaches
 * only the mailboxes whose clients use it (spec.appRbac).
 */
import * as azuread from '@pulumi/azuread';
import * as pulumi from '@pulumi/pulumi';
import type { ApiResource, Permission } from '../profiles/types.js';
import { APP_TRUSTEE, type SharedMailbox as SpecMailbox, type Spec } from '../spec/types.js';
import { API_RESOURCES, APP_NAME, appRoleName } from './names.js';
import { MailboxArchive } from './providers/archive.js';
import { AutomaticReplies } from './providers/automatic-replies.js';
import { CasMailbox } from './providers/cas-mailbox.js';
import { ExchangeServicePrincipal } from './providers/exchange-service-principal.js';
import { Licence } from './providers/licence.js';
import { FullAccess } from './providers/full-access.js';
import { ManagementScope } from './providers/management-scope.js';
import { OrganizationSettings } from './providers/organization.js';
import { SendAs } from './providers/send-as.js';
import { RoleAssignment } from './providers/role-assignment.js';
import { SendOnBehalf } from './providers/send-on-behalf.js';
import { SecurityGroup } from './providers/security-group.js';
import { DelegateSmtpAuth } from './providers/smtp-auth.js';
import { smtpLoginOf } from '../spec/sign-in.js';
import { declaredSettings } from '../spec/mailbox-settings.js';
import { SharedMailbox } from './providers/shared-mailbox.js';

export interface ProgramConfig {
  /** mbx's version, an input of every Exchange object so a release that changes a provider shows as a diff. */
  readonly version: string;
  /** The app's certificate (PEM, public part only): the preferred credential (config mbx:appCertificate). */
  readonly appCertificate?: pulumi.Input<string>;
  /** The day a secret's lifetime counts from (config mbx:secretStartDate, YYYY-MM-DD); change it to rotate. */
  readonly secretStartDate?: string;
}

export interface ProgramOutputs {
  readonly app?: {
    readonly clientId: pulumi.Output<string>;
    readonly servicePrincipalObjectId: pulumi.Output<string>;
    /** Only with a secret credential; a Pulumi secret. */
    readonly clientSecret?: pulumi.Output<string>;
  };
  readonly sharedMailboxes: Record<string, { readonly guid: pulumi.Output<string>; readonly userId: pulumi.Output<string> }>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Exchange's names for the spec's automatic-reply words. */
const REPLY_STATE = { disabled: 'Disabled', alwaysEnabled: 'Enabled', scheduled: 'Scheduled' } as const;
const REPLY_AUDIENCE = { none: 'None', contactsOnly: 'Known', all: 'All' } as const;

const names = (permissions: readonly Permission[], resource: ApiResource): string[] =>
  permissions.filter((permission) => permission.resource === resource).map((permission) => permission.name);

/** What the app's Entra objects give the Exchange side. */
interface AppObjects {
  readonly exchangeIdentity: pulumi.Output<string>;
  readonly outputs: NonNullable<ProgramOutputs['app']>;
}

type Credential =
  | { readonly kind: 'certificate'; readonly certificate: pulumi.Input<string> }
  | { readonly kind: 'secret'; readonly startDate: Date; readonly lifetimeDays: number };

/** The app's credential from the spec and the config, or an error saying which config to set. */
function credentialOf(app: NonNullable<Spec['app']>, config: ProgramConfig): Credential {
  if (app.credential.kind === 'certificate') {
    if (config.appCertificate === undefined)
      throw new Error(
        'The spec asks for a certificate credential: set its public certificate with `pulumi config set mbx:appCertificate -- "$(cat app.pem)"` (PEM, no private key).',
      );
    return { kind: 'certificate', certificate: config.appCertificate };
  }
  const lifetimeDays = app.credential.lifetimeDays ?? 0;
  const start = config.secretStartDate;
  if (start === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(start))) {
    throw new Error(
      `The spec asks for a secret credential: set the day its ${lifetimeDays} days count from with \`pulumi config set mbx:secretStartDate YYYY-MM-DD\`; change it to rotate the secret.`,
    );
  }
  return { kind: 'secret', startDate: new Date(`${start}T00:00:00Z`), lifetimeDays };
}

/** The app registration, its service principal, admin consent, its credential and its federated credentials. */
function declareApp(spec: Spec, app: NonNullable<Spec['app']>, credential: Credential, version: string): AppObjects {
  const used = (Object.keys(API_RESOURCES) as ApiResource[]).filter(
    (resource) => names(spec.appPermissions.application, resource).length + names(spec.appPermissions.delegated, resource).length > 0,
  );
  // The resource APIs' own service principals, which exist in every tenant: read for their permission ids.
  const apis = new Map(
    used.map((resource) => [
      resource,
      new azuread.ServicePrincipal(API_RESOURCES[resource].name, { clientId: API_RESOURCES[resource].appId, useExisting: true }),
    ]),
  );

  const application = new azuread.Application(APP_NAME, {
    displayName: app.displayName,
    signInAudience: 'AzureADMyOrg',
    requiredResourceAccesses: used.map((resource) => {
      const api = apis.get(resource) as azuread.ServicePrincipal;
      return {
        resourceAppId: API_RESOURCES[resource].appId,
        resourceAccesses: pulumi
          .all([api.appRoleIds, api.oauth2PermissionScopeIds])
          .apply(([roles, scopes]) => [
            ...names(spec.appPermissions.application, resource).map((name) => ({ id: permissionId(roles, name, resource, 'application'), type: 'Role' })),
            ...names(spec.appPermissions.delegated, resource).map((name) => ({ id: permissionId(scopes, name, resource, 'delegated'), type: 'Scope' })),
          ]),
      };
    }),
  });
  const principal = new azuread.ServicePrincipal(APP_NAME, { clientId: application.clientId });

  for (const [resource, api] of apis) {
    for (const name of names(spec.appPermissions.application, resource)) {
      new azuread.AppRoleAssignment(appRoleName(resource, name), {
        appRoleId: api.appRoleIds.apply((roles) => permissionId(roles, name, resource, 'application')),
        principalObjectId: principal.objectId,
        resourceObjectId: api.objectId,
      });
    }
    const scopes = names(spec.appPermissions.delegated, resource);
    if (scopes.length > 0) {
      // Consent for all users (no userObjectId): each delegate still needs Full Access to reach a mailbox.
      new azuread.ServicePrincipalDelegatedPermissionGrant(API_RESOURCES[resource].name, {
        servicePrincipalObjectId: principal.objectId,
        resourceServicePrincipalObjectId: api.objectId,
        claimValues: scopes,
      });
    }
  }

  let clientSecret: pulumi.Output<string> | undefined;
  if (credential.kind === 'certificate') {
    new azuread.ApplicationCertificate(APP_NAME, { applicationId: application.id, type: 'AsymmetricX509Cert', encoding: 'pem', value: credential.certificate });
  } else {
    const { startDate, lifetimeDays } = credential;
    const password = new azuread.ApplicationPassword('app', {
      applicationId: application.id,
      displayName: app.credential.name ?? `mbx ${app.displayName}`,
      startDate: startDate.toISOString(),
      endDate: new Date(startDate.getTime() + lifetimeDays * DAY_MS).toISOString(),
    });
    clientSecret = pulumi.secret(password.value);
  }

  // Outside identities (a CI pipeline) that sign in as the app without a secret: exactly the spec's (MBX.APP.3).
  for (const federated of app.federatedCredentials)
    new azuread.ApplicationFederatedIdentityCredential(`app-${federated.name}`, {
      applicationId: application.id,
      displayName: federated.name,
      issuer: federated.issuer,
      subject: federated.subject,
      audiences: [federated.audience],
    });

  const exchange = new ExchangeServicePrincipal('app', { appId: application.clientId, objectId: principal.objectId, displayName: app.displayName, version });
  return {
    exchangeIdentity: exchange.identity,
    outputs: { clientId: application.clientId, servicePrincipalObjectId: principal.objectId, ...(clientSecret === undefined ? {} : { clientSecret }) },
  };
}

/** A permission's id from the resource API's map, or an error naming the permission the tenant lacks. */
function permissionId(ids: Record<string, string>, name: string, resource: ApiResource, kind: 'application' | 'delegated'): string {
  const id = ids[name];
  if (id === undefined) throw new Error(`${resource} offers no ${kind} permission ${name}; check the client profile that asks for it.`);
  return id;
}

/** A shared mailbox and everything on it. */
function declareMailbox(
  mailbox: SpecMailbox,
  trustee: (address: string) => pulumi.Input<string>,
  after: (address: string) => pulumi.Resource[],
  version: string,
): SharedMailbox {
  // No mail is lost by default (issue 20): a mailbox that leaves the spec, and everything on it, is
  // left as it is (Pulumi forgets it) unless the spec says onDelete: remove; the provider releases
  // it too where Pulumi does call delete.
  const keep: pulumi.CustomResourceOptions = { retainOnDelete: mailbox.onDelete !== 'remove' };
  const box = new SharedMailbox(
    mailbox.address,
    {
      address: mailbox.address,
      displayName: mailbox.displayName,
      aliases: [...mailbox.aliases],
      signInBlocked: mailbox.signInBlocked,
      unlicensed: mailbox.licence === undefined,
      hiddenFromAddressLists: mailbox.hiddenFromAddressLists,
      messageCopyForSentAsEnabled: mailbox.sentItemsCopy.sendAs,
      messageCopyForSendOnBehalfEnabled: mailbox.sentItemsCopy.sendOnBehalf,
      forwardingSmtpAddress: mailbox.forwarding?.address ?? null,
      deliverToMailboxAndForward: mailbox.forwarding?.keepCopy ?? false,
      settings: declaredSettings(mailbox),
      issueWarningQuotaGB: mailbox.sizeWarningGB ?? null,
      litigationHoldEnabled: mailbox.litigationHold,
      onDelete: mailbox.onDelete,
      version,
    },
    keep,
  );
  const on = { mailbox: box.address, version };
  const grantOptions = (address: string): pulumi.CustomResourceOptions => ({ ...keep, dependsOn: after(address) });
  for (const grant of mailbox.fullAccess) {
    new FullAccess(
      `${mailbox.address}/fullaccess/${grant.trustee}`,
      { ...on, trustee: trustee(grant.trustee), autoMapping: grant.autoMapping },
      grantOptions(grant.trustee),
    );
  }
  for (const grant of mailbox.sendAs)
    new SendAs(`${mailbox.address}/sendas/${grant.trustee}`, { ...on, trustee: trustee(grant.trustee) }, grantOptions(grant.trustee));
  for (const grant of mailbox.sendOnBehalf)
    new SendOnBehalf(`${mailbox.address}/sendonbehalf/${grant.trustee}`, { ...on, trustee: trustee(grant.trustee) }, grantOptions(grant.trustee));
  new CasMailbox(
    mailbox.address,
    {
      ...on,
      imapEnabled: mailbox.protocols.imap,
      popEnabled: mailbox.protocols.pop,
      smtpClientAuthenticationDisabled: mailbox.protocols.smtpAuth === undefined ? null : !mailbox.protocols.smtpAuth,
    },
    keep,
  );
  const replies = mailbox.automaticReplies;
  if (replies !== undefined) {
    new AutomaticReplies(
      mailbox.address,
      {
        ...on,
        state: REPLY_STATE[replies.status],
        externalAudience: REPLY_AUDIENCE[replies.externalAudience],
        internalMessage: replies.internalMessage ?? '',
        externalMessage: replies.externalMessage ?? '',
        startTime: replies.start === undefined ? null : new Date(replies.start).toISOString(),
        endTime: replies.end === undefined ? null : new Date(replies.end).toISOString(),
      },
      keep,
    );
  }
  // The usage location first (Graph refuses a licence without one), then the licence, then the archive it pays for.
  const licence =
    mailbox.licence === undefined
      ? undefined
      : new Licence(mailbox.address, { user: box.address, skuPartNumber: mailbox.licence, usageLocation: mailbox.usageLocation ?? null, version }, keep);
  if (mailbox.archive !== undefined)
    new MailboxArchive(mailbox.address, { ...on, enabled: mailbox.archive }, { ...keep, ...(licence === undefined ? {} : { dependsOn: [licence] }) });
  return box;
}

/**
 * The spec's groups: a mail-enabled security group each, after the licences of its member users and
 * the groups nested in it (the group-members rule refuses cycles).
 */
function declareGroups(spec: Spec, licences: ReadonlyMap<string, Licence>, version: string): Map<string, SecurityGroup> {
  const declared = new Map(spec.groups.map((group) => [group.address, group]));
  const groups = new Map<string, SecurityGroup>();
  const declare = (address: string): SecurityGroup => {
    const done = groups.get(address);
    if (done !== undefined) return done;
    const group = declared.get(address) as Spec['groups'][number];
    const needs = (group.members ?? []).flatMap((member): pulumi.Resource[] => {
      if (declared.has(member)) return [declare(member)];
      const licence = licences.get(member);
      return licence === undefined ? [] : [licence];
    });
    const resource = new SecurityGroup(
      address,
      { address, name: group.displayName ?? (address.split('@')[0] as string), members: group.members === undefined ? null : [...group.members], version },
      { dependsOn: needs },
    );
    groups.set(address, resource);
    return resource;
  };
  for (const group of spec.groups) declare(group.address);
  return groups;
}

/** Declare everything the spec says the tenant must hold. */
export function program(spec: Spec, config: ProgramConfig): ProgramOutputs {
  const version = config.version;
  // Everything the config must give is checked before the first resource: a bad run declares nothing.
  const credential = spec.app === undefined ? undefined : credentialOf(spec.app, config);
  new OrganizationSettings('organization', { sendFromAliasEnabled: spec.organization.sendFromAliasEnabled, smtpAuth: spec.organization.smtpAuth, version });

  const licences = new Map(
    spec.users.map((user) => [
      user.address,
      new Licence(user.address, { user: user.address, skuPartNumber: user.licence, usageLocation: user.usageLocation ?? null, version }),
    ]),
  );
  const groups = declareGroups(spec, licences, version);
  const app = spec.app === undefined || credential === undefined ? undefined : declareApp(spec, spec.app, credential, version);
  // A loaded spec names the app as trustee only when it declares one (rule SPEC_APP_MISSING).
  const trustee = (address: string): pulumi.Input<string> => (address === APP_TRUSTEE && app !== undefined ? app.exchangeIdentity : address);
  // A delegate is granted rights once licensed (so with a mailbox, as Exchange expects of a trustee), a group once it exists.
  const after = (address: string): pulumi.Resource[] => {
    const needed = licences.get(address) ?? groups.get(address);
    return needed === undefined ? [] : [needed];
  };

  const boxes = new Map(spec.sharedMailboxes.map((mailbox) => [mailbox.address, declareMailbox(mailbox, trustee, after, version)]));

  // SMTP AUTH on the own mailbox of each delegate a client signs in to SMTP as (spec/sign-in.ts), once licensed.
  const smtpDelegates = new Set(
    spec.sharedMailboxes.flatMap((mailbox) =>
      mailbox.clients
        .map((client) => smtpLoginOf(mailbox, client))
        .flatMap((login) => (login?.identity === 'delegate' && !login.refused ? [login.address] : [])),
    ),
  );
  for (const address of [...smtpDelegates].sort()) new DelegateSmtpAuth(address, { mailbox: address, version }, { dependsOn: after(address) });

  if (spec.app?.mailboxScope === 'application-access-policy') {
    pulumi.log.warn(
      'mailboxScope application-access-policy is not provisioned: Microsoft replaced Application Access Policies with RBAC for Applications. Set mailboxScope: rbac, or keep the policy by hand (New-ApplicationAccessPolicy).',
    );
  }
  if (app !== undefined && spec.app?.mailboxScope === 'rbac') {
    const scopes = new Map<string, ManagementScope>();
    for (const { role, mailboxes, scopeName } of spec.appRbac) {
      let scope = scopes.get(scopeName);
      if (scope === undefined) {
        const named = mailboxes.map((address) => boxes.get(address)).filter((box): box is SharedMailbox => box !== undefined);
        scope = new ManagementScope(scopeName, { name: scopeName, mailboxes: [...mailboxes], version }, { dependsOn: named });
        scopes.set(scopeName, scope);
      }
      new RoleAssignment(`${scopeName}/${role}`, { role, app: app.exchangeIdentity, scope: scope.name, version });
    }
  }

  return {
    ...(app === undefined ? {} : { app: app.outputs }),
    sharedMailboxes: Object.fromEntries([...boxes].map(([address, box]) => [address, { guid: box.guid, userId: box.userId }])),
  };
}
