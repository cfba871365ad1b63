/**
 * Check tests start from examples/contoso.yaml and a snapshot of a tenant that holds exactly what
 * it says, then change one fact at a time. `runCheck` evaluates one check through the runner, so
 * skips, errors and waivers behave as in `mbx verify`.
 */
import { randomUUID } from 'node:crypto';
import { CHECKS } from '../../checks/index.js';
import { diagnose } from '../../src/probes/diagnose.js';
import { planProbes } from '../../src/probes/plan.js';
import type { MailboxProbes, ProbeAction, ProbeOutcome, ProbeRun } from '../../src/probes/types.js';
import type { ProbeKind } from '../../src/profiles/types.js';
import { declaredGroupsOf } from '../../src/spec/groups.js';
import { smtpLoginOf } from '../../src/spec/sign-in.js';
import { loadSpecFile } from '../../src/spec/load.js';
import { APP_TRUSTEE, type Spec } from '../../src/spec/types.js';
import { summarize, type CheckResult, type ReportDocument } from '../../src/verify/result.js';
import type { Report } from '../../src/verify/results.js';
import { HeldResults } from '../../src/verify/results.js';
import { evaluate } from '../../src/verify/runner.js';
import { declaredSettings, MAILBOX_SETTINGS } from '../../src/spec/mailbox-settings.js';
import {
  SOURCE_PERMISSIONS,
  type AppFacts,
  type AppScopeFacts,
  type AutoReplyFacts,
  type CasFacts,
  type FullAccessEntry,
  type GroupFacts,
  type GroupMemberFacts,
  type MailboxFacts,
  type SizeFacts,
  type SourceId,
  type SourceOutcome,
  type TenantSnapshot,
  type UserFacts,
} from '../../src/verify/snapshot.js';

export const NOW = new Date('2026-11-22T12:00:00Z');
/** Get-MailboxAutoReplyConfiguration of a mailbox whose automatic replies are off. */
const NO_REPLIES: AutoReplyFacts = { state: 'Disabled', externalAudience: 'All', internalMessage: '', externalMessage: '', startTime: null, endTime: null };
const EXCHANGE_STANDARD = {
  skuId: '4b9405b0-7788-4568-add1-99614e613b69',
  skuPartNumber: 'EXCHANGESTANDARD',
  exchangePlans: ['9aaf7827-d63c-4b61-89c3-182f06f82e5c'],
  archivingPlans: [],
};
const SPE_E3 = {
  skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  skuPartNumber: 'SPE_E3',
  exchangePlans: ['efb87545-963c-4e0d-99df-69c6916d9eb0'],
  archivingPlans: ['efb87545-963c-4e0d-99df-69c6916d9eb0'],
};
export const APP_SP = '5c6a1ee0-4a1b-4f1e-9a6f-0d1f3a0c2b11';
export const APP_ID = 'a0000000-0000-0000-0000-000000000001';
/** The app's certificate's SHA-1 thumbprint, as Entra shows it. */
export const APP_THUMBPRINT = '3F2A5B7C9D1E0F2A4B6C8D0E1F3A5B7C9D1E0F2A';
export const GB = 1024 ** 3;
/** Every plain mailbox setting at Exchange Online's default: what a mailbox holds that nobody set. */
const EXCHANGE_DEFAULTS = Object.fromEntries(MAILBOX_SETTINGS.map((setting) => [setting.key, setting.exchangeDefault]));

export async function contoso(): Promise<Spec> {
  const loaded = await loadSpecFile('examples/contoso.yaml', { today: NOW });
  if (!loaded.ok) throw new Error('examples/contoso.yaml must be valid');
  return loaded.spec;
}

