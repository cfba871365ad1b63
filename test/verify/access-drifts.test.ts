/**
 * The whole access picture end to end (issue 32): a tenant applied from examples/groups.yaml
 * verifies green; then each way in nobody declared, made on the wire, fails verify naming its
 * path (a federated credential and a second certificate on the app, with who added them; an
 * unscoped mail permission of another app; a forwarding inbox rule; Default on Inbox), and
 * `mbx access` lists the mailboxes a user reaches through nested groups, live and from a snapshot.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessCommand } from '../../src/cli/commands/access.js';
import { diffCommand, snapshotCommand } from '../../src/cli/commands/snapshot.js';
import type { AccessRow } from '../../src/access/query.js';
import type { CheckResult } from '../../src/verify/result.js';
import { verify } from '../../src/verify/index.js';
import { htmlChunks } from '../../src/verify/render/html.js';
import { markdownChunks } from '../../src/verify/render/markdown.js';
import { applySpecs } from '../helpers/apply-local.js';
import { appCertificate } from '../helpers/certificate.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const GROUPS = resolve('examples/groups.yaml');
const saved = { ...process.env };
let emulator: TestEmulator;
let admin: TenantAdmin;
let dir: string;
let appObjectId: string;

async function results(): Promise<readonly CheckResult[]> {
  const verified = await verify({ file: GROUPS, env: process.env, version: 'test', probes: false });
  if (!verified.ok) throw new Error('verify refused the spec');
  return [...verified.report.results];
}

const failures = (all: readonly CheckResult[]): CheckResult[] => all.filter((result) => result.status === 'fail' || result.status === 'error');
const names = (all: readonly CheckResult[]): string[] =>
  failures(all).map((result) => `${result.checkId} ${result.mailbox ?? 'organization'} ${result.subject ?? ''}`.trim());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-access-'));
  emulator = await startTestEmulator();
  process.env = { ...saved, ...emulator.env };
  admin = new TenantAdmin(emulator);
  await applySpecs(emulator, ['erika.musterfrau@contoso.com', 'lena.schmidt@contoso.com'], [GROUPS], join(dir, 'app.pem'));
  const apps = (await admin.graph('GET', `applications?$filter=displayName eq 'Contoso sales connector'`)).body.value as { id: string }[];
  appObjectId = apps[0]?.id as string;
});
afterAll(async () => {
  process.env = saved;
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the access picture', () => {
  it('is green for the tenant as applied, access checks included', async () => {
    const all = await results();
    expect(names(all)).toEqual([]);
    expect(
      [...new Set(all.filter((result) => result.checkId.startsWith('MBX.ACCESS.') && result.status === 'pass').map((result) => result.checkId))].sort(),
    ).toEqual(['MBX.ACCESS.1', 'MBX.ACCESS.2', 'MBX.ACCESS.3']);
  });

  it('fails MBX.APP.3 for a federated credential and a second certificate added to the app, naming who added them', async () => {
    const federated = await admin.graph('POST', `applications/${appObjectId}/federatedIdentityCredentials`, {
      name: 'outside-repo',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:someone/else:ref:refs/heads/main',
      audiences: ['api://AzureADTokenExchange'],
    });
    expect(federated.status).toBe(201);
    const own = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(readFileSync(join(dir, 'app.pem'), 'utf8'))?.[1]?.replace(/\s/g, '');
    const stranger = await appCertificate('CN=someone else');
    const patched = await admin.graph('PATCH', `applications/${appObjectId}`, {
      keyCredentials: [own, stranger.derBase64].map((key) => ({ type: 'AsymmetricX509Cert', usage: 'Verify', key })),
    });
    expect(patched.status).toBeLessThan(300);

    const failed = failures(await results()).filter((result) => result.checkId === 'MBX.APP.3');
    expect(failed.map((result) => result.subject)).toEqual(
      expect.arrayContaining(['federated credential outside-repo', expect.stringMatching(/^certificate CN=someone else/)]),
    );
    const outside = failed.find((result) => result.subject === 'federated credential outside-repo');
    expect(outside?.message).toContain('repo:someone/else:ref:refs/heads/main');
    expect(outside?.message).toMatch(/added \S+ by mbx emulator admin/);

    // Put the app back: its own certificate only, no federated credential.
    await admin.graph('DELETE', `applications/${appObjectId}/federatedIdentityCredentials/outside-repo`);
    await admin.graph('PATCH', `applications/${appObjectId}`, { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: own }] });
    expect(names(await results())).toEqual([]);
  });

  it('fails MBX.ACCESS.1 on the mailbox for another app given an unscoped mail permission, with who granted it', async () => {
    const backup = await admin.app('Backup tool');
    await admin.grantRoles(backup.spId, GRAPH_APP_ID, ['Mail.Read']);
    const failed = failures(await results()).filter((result) => result.checkId === 'MBX.ACCESS.1');
    expect(failed.map((result) => [result.mailbox, result.subject])).toEqual([['sales@contoso.com', `Backup tool (${backup.appId})`]]);
    expect(failed[0]?.message).toContain('application permission Mail.Read (Microsoft Graph), on every mailbox');
    expect(failed[0]?.message).toContain('(granted by mbx emulator admin)');
    await admin.graph('DELETE', `servicePrincipals/${backup.spId}`);
    expect(names(await results())).toEqual([]);
  });

  it('fails MBX.ACCESS.2 for a forwarding inbox rule and for Default on Inbox, lists them in the report; their fixes make it green', async () => {
    await admin.exo('New-InboxRule', { Mailbox: 'sales@contoso.com', Name: 'Copy out', ForwardTo: ['drop@example.org'] });
    await admin.exo('Set-MailboxFolderPermission', { Identity: 'sales@contoso.com:\\Inbox', User: 'Default', AccessRights: ['Reviewer'] });
    const verified = await verify({ file: GROUPS, env: process.env, version: 'test', probes: false });
    if (!verified.ok) throw new Error('verify refused the spec');
    // The report's access section: every way in, the two nobody declared marked, in JSON, Markdown and HTML.
    expect(verified.report.access).toMatchObject({ undeclared: 2 });
    expect(verified.report.access?.rows.filter((row) => row.declared === false).map((row) => row.kind)).toEqual(['folder-permission', 'inbox-rule']);
    expect(verified.report.access?.rows.some((row) => row.principal === 'lena.schmidt@contoso.com' && row.groups.length === 2)).toBe(true);
    const markdown = [...markdownChunks(verified.report)].join('');
    expect(markdown).toContain('Who can get in');
    expect(markdown).toContain('drop@example.org can receive its mail, through inbox rule "Copy out" forwards arriving mail to drop@example.org');
    const page = [...htmlChunks(verified.report)].join('');
    expect(page).toContain('<h2 id="access">Who can get in</h2>');
    expect(page).toMatch(/<tr class="fail"><td>sales@contoso.com<\/td><td>Default \(every user in the organization\) \(default\)/);
    const failed = failures(verified.report.results.notable);
    expect(names(failed)).toEqual([
      'MBX.ACCESS.2 sales@contoso.com Default (every user in the organization) on \\Inbox',
      'MBX.ACCESS.2 sales@contoso.com inbox rule "Copy out" forwards',
    ]);
    for (const result of failed) {
      // Each finding's own PowerShell, run through the admin API as it reads.
      const command = result.remediation?.powershell ?? '';
      if (command.startsWith('Remove-InboxRule')) await admin.exo('Remove-InboxRule', { Mailbox: 'sales@contoso.com', Identity: 'Copy out' });
      else {
        expect(command).toBe("Set-MailboxFolderPermission -Identity 'sales@contoso.com:\\Inbox' -User Default -AccessRights None");
        await admin.exo('Set-MailboxFolderPermission', { Identity: 'sales@contoso.com:\\Inbox', User: 'Default', AccessRights: ['None'] });
      }
    }
    expect(names(await results())).toEqual([]);
  });

  it('lists the mailboxes a user reaches through nested groups, live and from a snapshot', async () => {
    const live = await accessCommand({ user: 'lena.schmidt@contoso.com', format: 'json' }, process.env);
    const rows = JSON.parse(live.output) as AccessRow[];
    expect(rows.map((row) => [row.mailbox, row.kind, row.rights.join('+'), row.groups.join(' -> ')])).toEqual([
      ['sales@contoso.com', 'full-access', 'read', 'sales-team@contoso.com -> sales-leads@contoso.com'],
      ['sales@contoso.com', 'send-as', 'send-as', 'sales-team@contoso.com -> sales-leads@contoso.com'],
    ]);
    expect(rows[0]).toMatchObject({ principal: 'lena.schmidt@contoso.com', principalKind: 'user', declared: null });
    expect(live.unread).toEqual([]);

    const file = join(dir, 'snapshot.json');
    await snapshotCommand({ out: file }, process.env);
    const kept = await accessCommand({ snapshot: file, user: 'lena.schmidt@contoso.com', format: 'json' }, process.env);
    expect(JSON.parse(kept.output)).toEqual(rows);

    const declared = JSON.parse((await accessCommand({ spec: GROUPS, user: 'lena.schmidt@contoso.com', format: 'json' }, process.env)).output) as AccessRow[];
    expect(declared.map((row) => row.declared)).toEqual([true, true]);
  });

  it('shows each of those ways in, made between two snapshots, in mbx diff with who and when', async () => {
    const before = join(dir, 'before.json');
    await snapshotCommand({ out: before }, process.env);
    await admin.graph('POST', `applications/${appObjectId}/federatedIdentityCredentials`, {
      name: 'outside-repo',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:someone/else:ref:refs/heads/main',
      audiences: ['api://AzureADTokenExchange'],
    });
    const backup = await admin.app('Archiver');
    await admin.grantRoles(backup.spId, GRAPH_APP_ID, ['Mail.Read']);
    await admin.exo('New-InboxRule', { Mailbox: 'sales@contoso.com', Name: 'Leak', RedirectTo: ['collector@example.net'] });
    await admin.exo('Set-MailboxFolderPermission', { Identity: 'sales@contoso.com:\\Inbox', User: 'Default', AccessRights: ['Reviewer'] });
    const after = join(dir, 'after.json');
    await snapshotCommand({ out: after, since: before }, process.env);

    const outcome = await diffCommand(before, after, { format: 'json' }, process.env);
    const changes = (JSON.parse(outcome.output) as { changes: { kind: string; text: string; by?: string; at?: string }[] }).changes;
    const find = (pattern: RegExp) => changes.find((change) => pattern.test(change.text));
    expect(find(/can now be signed in as with its federated credential outside-repo/)).toMatchObject({ kind: 'credential-added', by: 'mbx emulator admin' });
    expect(find(/^sales@contoso.com: Archiver \(.*\) can now read, through application permission Mail.Read/)).toMatchObject({ by: 'mbx emulator admin' });
    expect(find(/inbox rule "Leak" redirects arriving mail to collector@example.net/)).toMatchObject({
      kind: 'access-added',
      by: expect.any(String),
      at: expect.any(String),
    });
    expect(find(/^sales@contoso.com: Default \(every user in the organization\) can now read, through folder permission Reviewer/)).toMatchObject({
      by: expect.any(String),
    });
    expect(changes.every((change) => change.at !== undefined)).toBe(true);
  });
});
