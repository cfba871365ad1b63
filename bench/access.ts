/**
 * npm run bench:access: how fast `mbx access` answers from a snapshot of 10,000 shared mailboxes
 * (target: under 1 s on the 2-core build machine, as a fresh process). Builds a tenant's snapshot
 * in memory (each mailbox with two delegates, a group grant through two nested groups of 25
 * people, an app scoped by RBAC to a tenth of the mailboxes, an unscoped app and a delegated one,
 * an inbox rule and a folder permission on some), times the access model's build, writes the
 * snapshot file, then times `mbx access --snapshot` for a user (through nested groups), a mailbox
 * and an app. Prints JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAccessModel } from '../src/access/build.js';
import { compact } from '../src/access/compact.js';
import type { Snapshot } from '../src/export/diff.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { timeRuns } from './harness.js';
import type { MailAppFacts } from '../src/verify/access-facts.js';
import type { GroupFacts, MailboxFacts, TenantSnapshot, UserFacts } from '../src/verify/snapshot.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 10_000);
const RUNS = Number(process.env.MBX_BENCH_RUNS ?? 5);
const GROUP_SIZE = 25;

/** A tenant of MAILBOXES shared mailboxes, a user per two mailboxes, a nested group per hundred. */
function tenant(): TenantSnapshot {
  const mailboxes = new Map<string, MailboxFacts>();
  const users = new Map<string, UserFacts>();
  const groups = new Map<string, GroupFacts>();
  const fullAccess = new Map<string, { trustee: string; deny: boolean; inherited: boolean }[]>();
  const sendAs = new Map<string, string[]>();
  const inboxRules = new Map<string, TenantSnapshot['inboxRules'] extends ReadonlyMap<string, infer R> ? R : never>();
  const folderPermissions = new Map<string, TenantSnapshot['folderPermissions'] extends ReadonlyMap<string, infer R> ? R : never>();
  const user = (index: number): string => `user${index}@contoso.com`;
  for (let index = 0; index < MAILBOXES / 2 + GROUP_SIZE * 2; index++)
    users.set(user(index), {
      id: `u-${index}`,
      userPrincipalName: user(index),
      displayName: `User ${index}`,
      accountEnabled: true,
      assignedLicenses: [],
      usageLocation: 'DE',
    });
  for (let index = 0; index < MAILBOXES / 100; index++) {
    const inner = `team${index}-leads@contoso.com`;
    const outer = `team${index}@contoso.com`;
    const members = (offset: number) =>
      Array.from({ length: GROUP_SIZE }, (_, n) => ({ id: `u-${offset + n}`, kind: 'user' as const, address: user(offset + n) }));
    const base = { recipientTypeDetails: 'MailUniversalSecurityGroup', transitiveMembers: [...members(0), ...members(GROUP_SIZE)] };
    groups.set(inner, {
      ...base,
      id: `g-${index}-i`,
      name: inner.split('@')[0]!,
      displayName: `Team ${index} leads`,
      primaryAddress: inner,
      smtpAddresses: [inner],
      members: members(GROUP_SIZE),
    });
    groups.set(outer, {
      ...base,
      id: `g-${index}-o`,
      name: outer.split('@')[0]!,
      displayName: `Team ${index}`,
      primaryAddress: outer,
      smtpAddresses: [outer],
      members: [...members(0), { id: `g-${index}-i`, kind: 'group', address: inner }],
    });
  }
  for (let index = 0; index < MAILBOXES; index++) {
    const address = `shared${index}@contoso.com`;
    const name = `shared${index}`;
    mailboxes.set(address, {
      guid: `m-${index}`,
      userId: `mu-${index}`,
      name,
      displayName: `Shared ${index}`,
      recipientTypeDetails: 'SharedMailbox',
      primaryAddress: address,
      smtpAddresses: [address],
      grantSendOnBehalfTo: [],
      messageCopyForSentAsEnabled: false,
      messageCopyForSendOnBehalfEnabled: false,
      forwardingSmtpAddress: null,
      deliverToMailboxAndForward: false,
      archiveEnabled: false,
      litigationHoldEnabled: false,
      hiddenFromAddressListsEnabled: false,
      quotas: { issueWarning: null, prohibitSend: null, prohibitSendReceive: null },
      settings: {},
    });
    const team = `team ${Math.floor(index / 100)}`;
    fullAccess.set(address, [
      { trustee: user(Math.floor(index / 2)), deny: false, inherited: false },
      { trustee: user(Math.floor(index / 2) + 1), deny: false, inherited: false },
      { trustee: team, deny: false, inherited: false },
    ]);
    sendAs.set(name, [user(Math.floor(index / 2))]);
    if (index % 50 === 0)
      inboxRules.set(address, [
        { name: 'Out', identity: `${name}\\1`, enabled: true, forwardTo: ['drop@example.org'], forwardAsAttachmentTo: [], redirectTo: [] },
      ]);
    if (index % 70 === 0) folderPermissions.set(address, [{ folder: '\\Inbox', user: 'Default', accessRights: ['Reviewer'] }]);
  }
  const app = (id: string, more: Partial<MailAppFacts>): MailAppFacts => ({
    servicePrincipalId: `sp-${id}`,
    appId: `00000000-0000-0000-0000-${id.padStart(12, '0')}`,
    displayName: `App ${id}`,
    application: [],
    delegated: [],
    rbac: [],
    accessPolicies: [],
    ...more,
  });
  const scoped = [...mailboxes.keys()].filter((_, index) => index % 10 === 0);
  const mailApps = [
    app('1', { rbac: [{ role: 'Application Mail.ReadWrite', scope: 'connectors', mailboxes: scoped }] }),
    app('2', { application: [{ resource: 'Microsoft Graph', name: 'Mail.Read' }] }),
    app('3', { delegated: [{ resource: 'Microsoft Graph', name: 'Mail.Read.Shared' }] }),
  ];
  return {
    mailboxes,
    casMailboxes: new Map(),
    sendAs,
    fullAccess,
    autoReplies: new Map(),
    users,
    skus: new Map(),
    sizes: new Map(),
    groups,
    inboxRules,
    folderPermissions,
    mailApps,
    directoryAudits: [],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'mbx-bench-access-'));