/** What a tenant provisioned exactly as the spec says looks like to the collectors. */
export function compliantSnapshot(spec: Spec): TenantSnapshot {
  // Exchange shows a group in permission lists by its display name, lower-cased by the collector.
  const groupName = (address: string): string | undefined => {
    const group = spec.groups.find((candidate) => candidate.address === address);
    return group === undefined ? undefined : (group.displayName ?? (address.split('@')[0] as string)).toLowerCase();
  };
  const trustee = (address: string): string => (address === APP_TRUSTEE ? APP_SP : (groupName(address) ?? address));
  const groups = new Map<string, GroupFacts>();
  const principals = [...spec.users.map((user) => user.address), ...spec.groups.map((group) => group.address)];
  const member = (address: string): GroupMemberFacts => ({
    id: `member-${address}`,
    kind: spec.groups.some((group) => group.address === address) ? 'group' : 'user',
    address,
  });
  spec.groups.forEach((group, index) => {
    groups.set(group.address, {
      id: `00000000-0000-0000-0000-00000000040${index}`,
      name: group.address.split('@')[0] as string,
      displayName: group.displayName ?? (group.address.split('@')[0] as string),
      recipientTypeDetails: 'MailUniversalSecurityGroup',
      primaryAddress: group.address,
      smtpAddresses: [group.address],
      members: (group.members ?? []).map(member),
      transitiveMembers: principals.filter((principal) => declaredGroupsOf(spec, principal).has(group.address)).map(member),
    });
  });
  const users = new Map<string, UserFacts>();
  spec.users.forEach((user, index) => {
    const sku = user.licence === 'SPE_E3' ? SPE_E3 : EXCHANGE_STANDARD;
    users.set(user.address, {
      id: `00000000-0000-0000-0000-00000000010${index}`,
      userPrincipalName: user.address,
      displayName: user.displayName ?? user.address,
      accountEnabled: true,
      assignedLicenses: [{ skuId: sku.skuId, disabledPlans: [] }],
      usageLocation: 'DE',
    });
  });
  const mailboxes = new Map<string, MailboxFacts>();
  const casMailboxes = new Map<string, CasFacts>();
  const sendAs = new Map<string, string[]>();
  const fullAccess = new Map<string, FullAccessEntry[]>();
  const autoReplies = new Map<string, AutoReplyFacts>();
  const sizes = new Map<string, SizeFacts>();
  spec.sharedMailboxes.forEach((mailbox, index) => {
    const name = mailbox.address.split('@')[0] as string;
    const userId = `00000000-0000-0000-0000-00000000020${index}`;
    users.set(mailbox.address, {
      id: userId,
      userPrincipalName: mailbox.address,
      displayName: mailbox.displayName,
      accountEnabled: !mailbox.signInBlocked,
      assignedLicenses: [],
      usageLocation: null,
    });
    mailboxes.set(mailbox.address, {
      guid: `00000000-0000-0000-0000-00000000030${index}`,
      userId,
      name,
      displayName: mailbox.displayName,
      recipientTypeDetails: 'SharedMailbox',
      primaryAddress: mailbox.address,
      smtpAddresses: [mailbox.address, ...mailbox.aliases, `${name}@contoso.onmicrosoft.com`],
      grantSendOnBehalfTo: mailbox.sendOnBehalf.map((grant) => trustee(grant.trustee)),
      messageCopyForSentAsEnabled: mailbox.sentItemsCopy.sendAs,
      messageCopyForSendOnBehalfEnabled: mailbox.sentItemsCopy.sendOnBehalf,
      forwardingSmtpAddress: mailbox.forwarding?.address ?? null,
      deliverToMailboxAndForward: mailbox.forwarding?.keepCopy ?? false,
      archiveEnabled: mailbox.archive === true,
      litigationHoldEnabled: mailbox.litigationHold,
      hiddenFromAddressListsEnabled: mailbox.hiddenFromAddressLists,
      quotas: { issueWarning: 49 * GB, prohibitSend: 49.5 * GB, prohibitSendReceive: 50 * GB },
      settings: { ...EXCHANGE_DEFAULTS, ...declaredSettings(mailbox) },
    });
    sizes.set(mailbox.address, { bytes: (index + 1) * GB, itemCount: 1000 * (index + 1), source: 'usage report', asOf: '2026-11-21' });
    casMailboxes.set(name, {
      imapEnabled: mailbox.protocols.imap,
      popEnabled: mailbox.protocols.pop,
      smtpClientAuthenticationDisabled: mailbox.protocols.smtpAuth === undefined ? null : !mailbox.protocols.smtpAuth,
    });
    sendAs.set(
      name,
      mailbox.sendAs.map((grant) => trustee(grant.trustee)),
    );
    fullAccess.set(
      mailbox.address,
      mailbox.fullAccess.map((grant) => ({ trustee: trustee(grant.trustee), deny: false, inherited: false })),
    );
    const replies = mailbox.automaticReplies;
    if (replies === undefined) autoReplies.set(mailbox.address, { ...NO_REPLIES });
    else {
      const state = { disabled: 'Disabled', alwaysEnabled: 'Enabled', scheduled: 'Scheduled' }[replies.status];
      const audience = { none: 'None', contactsOnly: 'Known', all: 'All' }[replies.externalAudience];
      const iso = (value: string | undefined) => (value === undefined ? null : new Date(value).toISOString());
      // Exchange keeps the messages as HTML.
      autoReplies.set(mailbox.address, {
        state,
        externalAudience: audience,
        internalMessage: `<html><body>${replies.internalMessage ?? ''}</body></html>`,
        externalMessage: `<html><body>${replies.externalMessage ?? ''}</body></html>`,
        startTime: iso(replies.start),
        endTime: iso(replies.end),
      });
    }
  });
  // Each licensed user has a mailbox of its own; those a client signs in to SMTP as have SMTP AUTH on (spec/sign-in.ts).
  const smtpLogins = new Set(
    spec.sharedMailboxes.flatMap((mailbox) =>
      mailbox.clients
        .map((client) => smtpLoginOf(mailbox, client))
        .flatMap((login) => (login?.identity === 'delegate' && !login.refused ? [login.address] : [])),
    ),
  );
  spec.users.forEach((user, index) => {
    const name = user.address.split('@')[0] as string;
    mailboxes.set(user.address, {
      guid: `00000000-0000-0000-0000-00000000050${index}`,
      userId: `00000000-0000-0000-0000-00000000010${index}`,
      name,
      displayName: user.displayName ?? name,
      recipientTypeDetails: 'UserMailbox',
      primaryAddress: user.address,
      smtpAddresses: [user.address],
      grantSendOnBehalfTo: [],
      messageCopyForSentAsEnabled: false,
      messageCopyForSendOnBehalfEnabled: false,
      forwardingSmtpAddress: null,
      deliverToMailboxAndForward: false,
      archiveEnabled: false,
      litigationHoldEnabled: false,
      hiddenFromAddressListsEnabled: false,
      quotas: { issueWarning: 98 * GB, prohibitSend: 99 * GB, prohibitSendReceive: 100 * GB },
      settings: EXCHANGE_DEFAULTS,
    });
    casMailboxes.set(name, { imapEnabled: true, popEnabled: true, smtpClientAuthenticationDisabled: smtpLogins.has(user.address) ? false : null });
  });
  return {
    mailboxes,
    casMailboxes,
    sendAs,
    fullAccess,
    autoReplies,
    organization: { sendFromAliasEnabled: spec.organization.sendFromAliasEnabled },
    transport: { smtpClientAuthenticationDisabled: !spec.organization.smtpAuth },
    users,
    skus: new Map([EXCHANGE_STANDARD, SPE_E3].map((sku) => [sku.skuId, sku])),
    sizes,
    groups,
    app: {
      appId: APP_ID,
      objectId: 'a0000000-0000-0000-0000-000000000002',
      displayName: spec.app?.displayName ?? '',
      registrations: 1,
      credentials: [
        {
          kind: 'certificate',
          keyId: 'c0000000-0000-0000-0000-000000000001',
          displayName: 'CN=mbx',
          thumbprint: APP_THUMBPRINT,
          startDateTime: '2025-11-22T00:00:00Z',
          endDateTime: '2027-11-22T00:00:00Z',
        },
      ],
      federatedCredentials: [],
      servicePrincipalId: APP_SP,
      consented: { application: [...spec.appPermissions.application], delegated: [...spec.appPermissions.delegated] },
      exchangeTrustee: APP_SP,
      exchangeServicePrincipal: { identity: APP_SP, appId: APP_ID, objectId: APP_SP },
    },
    inboxRules: new Map(spec.sharedMailboxes.map((mailbox) => [mailbox.address, []])),
    // Each folder shows Default and Anonymous with no rights, as Exchange makes them.
    folderPermissions: new Map(
      spec.sharedMailboxes.map((mailbox) => [
        mailbox.address,
        ['\\', '\\Inbox', '\\Sent Items'].flatMap((folder) => ['Default', 'Anonymous'].map((user) => ({ folder, user, accessRights: ['None'] }))),
      ]),
    ),
    // The spec's app is the one app holding mail permissions, exactly as consented and scoped.
    mailApps: [
      {
        servicePrincipalId: APP_SP,
        appId: APP_ID,
        displayName: spec.app?.displayName ?? '',
        application: [...spec.appPermissions.application],
        delegated: spec.appPermissions.delegated.filter(
          (permission) => permission.name.endsWith('.Shared') || permission.name.includes('AccessAsUser') || permission.name === 'SMTP.Send',
        ),
        rbac: [{ role: 'Application Mail.ReadWrite', scope: 'mbx Contoso mail connectors', mailboxes: ['support@contoso.com'] }],
        accessPolicies: [],
      },
    ],
    directoryAudits: [],
    // Contoso's one app-only client: Genesys ESJ reads support@ through Graph as the app.
    appScope: {
      assignments: [{ name: 'Application Mail.ReadWrite-support', role: 'Application Mail.ReadWrite', scope: 'mbx Contoso mail connectors' }],
      scopes: new Map([['mbx Contoso mail connectors', { filter: "PrimarySmtpAddress -eq 'support@contoso.com'", mailboxes: ['support@contoso.com'] }]]),
      accessPolicies: [],
    },
  };
}

