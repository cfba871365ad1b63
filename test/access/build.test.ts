/**
 * The access model from a snapshot: every path kind, whether the spec declares it, and the
 * groups a path runs through. The compliant snapshot of each example holds only declared paths.
 */
import { describe, expect, it } from 'vitest';
import { buildAccessModel } from '../../src/access/build.js';
import type { AccessPath } from '../../src/access/model.js';
import { loadSpecFile } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/types.js';
import type { TenantSnapshot } from '../../src/verify/snapshot.js';
import { APP_ID, NOW, compliantSnapshot, contoso, withMailbox } from '../checks/fixture.js';

async function groupsSpec(): Promise<Spec> {
  const loaded = await loadSpecFile('examples/groups.yaml', { today: NOW });
  if (!loaded.ok) throw new Error('examples/groups.yaml must be valid');
  return loaded.spec;
}

const line = (path: AccessPath): string => `${path.mailbox} ${path.principal.id} ${path.kind} ${path.rights.join('+')} ${String(path.declared)}`;

describe('the access model', () => {
  it('holds only declared paths for a tenant provisioned as the spec says', async () => {
    const spec = await contoso();
    const model = buildAccessModel({ snapshot: compliantSnapshot(spec), spec });
    expect(model.mailboxes).toEqual(spec.sharedMailboxes.map((mailbox) => mailbox.address).sort());
    expect(model.paths.filter((path) => path.declared !== true).map(line)).toEqual([]);
    // Every declared grant is a path: info@'s delegate reads and sends as it.
    expect(model.paths.filter((path) => path.mailbox === 'info@contoso.com' && path.principal.id === 'max.mustermann@contoso.com').map(line)).toEqual([
      'info@contoso.com max.mustermann@contoso.com full-access read true',
      'info@contoso.com max.mustermann@contoso.com send-as send-as true',
    ]);
    // The app reads support@ through its RBAC role, as declared.
    expect(model.paths.filter((path) => path.principal.id === APP_ID && path.kind === 'app-rbac').map(line)).toEqual([
      'support@contoso.com a0000000-0000-0000-0000-000000000001 app-rbac read true',
    ]);
  });

  it('names each group a path runs through, nested groups included', async () => {
    const spec = await groupsSpec();
    const model = buildAccessModel({ snapshot: compliantSnapshot(spec), spec });
    const lena = model.paths.filter((path) => path.principal.id === 'lena.schmidt@contoso.com' && path.kind === 'full-access');
    expect(lena).toHaveLength(1);
    expect(lena[0]).toMatchObject({ groups: ['sales-team@contoso.com', 'sales-leads@contoso.com'], declared: true, rights: ['read'] });
    expect(lena[0]?.via).toBe('Full Access through sales-team@contoso.com -> sales-leads@contoso.com');
  });

  it('finds an undeclared member of a declared group, and says declared is unknown without a spec', async () => {
    const spec = await groupsSpec();
    const compliant = compliantSnapshot(spec);
    const groups = new Map(compliant.groups);
    const leads = groups.get('sales-leads@contoso.com');
    if (leads === undefined) throw new Error('the fixture has sales-leads@');
    const intruder = { id: 'u-9', kind: 'user' as const, address: 'mallory@contoso.com' };
    groups.set(leads.primaryAddress, { ...leads, members: [...(leads.members ?? []), intruder] });
    const model = buildAccessModel({ snapshot: { ...compliant, groups }, spec });
    expect(model.paths.filter((path) => path.principal.id === 'mallory@contoso.com').map(line)).toEqual([
      'sales@contoso.com mallory@contoso.com full-access read false',
      'sales@contoso.com mallory@contoso.com send-as send-as false',
    ]);
    expect(buildAccessModel({ snapshot: compliant }).paths.every((path) => path.declared === null)).toBe(true);
  });

  it('finds forwarding, a forwarding inbox rule and a Default folder permission, none of them declared', async () => {
    const spec = await contoso();
    let snapshot: TenantSnapshot = withMailbox(compliantSnapshot(spec), 'info@contoso.com', {
      forwardingSmtpAddress: 'drop@example.org',
      deliverToMailboxAndForward: true,
    });
    const rules = new Map(snapshot.inboxRules);
    rules.set('info@contoso.com', [
      { name: 'Out', identity: 'info\\1', enabled: true, forwardTo: [], forwardAsAttachmentTo: [], redirectTo: ['collector@example.net'] },
      { name: 'Dormant', identity: 'info\\2', enabled: false, forwardTo: ['x@example.net'], forwardAsAttachmentTo: [], redirectTo: [] },
    ]);
    const folders = new Map(snapshot.folderPermissions);
    folders.set('info@contoso.com', [
      { folder: '\\Inbox', user: 'Default', accessRights: ['Reviewer'] },
      { folder: '\\Inbox', user: 'Anonymous', accessRights: ['None'] },
      { folder: '\\Sent Items', user: 'Erika Musterfrau', accessRights: ['Author'] },
    ]);
    snapshot = { ...snapshot, inboxRules: rules, folderPermissions: folders };
    const paths = buildAccessModel({ snapshot, spec }).paths.filter((path) => path.mailbox === 'info@contoso.com' && path.declared === false);
    expect(paths.map((path) => [path.kind, path.principal.kind, path.principal.id, path.rights.join('+')])).toEqual([
      ['inbox-rule', 'external', 'collector@example.net', 'receive'],
      ['folder-permission', 'default', 'default', 'read'],
      ['forwarding', 'external', 'drop@example.org', 'receive'],
      ['folder-permission', 'user', 'erika.musterfrau@contoso.com', 'read'],
    ]);
    expect(paths[0]?.via).toBe('inbox rule "Out" redirects arriving mail to collector@example.net');
    expect(paths[1]?.via).toBe('folder permission Reviewer on \\Inbox');
  });

  it('gives an unscoped mail permission of another app a path into every mailbox, and an access policy limits it', async () => {
    const spec = await contoso();
    const compliant = compliantSnapshot(spec);
    const other = {
      servicePrincipalId: 'sp-other',
      appId: 'b0000000-0000-0000-0000-00000000000b',
      displayName: 'Backup tool',
      application: [{ resource: 'Microsoft Graph', name: 'Mail.Read', since: '2026-11-20T08:00:00Z' }],
      delegated: [],
      rbac: [],
      accessPolicies: [],
    };
    const audits = [
      {
        at: '2026-11-20T08:00:00Z',
        by: 'mallory@contoso.com',
        activity: 'Add app role assignment to service principal',
        targetId: 'sp-other',
        targetName: 'Backup tool',
        modified: [],
      },
    ];
    const model = buildAccessModel({ snapshot: { ...compliant, mailApps: [...compliant.mailApps, other], directoryAudits: audits }, spec });
    const reached = model.paths.filter((path) => path.principal.id === other.appId);
    expect(reached.map((path) => path.mailbox)).toEqual(spec.sharedMailboxes.map((mailbox) => mailbox.address).sort());
    expect(reached[0]).toMatchObject({ kind: 'app-permission', rights: ['read'], declared: false, since: '2026-11-20T08:00:00Z', by: 'mallory@contoso.com' });
    expect(reached[0]?.via).toBe('application permission Mail.Read (Microsoft Graph), on every mailbox: no RBAC scope or access policy limits it');

    const limited = { ...other, accessPolicies: [{ accessRight: 'RestrictAccess' as const, scopeName: 'Support', mailboxes: ['support@contoso.com'] }] };
    const scoped = buildAccessModel({ snapshot: { ...compliant, mailApps: [...compliant.mailApps, limited] }, spec });
    expect(scoped.paths.filter((path) => path.principal.id === other.appId).map((path) => path.mailbox)).toEqual(['support@contoso.com']);
  });

  it('lets an app with delegated mail scopes for all users act for the people who hold rights', async () => {
    const spec = await contoso();
    const compliant = compliantSnapshot(spec);
    const crm = {
      servicePrincipalId: 'sp-crm',
      appId: 'c0000000-0000-0000-0000-00000000000c',
      displayName: 'Some CRM',
      application: [],
      delegated: [{ resource: 'Microsoft Graph', name: 'Mail.Read.Shared' }],
      rbac: [],
      accessPolicies: [],
    };
    const model = buildAccessModel({ snapshot: { ...compliant, mailApps: [...compliant.mailApps, crm] }, spec });
    const info = model.paths.find((path) => path.principal.id === crm.appId && path.mailbox === 'info@contoso.com');
    expect(info).toMatchObject({ kind: 'delegated-consent', rights: ['read'], declared: false });
    expect(info?.via).toContain('acts for max.mustermann@contoso.com');
  });
});
