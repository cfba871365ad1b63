/**
 * Groups on the emulator: Graph's /groups (security and Microsoft 365 groups; members by $ref;
 * transitiveMembers), Exchange's distribution groups and mail-enabled security groups
 * (New-DistributionGroup, *-DistributionGroupMember), and mailbox permissions granted to a group
 * reaching its members, nested ones too, on IMAP, SMTP and Graph mail. Graph's refusals quote
 * microsoft-graph-docs#14827 and #8637 and msgraph-sdk-powershell#1805.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { python } from '../helpers/clients.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let nora: { id: string; token: string; graph: string };

/** Nora signs in to a mailbox over IMAP and selects INBOX, then sends as it over SMTP: what each answered. */
async function noraUses(mailbox: string): Promise<string[]> {
  const script = `
import base64, imaplib, os, smtplib, ssl, sys
imap_at, smtp_at, cafile, mailbox = sys.argv[1:5]
token = os.environ["MBX_TEST_TOKEN"]
context = ssl.create_default_context(cafile=cafile)
sasl = ("user=" + mailbox + "\\x01auth=Bearer " + token + "\\x01\\x01").encode()
host, port = imap_at.split(":")
imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
try:
    imap.authenticate("XOAUTH2", lambda _: sasl)
    print("imap", imap.select("INBOX")[0])
except imaplib.IMAP4.error as error:
    print("imap", error)
host, port = smtp_at.split(":")
own = ("user=nora@contoso.com\\x01auth=Bearer " + token + "\\x01\\x01").encode()
with smtplib.SMTP(host, int(port)) as smtp:
    smtp.starttls(context=context)
    smtp.ehlo()
    smtp.docmd("AUTH", "XOAUTH2 " + base64.b64encode(own).decode())
    try:
        smtp.sendmail(mailbox, ["nora@contoso.com"], "From: " + mailbox + "\\r\\nTo: nora@contoso.com\\r\\nSubject: As the group\\r\\n\\r\\nHello\\r\\n")
        print("smtp sent")
    except smtplib.SMTPDataError as error:
        print("smtp", error.smtp_code)
`;
  const env = emulator.env as Record<string, string>;
  return (await python(script, [env.MBX_IMAP as string, env.MBX_SMTP as string, emulator.caPath, mailbox], nora.token)).trim().split('\n');
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  const id = await admin.user('nora@contoso.com', { password: 'Nora-Pass-1' });
  await admin.user('omar@contoso.com');
  await admin.sharedMailbox('info@contoso.com');
  await admin.sharedMailbox('sales@contoso.com');
  await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', ImapEnabled: true });
  await admin.exo('Set-CASMailbox', { Identity: 'sales@contoso.com', ImapEnabled: true });
  await admin.exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: false });
  const client = await admin.app('Mail client', { publicClient: true });
  await admin.grantScopes(client.spId, GRAPH_APP_ID, 'IMAP.AccessAsUser.All SMTP.Send Mail.Read.Shared');
  const token = await admin.userToken(client.appId, 'nora@contoso.com', 'Nora-Pass-1', [
    'https://outlook.office.com/IMAP.AccessAsUser.All',
    'https://outlook.office.com/SMTP.Send',
  ]);
  const graph = await admin.userToken(client.appId, 'nora@contoso.com', 'Nora-Pass-1', ['https://graph.microsoft.com/Mail.Read.Shared']);
  nora = { id, token, graph };
});
afterAll(() => emulator.stop());

describe('Graph /groups', () => {
  it('creates security and Microsoft 365 groups, and refuses to create a mail-enabled security group as Graph does', async () => {
    const security = await admin.graph('POST', 'groups', { displayName: 'Finance', mailNickname: 'finance', mailEnabled: false, securityEnabled: true });
    expect(security.status).toBe(201);
    expect([security.body.mail, security.body.groupTypes]).toEqual([null, []]);
    const unified = await admin.graph('POST', 'groups', {
      displayName: 'Project X',
      mailNickname: 'projectx',
      mailEnabled: true,
      securityEnabled: false,
      groupTypes: ['Unified'],
    });
    expect([unified.status, unified.body.mail, unified.body.visibility]).toEqual([201, 'projectx@contoso.com', 'Public']);
    const mailSecurity = await admin.graph('POST', 'groups', { displayName: 'No', mailNickname: 'no', mailEnabled: true, securityEnabled: true });
    expect([mailSecurity.status, mailSecurity.body.error.code, mailSecurity.body.error.message]).toEqual([
      400,
      'Request_BadRequest',
      'Cannot Create a mail-enabled security groups and or distribution list.',
    ]);
  });

  it('adds members by $ref, refuses one added twice, and lists members, transitive members and memberOf through nesting', async () => {
    const outer = (await admin.graph('POST', 'groups', { displayName: 'Outer', mailNickname: 'outer', mailEnabled: false, securityEnabled: true })).body;
    const inner = (await admin.graph('POST', 'groups', { displayName: 'Inner', mailNickname: 'inner', mailEnabled: false, securityEnabled: true })).body;
    const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
    expect((await admin.graph('POST', `groups/${outer.id}/members/$ref`, ref(inner.id))).status).toBe(204);
    expect((await admin.graph('POST', `groups/${inner.id}/members/$ref`, ref(nora.id))).status).toBe(204);
    const twice = await admin.graph('POST', `groups/${inner.id}/members/$ref`, ref(nora.id));
    expect([twice.status, twice.body.error.message]).toEqual([
      400,
      "One or more added object references already exist for the following modified properties: 'members'.",
    ]);
    const direct = (await admin.graph('GET', `groups/${outer.id}/members`)).body.value;
    expect(direct.map((object: { '@odata.type': string; displayName: string }) => [object['@odata.type'], object.displayName])).toEqual([
      ['#microsoft.graph.group', 'Inner'],
    ]);
    const transitive = (await admin.graph('GET', `groups/${outer.id}/transitiveMembers`)).body.value;
    expect(transitive.map((object: { displayName: string }) => object.displayName)).toEqual(['Inner', 'nora']);
    const memberOf = (await admin.graph('GET', 'users/nora@contoso.com/transitiveMemberOf')).body.value;
    expect(memberOf.map((object: { displayName: string }) => object.displayName).sort()).toEqual(['Inner', 'Outer']);
    expect((await admin.graph('DELETE', `groups/${inner.id}/members/${nora.id}/$ref`)).status).toBe(204);
    expect((await admin.graph('GET', `groups/${outer.id}/transitiveMembers`)).body.value).toHaveLength(1);
  });
});