/** A copy of the snapshot with one mailbox's facts changed. */
export function withMailbox(snapshot: TenantSnapshot, address: string, change: Partial<MailboxFacts>): TenantSnapshot {
  const mailboxes = new Map(snapshot.mailboxes);
  mailboxes.set(address, { ...(mailboxes.get(address) as MailboxFacts), ...change });
  return { ...snapshot, mailboxes };
}

/** A copy of the snapshot with one mailbox's size changed, or removed (`undefined`). */
export function withSize(snapshot: TenantSnapshot, address: string, size: SizeFacts | undefined): TenantSnapshot {
  const sizes = new Map(snapshot.sizes);
  if (size === undefined) sizes.delete(address);
  else sizes.set(address, size);
  return { ...snapshot, sizes };
}

/** A copy of the snapshot with the app's facts changed, or the app removed (`undefined`). */
export function withApp(snapshot: TenantSnapshot, change: Partial<AppFacts> | undefined): TenantSnapshot {
  if (change === undefined) return { ...snapshot, app: undefined };
  return { ...snapshot, app: { ...(snapshot.app as AppFacts), ...change } };
}

/** A copy of the snapshot with how Exchange scopes the app changed. */
export function withAppScope(snapshot: TenantSnapshot, change: Partial<AppScopeFacts>): TenantSnapshot {
  return { ...snapshot, appScope: { ...(snapshot.appScope as AppScopeFacts), ...change } };
}