try {
  const snapshot = tenant();
  let paths = 0;
  const buildMs = await timeRuns(RUNS, () => {
    paths = buildAccessModel({ snapshot }).paths.length;
  });
  const access = compact(buildAccessModel({ snapshot }));
  const file: Snapshot = {
    $schema: 'https://mbx.dev/schemas/snapshot/v1.json',
    kind: 'mbx-snapshot',
    version: 1,
    takenAt: new Date().toISOString(),
    tenant: {
      version: 1,
      tenant: { primaryDomain: 'contoso.onmicrosoft.com', acceptedDomains: ['contoso.com'] },
      organization: { sendFromAliasEnabled: false, smtpAuth: false },
      sharedMailboxes: [...snapshot.mailboxes.keys()].map((address) => ({ address })),
    },
    unreadable: [],
    access,
  };
  const path = join(dir, 'snapshot.json');
  writeFileSync(path, JSON.stringify(file));
  const mbx = (...args: string[]): string =>
    execFileSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'mbx.js'), 'access', '--snapshot', path, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  let userRows = 0;
  const userMs = await timeRuns(RUNS, () => {
    userRows = (JSON.parse(mbx('--user', 'user2600@contoso.com', '--format', 'json')) as unknown[]).length;
  });
  const mailboxMs = await timeRuns(RUNS, () => mbx('--mailbox', 'shared4242@contoso.com'));
  const appMs = await timeRuns(RUNS, () => mbx('--app', 'App 1', '--format', 'markdown'));
  console.log(
    JSON.stringify(
      {
        benchmark: 'access',
        mailboxes: MAILBOXES,
        paths,
        snapshotMB: Math.round((statSync(path).size / 2 ** 20) * 10) / 10,
        runs: RUNS,
        buildModelMs: buildMs,
        userQueryMs: userMs,
        userRows,
        mailboxQueryMs: mailboxMs,
        appQueryMs: appMs,
        targetMs: 1000,
        met: userMs.median < 1000 && mailboxMs.median < 1000 && appMs.median < 1000,
        peakRssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
        node: process.version,
      },
      null,
      2,
    ),
  );
} finally {
  if (process.env.MBX_BENCH_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  else console.error(`kept ${dir}`);
}