describe("Exchange's distribution groups", () => {
  it('makes a mail-enabled security group that Graph shows but will not change, and manages its members', async () => {
    const made = await admin.exo('New-DistributionGroup', { Name: 'Support Team', Alias: 'support-team', Type: 'Security', Members: ['omar@contoso.com'] });
    expect(made.status).toBe(200);
    const row = made.body.value[0];
    expect([row.PrimarySmtpAddress, row.GroupType, row.RecipientTypeDetails]).toEqual([
      'support-team@contoso.com',
      'Universal, SecurityEnabled',
      'MailUniversalSecurityGroup',
    ]);
    const inGraph = (await admin.graph('GET', `groups/${row.ExternalDirectoryObjectId}`)).body;
    expect([inGraph.mailEnabled, inGraph.securityEnabled, inGraph.mail]).toEqual([true, true, 'support-team@contoso.com']);
    const viaGraph = await admin.graph('POST', `groups/${row.ExternalDirectoryObjectId}/members/$ref`, {
      '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${nora.id}`,
    });
    expect([viaGraph.status, viaGraph.body.error.message]).toEqual([400, 'Cannot Update a mail-enabled security groups and or distribution list.']);

    expect(
      (await admin.exo('Add-DistributionGroupMember', { Identity: 'support-team@contoso.com', Member: 'omar@contoso.com' })).body.error.details[0].message,
    ).toMatch(/MemberAlreadyExistsException\|The recipient "omar@contoso.com" is already a member of the group "Support Team"\.$/);
    const members = (await admin.exo('Get-DistributionGroupMember', { Identity: 'Support Team' })).body.value;
    expect(members.map((member: { PrimarySmtpAddress: string; RecipientType: string }) => [member.PrimarySmtpAddress, member.RecipientType])).toEqual([
      ['omar@contoso.com', 'UserMailbox'],
    ]);
    const distribution = (await admin.exo('New-DistributionGroup', { Name: 'Newsletter' })).body.value[0];
    expect([distribution.PrimarySmtpAddress, distribution.RecipientTypeDetails]).toEqual(['newsletter@contoso.com', 'MailUniversalDistributionGroup']);
    const taken = await admin.exo('New-DistributionGroup', { Name: 'Other', PrimarySmtpAddress: 'info@contoso.com' });
    expect(taken.body.error.details[0].message).toContain('The proxy address "SMTP:info@contoso.com" is already being used');
  });
});

describe('permissions granted to a group', () => {
  it('reach the members of a mail-enabled security group and of the groups nested in it, and leave with them (IMAP, SMTP, Graph mail)', async () => {
    await admin.exo('New-DistributionGroup', { Name: 'Info Desk', Alias: 'info-desk', Type: 'Security' });
    await admin.exo('New-DistributionGroup', { Name: 'Info Desk Nights', Alias: 'info-desk-nights', Type: 'Security', Members: ['nora@contoso.com'] });
    await admin.exo('Add-DistributionGroupMember', { Identity: 'info-desk', Member: 'info-desk-nights@contoso.com' });
    await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: 'info-desk@contoso.com', AccessRights: ['FullAccess'] });
    await admin.exo('Add-RecipientPermission', { Identity: 'info@contoso.com', Trustee: 'info-desk@contoso.com', AccessRights: ['SendAs'], Confirm: false });
    const shown = (await admin.exo('Get-MailboxPermission', { Identity: 'info@contoso.com' })).body.value.map((entry: { User: string }) => entry.User);
    expect(shown).toContain('Info Desk');

    expect(await noraUses('info@contoso.com')).toEqual(['imap OK', 'smtp sent']);
    expect((await admin.graph('GET', 'users/info@contoso.com/messages?$top=1', undefined, nora.graph)).status).toBe(200);

    await admin.exo('Remove-DistributionGroupMember', { Identity: 'info-desk', Member: 'info-desk-nights' });
    expect(await noraUses('info@contoso.com')).toEqual(["imap SELECT command error: BAD [b'User is authenticated but not connected.']", 'smtp 554']);
    expect((await admin.graph('GET', 'users/info@contoso.com/messages?$top=1', undefined, nora.graph)).status).toBe(403);
  });

  it('do not reach the members of a distribution group, which carries no security identity', async () => {
    await admin.exo('New-DistributionGroup', { Name: 'Sales Fans', Alias: 'sales-fans', Members: ['nora@contoso.com'] });
    await admin.exo('Add-MailboxPermission', { Identity: 'sales@contoso.com', User: 'sales-fans@contoso.com', AccessRights: ['FullAccess'] });
    await admin.exo('Add-RecipientPermission', { Identity: 'sales@contoso.com', Trustee: 'sales-fans@contoso.com', AccessRights: ['SendAs'], Confirm: false });
    expect(await noraUses('sales@contoso.com')).toEqual(["imap SELECT command error: BAD [b'User is authenticated but not connected.']", 'smtp 554']);
  });
});