export function allSourcesOk(): Map<SourceId, SourceOutcome> {
  return new Map((Object.keys(SOURCE_PERMISSIONS) as SourceId[]).map((source) => [source, { ok: true }]));
}

export function runCheck(id: string, spec: Spec, snapshot: TenantSnapshot, ledger: Map<SourceId, SourceOutcome> = allSourcesOk()): CheckResult[] {
  const check = CHECKS.find((candidate) => candidate.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return evaluate(spec, snapshot, ledger, [check], { now: NOW, locate: () => ({ line: 1, column: 1 }) });
}

/** `status mailbox subject` of each result, for compact assertions. */
export function statuses(results: readonly CheckResult[]): string[] {
  return results.map((result) => [result.status, result.mailbox ?? 'organization', result.subject].filter((part) => part !== undefined).join(' '));
}

/** A copy of the snapshot with one user's facts changed, or the user removed (`undefined`). */
export function withUser(snapshot: TenantSnapshot, upn: string, change: Partial<UserFacts> | undefined): TenantSnapshot {
  const users = new Map(snapshot.users);
  if (change === undefined) users.delete(upn);
  else users.set(upn, { ...(users.get(upn) as UserFacts), ...change });
  return { ...snapshot, users };
}

/** A report document around results, with fixed run metadata, as `mbx verify` would write it as JSON. */
export function documentOf(results: CheckResult[], shard?: { index: number; count: number }): ReportDocument {
  return {
    reportVersion: 1,
    tool: { name: 'mbx', version: 'test' },
    tenant: { id: 't', primaryDomain: 'contoso.onmicrosoft.com' },
    spec: { file: 'examples/contoso.yaml', sha256: 'b'.repeat(64) },
    startedAt: NOW.toISOString(),
    durationMs: 1234,
    requests: { graph: 1, exchange: 2, retries: 0, total: 3 },
    sourceErrors: [],
    ...(shard === undefined ? {} : { shard }),
    summary: summarize(results),
    results,
  };
}

/** The same report as views render it. */
export function reportOf(results: CheckResult[], shard?: { index: number; count: number }): Report {
  return { ...documentOf(results, shard), results: new HeldResults(results) };
}

const passed = (detail: Record<string, unknown> = {}): ProbeOutcome => ({
  ok: true,
  steps: [
    { name: 'connect and authenticate', ms: 40 },
    { name: 'the rest', ms: 20 },
  ],
  detail,
});

/** What the probes see on a tenant where every client works: each planned probe's actions accepted. */
export function probedSnapshot(spec: Spec, snapshot: TenantSnapshot = compliantSnapshot(spec)): TenantSnapshot {
  const probes = new Map<string, MailboxProbes>();
  for (const probe of planProbes(spec)) {
    const actions: ProbeAction[] =
      probe.kind === 'round-trip'
        ? [{ label: 'receive the probe message', outcome: passed({ roundTripMs: 150 }) }]
        : probe.kind === 'smtp' || probe.kind === 'graph'
          ? [
              ...(probe.reads === true ? [{ label: 'list its messages through Graph', outcome: passed() }] : []),
              ...(probe.from ?? []).map((from) => ({ label: `send from ${from}`, from, outcome: passed({ probeId: randomUUID() }) })),
            ]
          : [{ label: 'log in', outcome: passed({ messages: 3 }) }];
    const run: ProbeRun = { probe, ran: true, actions, ...(probe.kind === 'round-trip' ? { roundTripMs: 150 } : {}) };
    const before = probes.get(probe.mailbox);
    probes.set(probe.mailbox, { runs: [...(before?.runs ?? []), run], tries: 1, cleanUp: { removed: 0, sent: 0 } });
  }
  return { ...snapshot, probes };
}

/** The snapshot with one probe action (by mailbox, kind and From address, if given) refused with the server's `answer`. */
export function withRefusal(snapshot: TenantSnapshot, mailbox: string, kind: ProbeKind, answer: string, from?: string): TenantSnapshot {
  const probes = new Map(snapshot.probes);
  const current = probes.get(mailbox);
  if (current === undefined) throw new Error(`no probes for ${mailbox}`);
  const runs = current.runs.map((run): ProbeRun => {
    if (run.probe.kind !== kind || !run.ran) return run;
    const actions = run.actions.map((action) =>
      from !== undefined && action.from !== from
        ? action
        : {
            ...action,
            outcome: { ok: false as const, steps: [{ name: 'connect and authenticate', ms: 30 }], step: 'authenticate', answer, diagnosis: diagnose(answer) },
          },
    );
    return { ...run, actions };
  });
  probes.set(mailbox, { ...current, runs });
  return { ...snapshot, probes };
}

/** The snapshot with a mailbox's probes replaced. */
export function withProbeRuns(
  snapshot: TenantSnapshot,
  mailbox: string,
  runs: readonly ProbeRun[],
  cleanUp: MailboxProbes['cleanUp'] = { removed: 0, sent: 0 },
): TenantSnapshot {
  return { ...snapshot, probes: new Map([...(snapshot.probes ?? []), [mailbox, { runs, tries: 1, cleanUp }]]) };
}
