/**
 * SMTP submission as smtp.office365.com:587 answers it, driven by nodemailer and by Python's
 * smtplib. Texts: fidelity 5.2 (XOAUTH2, 535 5.7.3), 5.3 (535 5.7.139 for SMTP AUTH disabled for
 * the tenant or the mailbox, and for basic authentication), 5.4 (the EHLO lines, 554 5.2.252
 * SendAsDenied after DATA), 5.5 (3 concurrent connections per mailbox, 432 4.3.2).
 */
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTP_TEXTS } from '../../src/emulator/smtp/server.js';
import { curl, python } from '../helpers/clients.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { EXCHANGE_APP_ID, GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let anna: string;
/** The public client app delegates sign in to. */
let mailClientId: string;
/** A Graph token of an app that reads mail, to look into mailboxes. */
let reader: string;

function transport(user: string, accessToken: string, pool = false) {
  const [smtpHost, smtpPort] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
  return createTransport({
    host: smtpHost,
    port: Number(smtpPort),
    secure: false,
    requireTLS: true,
    pool,
    tls: { ca: emulator.ca },
    auth: { type: 'OAuth2', user, accessToken },
  } as never);
}

async function sendError(send: Promise<unknown>): Promise<string> {
  const error = (await send.then(
    () => undefined,
    (failure: { response?: string }) => failure,
  )) as { response?: string } | undefined;
  return error?.response ?? 'sent';
}

async function subjects(mailbox: string, folder: string): Promise<string[]> {
  return (await admin.graph('GET', `users/${mailbox}/mailFolders/${folder}/messages?$select=subject&$top=100`, undefined, reader)).body.value.map(
    (item: { subject: string }) => item.subject,
  );
}

/**
 * Run `body` (Python, indented four spaces) inside an smtplib session of anna's that is past
 * STARTTLS and EHLO, with `auth` holding her XOAUTH2 initial response; the script's stdout.
 */
async function annaOverSmtplib(body: string): Promise<string> {
  const [smtpHost, smtpPort] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
  const script = `
import base64, os, smtplib, ssl, sys
host, port, cafile, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], os.environ["MBX_TEST_TOKEN"]
auth = base64.b64encode(("user=anna@contoso.com\\x01auth=Bearer " + token + "\\x01\\x01").encode()).decode()
with smtplib.SMTP(host, port) as smtp:
    smtp.starttls(context=ssl.create_default_context(cafile=cafile))
    smtp.ehlo()
${body}`;
  return python(script, [smtpHost, smtpPort, emulator.caPath], anna);
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  await admin.user('anna@contoso.com', { password: 'Anna-Pass-1' });
  await admin.sharedMailbox('info@contoso.com');
  await admin.sharedMailbox('sales@contoso.com');
  const readerApp = await admin.app('Reader');
  await admin.grantRoles(readerApp.spId, GRAPH_APP_ID, ['Mail.Read']);
  reader = await admin.appToken(readerApp.appId, await admin.secret(readerApp.id), 'https://graph.microsoft.com');
  const client = await admin.app('Mail client', { publicClient: true });
  await admin.grantScopes(client.spId, GRAPH_APP_ID, 'SMTP.Send IMAP.AccessAsUser.All offline_access');
  mailClientId = client.appId;
  anna = await admin.userToken(client.appId, 'anna@contoso.com', 'Anna-Pass-1', ['https://outlook.office.com/SMTP.Send']);
  await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: 'anna@contoso.com', AccessRights: ['FullAccess'] });
  await admin.exo('Add-RecipientPermission', { Identity: 'info@contoso.com', Trustee: 'anna@contoso.com', AccessRights: ['SendAs'], Confirm: false });
});
afterAll(() => emulator.stop());

describe('the session', () => {
  it('greets, lists its extensions and answers with enhanced status codes as Exchange does, offering AUTH only after STARTTLS (fidelity-round2 S8, S9, S10, S14)', async () => {
    const script = `
import smtplib, ssl, sys
host, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
smtp = smtplib.SMTP()
smtp._host = host  # what SMTP(host, port) would set; connect() alone leaves starttls without a server name
print(smtp.connect(host, port)[1].decode())
print(smtp.ehlo("client")[1].decode().replace("\\n", "|"))
print(*smtp.docmd("AUTH", "XOAUTH2 dGVzdA=="))
print(*smtp.docmd("MAIL", "FROM:<anna@contoso.com>"))
print(*smtp.starttls(context=ssl.create_default_context(cafile=cafile)))
print(smtp.ehlo("client")[1].decode().replace("\\n", "|"))
print(*smtp.quit())
`;
    const [smtpHost, smtpPort] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
    const stdout = await python(script, [smtpHost, smtpPort, emulator.caPath]);
    const [greeting, before, refused, unauthenticated, starttls, after, quit] = stdout.trim().split('\n') as string[];
    expect(greeting).toMatch(/^MBXEMU01\.outlook\.office365\.com Microsoft ESMTP MAIL Service ready at \w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/);
    expect(before?.split('|')).toEqual([
      'MBXEMU01.outlook.office365.com Hello [127.0.0.1]',
      'SIZE 157286400',
      'PIPELINING',
      'DSN',
      'ENHANCEDSTATUSCODES',
      'STARTTLS',
      '8BITMIME',
      'SMTPUTF8',
    ]);
    expect(refused).toBe("504 b'5.7.4 Unrecognized authentication type'");
    expect(unauthenticated).toMatch(
      /^530 b'5\.7\.57 Client not authenticated to send mail\. \[MBXEMU01\.outlook\.office365\.com \d{4}-\d\d-\d\dT[\d:.]+Z [0-9A-F]{8}\]'$/,
    );
    expect(starttls).toBe("220 b'2.0.0 SMTP server ready'");
    expect(after?.split('|')).toEqual([
      'MBXEMU01.outlook.office365.com Hello [127.0.0.1]',
      'SIZE 157286400',
      'PIPELINING',
      'DSN',
      'ENHANCEDSTATUSCODES',
      'AUTH LOGIN XOAUTH2',
      '8BITMIME',
      'SMTPUTF8',
    ]);
    expect(quit).toBe("221 b'2.0.0 Service closing transmission channel'");
  });
});

describe('authentication', () => {
  it("refuses SMTP AUTH while the tenant has it off (new tenants' default), then for a mailbox that has it off", async () => {
    const mail = { from: 'anna@contoso.com', to: 'info@contoso.com', subject: 'refused', text: 'x' };
    expect(await sendError(transport('anna@contoso.com', anna).sendMail(mail))).toBe(`535 ${SMTP_TEXTS.tenantDisabled}`);
    await admin.exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: false });
    await admin.exo('Set-CASMailbox', { Identity: 'anna@contoso.com', SmtpClientAuthenticationDisabled: true });
    expect(await sendError(transport('anna@contoso.com', anna).sendMail(mail))).toBe(`535 ${SMTP_TEXTS.mailboxDisabled}`);
    await admin.exo('Set-CASMailbox', { Identity: 'anna@contoso.com', SmtpClientAuthenticationDisabled: null });
  });

  it("refuses basic authentication and a token for another resource, with Exchange's texts", async () => {
    const [smtpHost, smtpPort] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
    const basic = createTransport({
      host: smtpHost,
      port: Number(smtpPort),
      secure: false,
      requireTLS: true,
      tls: { ca: emulator.ca },
      auth: { user: 'anna@contoso.com', pass: 'Anna-Pass-1' },
    });
    expect(await sendError(basic.sendMail({ from: 'anna@contoso.com', to: 'info@contoso.com', text: 'x' }))).toBe(
      '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.',
    );
    const graphToken = await admin.token('https://graph.microsoft.com');
    expect(await sendError(transport('anna@contoso.com', graphToken).sendMail({ from: 'anna@contoso.com', to: 'info@contoso.com', text: 'x' }))).toBe(
      '535 5.7.3 Authentication unsuccessful [MBXEMU01.outlook.office365.com]',
    );
  });

  it("limits a mailbox to three concurrent sessions (432 4.3.2), and frees a slot when one ends (Python's smtplib)", async () => {
    const script = `
import base64, os, smtplib, ssl, sys
host, port, cafile, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], os.environ["MBX_TEST_TOKEN"]
auth = base64.b64encode(("user=anna@contoso.com\\x01auth=Bearer " + token + "\\x01\\x01").encode()).decode()
def session():
    smtp = smtplib.SMTP(host, port)
    smtp.starttls(context=ssl.create_default_context(cafile=cafile))
    smtp.ehlo()
    return smtp, smtp.docmd("AUTH", "XOAUTH2 " + auth)
opened = [session() for _ in range(4)]
for smtp, (code, text) in opened:
    print(code, text.decode())
opened[0][0].quit()
print(session()[1][0])
`;
    const [smtpHost, smtpPort] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
    const stdout = await python(script, [smtpHost, smtpPort, emulator.caPath], anna);
    expect(stdout.trim().split('\n')).toEqual([
      '235 2.7.0 Authentication successful',
      '235 2.7.0 Authentication successful',
      '235 2.7.0 Authentication successful',
      `432 ${SMTP_TEXTS.concurrency}`,
      '235',
    ]);
  });
});

describe('sending', () => {
  it('delivers to a tenant mailbox and keeps a copy in Sent Items', async () => {
    await transport('anna@contoso.com', anna).sendMail({ from: 'anna@contoso.com', to: 'info@contoso.com', subject: 'SMTP to info', text: 'Hello' });
    expect(await subjects('info@contoso.com', 'inbox')).toContain('SMTP to info');
    expect(await subjects('anna@contoso.com', 'sentitems')).toContain('SMTP to info');
  });

  it('sends as a shared mailbox with Send As, to the outbound sink for an outside address', async () => {
    await emulator.control('DELETE', 'outbound');
    const info = await transport('anna@contoso.com', anna).sendMail({ from: 'info@contoso.com', to: 'partner@example.org', subject: 'As info', text: 'Hello' });
    expect(info.response).toMatch(/^250 2\.0\.0 OK <[^>]+> \[Hostname=MBXEMU01\.outlook\.office365\.com\]$/);
    const outbound = (await (await emulator.control('GET', 'outbound?to=partner@example.org')).json()) as { value: { mailFrom: string }[] };
    expect(outbound.value.map((message) => message.mailFrom)).toEqual(['info@contoso.com']);
  });

  it('refuses a From the sender holds no Send As on with 554 5.2.252 SendAsDenied, after DATA', async () => {
    const refused = await sendError(
      transport('anna@contoso.com', anna).sendMail({ from: 'sales@contoso.com', to: 'info@contoso.com', subject: 'As sales', text: 'x' }),
    );
    expect(refused).toBe(`554 ${SMTP_TEXTS.sendAsDenied('anna@contoso.com', 'sales@contoso.com')}`);
    expect(await subjects('info@contoso.com', 'inbox')).not.toContain('As sales');
  });

  it("answers each step of a submission with Exchange's codes, DSN parameters taken (fidelity-round2 S9; m365-fidelity 5.4)", async () => {
    const script = `
    print(*smtp.docmd("AUTH", "XOAUTH2 " + auth))
    print(*smtp.docmd("MAIL", "FROM:<anna@contoso.com> RET=HDRS ENVID=probe-1"))
    print(*smtp.docmd("RCPT", "TO:<info@contoso.com> NOTIFY=FAILURE"))
    print(*smtp.docmd("DATA"))
    smtp.send(b"From: anna@contoso.com\\r\\nTo: info@contoso.com\\r\\nSubject: Codes\\r\\n\\r\\nHello\\r\\n.\\r\\n")
    print(*smtp.getreply())
`;
    const lines = (await annaOverSmtplib(script)).trim().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      "235 b'2.7.0 Authentication successful'",
      "250 b'2.1.0 Sender OK'",
      "250 b'2.1.5 Recipient OK'",
      "354 b'Start mail input; end with <CRLF>.<CRLF>'",
    ]);
    expect(lines[4]).toMatch(/^250 b'2\.0\.0 OK <[^>]+> \[Hostname=MBXEMU01\.outlook\.office365\.com\]'$/);
  });
  it('holds the envelope sender to the same rights as From: MAIL FROM a mailbox without Send As is refused after DATA (fidelity-round2, Send As section)', async () => {
    const script = `
    smtp.docmd("AUTH", "XOAUTH2 " + auth)
    try:
        smtp.sendmail("sales@contoso.com", ["info@contoso.com"], "From: anna@contoso.com\\r\\nTo: info@contoso.com\\r\\nSubject: Envelope\\r\\n\\r\\nHello\\r\\n")
        print("sent")
    except smtplib.SMTPDataError as error:
        print(error.smtp_code, error.smtp_error.decode())
`;
    const stdout = await annaOverSmtplib(script);
    expect(stdout.trim()).toBe(`554 ${SMTP_TEXTS.sendAsDenied('anna@contoso.com', 'sales@contoso.com')}`);
    expect(await subjects('info@contoso.com', 'inbox')).not.toContain('Envelope');
  });

  it('refuses the 501st recipient of a message (RFC 5321 4.5.3.1.8; Exchange allows 500, fidelity 5.5)', async () => {
    const to = Array.from({ length: 501 }, (_, index) => `partner${index}@example.org`);
    const sent = await transport('anna@contoso.com', anna).sendMail({ from: 'anna@contoso.com', to, subject: 'Many', text: 'x' });
    expect(sent.accepted).toHaveLength(500);
    expect((sent as unknown as { rejectedErrors: { response: string }[] }).rejectedErrors.map((error) => error.response)).toEqual([
      `452 ${SMTP_TEXTS.tooManyRecipients}`,
    ]);
  });

  it('refuses to send from a mailbox at its ProhibitSendQuota (554 5.2.2, fidelity 5.5)', async () => {
    await admin.exo('Set-Mailbox', { Identity: 'anna@contoso.com', IssueWarningQuota: '1KB', ProhibitSendQuota: '1KB', ProhibitSendReceiveQuota: '50GB' });
    try {
      expect(
        await sendError(transport('anna@contoso.com', anna).sendMail({ from: 'anna@contoso.com', to: 'info@contoso.com', subject: 'Full', text: 'x' })),
      ).toBe(`554 ${SMTP_TEXTS.mailboxFull}`);
    } finally {
      await admin.exo('Set-Mailbox', {
        Identity: 'anna@contoso.com',
        IssueWarningQuota: '49GB',
        ProhibitSendQuota: '49.5GB',
        ProhibitSendReceiveQuota: '50GB',
      });
    }
  });

  it('sends as the app (SMTP.SendAsApp) for a mailbox its service principal holds Send As on, and refuses one it does not (fidelity 5.3)', async () => {
    const app = await admin.app('Ticketing');
    await admin.grantRoles(app.spId, EXCHANGE_APP_ID, ['SMTP.SendAsApp']);
    await admin.exo('New-ServicePrincipal', { AppId: app.appId, ObjectId: app.spId, DisplayName: 'Ticketing' });
    await admin.exo('Add-RecipientPermission', { Identity: 'sales@contoso.com', Trustee: app.spId, AccessRights: ['SendAs'], Confirm: false });
    const token = await admin.appToken(app.appId, await admin.secret(app.id), 'https://outlook.office365.com');
    await transport('sales@contoso.com', token).sendMail({ from: 'sales@contoso.com', to: 'info@contoso.com', subject: 'From the app', text: 'x' });
    expect(await subjects('info@contoso.com', 'inbox')).toContain('From the app');
    expect(await subjects('sales@contoso.com', 'sentitems')).toContain('From the app');
    const refused = await sendError(
      transport('info@contoso.com', token).sendMail({ from: 'info@contoso.com', to: 'anna@contoso.com', subject: 'As info', text: 'x' }),
    );
    expect(refused).toBe(`554 ${SMTP_TEXTS.sendAsDenied('Ticketing', 'info@contoso.com')}`);
    const other = await admin.app('No SMTP');
    const bare = await admin.appToken(other.appId, await admin.secret(other.id), 'https://outlook.office365.com');
    expect(await sendError(transport('sales@contoso.com', bare).sendMail({ from: 'sales@contoso.com', to: 'info@contoso.com', text: 'x' }))).toBe(
      `535 ${SMTP_TEXTS.authFailed}`,
    );
  });

  it('sends for the mailboxes an RBAC scope covers with the role Application SMTP.SendAsApp alone, no Entra permission and no Send As (m365-2026.md 0.2)', async () => {
    const app = await admin.app('Event system');
    await admin.exo('New-ServicePrincipal', { AppId: app.appId, ObjectId: app.spId, DisplayName: 'Event system' });
    await admin.exo('New-ManagementScope', { Name: 'Event mailboxes', RecipientRestrictionFilter: "PrimarySmtpAddress -eq 'sales@contoso.com'" });
    await admin.exo('New-ManagementRoleAssignment', { Role: 'Application SMTP.SendAsApp', App: app.spId, CustomResourceScope: 'Event mailboxes' });
    const token = await admin.appToken(app.appId, await admin.secret(app.id), 'https://outlook.office365.com');
    await transport('sales@contoso.com', token).sendMail({ from: 'sales@contoso.com', to: 'info@contoso.com', subject: 'Through RBAC', text: 'x' });
    expect(await subjects('info@contoso.com', 'inbox')).toContain('Through RBAC');
    // Outside the scope: no sign-in for a mailbox the role does not cover, no sending as one.
    expect(await sendError(transport('info@contoso.com', token).sendMail({ from: 'info@contoso.com', to: 'anna@contoso.com', text: 'x' }))).toBe(
      `535 ${SMTP_TEXTS.authFailed}`,
    );
    expect(await sendError(transport('sales@contoso.com', token).sendMail({ from: 'info@contoso.com', to: 'anna@contoso.com', text: 'x' }))).toBe(
      `554 ${SMTP_TEXTS.sendAsDenied('Event system', 'info@contoso.com')}`,
    );
  });

  it('throttles DATA when the fault layer says so, and closes the connection for a drop', async () => {
    await emulator.control('PUT', 'faults', {
      rules: [
        { surface: 'smtp', operation: 'DATA', retryAfterSeconds: 0, times: 1 },
        { surface: 'smtp', operation: 'MAIL', drop: true, times: 1 },
      ],
    });
    try {
      const mail = { from: 'anna@contoso.com', to: 'info@contoso.com', subject: 'Faulted', text: 'x' };
      expect(await sendError(transport('anna@contoso.com', anna).sendMail(mail))).toBe(`421 ${SMTP_TEXTS.dropped}`);
      expect(await sendError(transport('anna@contoso.com', anna).sendMail(mail))).toBe(`451 ${SMTP_TEXTS.throttled(0)}`);
      expect(await sendError(transport('anna@contoso.com', anna).sendMail(mail))).toBe('sent');
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });

  it('answers with the automatic reply once per sender, in the organization with the internal message', async () => {
    await admin.exo('Set-MailboxAutoReplyConfiguration', {
      Identity: 'info@contoso.com',
      AutoReplyState: 'Enabled',
      ExternalAudience: 'All',
      InternalMessage: 'We are away.',
      ExternalMessage: 'We are away (external).',
    });
    try {
      for (const subject of ['While away', 'While away again'])
        await transport('anna@contoso.com', anna).sendMail({ from: 'anna@contoso.com', to: 'info@contoso.com', subject, text: 'x' });
      const replies = (await subjects('anna@contoso.com', 'inbox')).filter((subject) => subject.startsWith('Automatic reply:'));
      expect(replies).toEqual(['Automatic reply: While away']);
      const reply = (
        await admin.graph('GET', `users/anna@contoso.com/messages?$filter=subject eq 'Automatic reply: While away'&$select=body,from`, undefined, reader)
      ).body.value[0];
      expect(reply.body.content).toContain('We are away.');
      expect(reply.from.emailAddress.address).toBe('info@contoso.com');
      expect(await subjects('info@contoso.com', 'sentitems')).not.toContain('Automatic reply: While away');
    } finally {
      await admin.exo('Set-MailboxAutoReplyConfiguration', { Identity: 'info@contoso.com', AutoReplyState: 'Disabled' });
    }
  });

  it('accepts past the messages-a-minute limit but delays delivery, as Exchange does (fidelity 5.5)', async () => {
    // A sender that has sent nothing yet this minute.
    await admin.user('dora@contoso.com', { password: 'Dora-Pass-1' });
    const dora = await admin.userToken(mailClientId, 'dora@contoso.com', 'Dora-Pass-1', ['https://outlook.office.com/SMTP.Send']);
    await emulator.control('PUT', 'settings', { smtpMessagesPerMinute: 2 });
    try {
      const sender = transport('dora@contoso.com', dora, true);
      const answers = [];
      for (const n of [1, 2, 3])
        answers.push((await sender.sendMail({ from: 'dora@contoso.com', to: 'info@contoso.com', subject: `Rate ${n}`, text: 'x' })).response);
      sender.close();
      expect(answers.every((answer) => answer.startsWith('250 2.0.0 OK'))).toBe(true);
      const inbox = await subjects('info@contoso.com', 'inbox');
      expect(['Rate 1', 'Rate 2', 'Rate 3'].map((subject) => inbox.includes(subject))).toEqual([true, true, false]);
    } finally {
      await emulator.control('PUT', 'settings', { smtpMessagesPerMinute: 30 });
    }
  });

  it('works for curl (smtp:// with STARTTLS required and --oauth2-bearer)', async () => {
    const message = 'From: anna@contoso.com\r\nTo: info@contoso.com\r\nSubject: From curl\r\n\r\nHello\r\n';
    await curl(
      emulator.caPath,
      [
        'ssl-reqd',
        `url = "smtp://${emulator.env.MBX_SMTP as string}"`,
        'user = "anna@contoso.com"',
        `oauth2-bearer = "${anna}"`,
        'mail-from = "anna@contoso.com"',
        'mail-rcpt = "info@contoso.com"',
      ],
      message,
    );
    expect(await subjects('info@contoso.com', 'inbox')).toContain('From curl');
  });

  it("sends as a shared mailbox with Send As, and is refused without, from Python's smtplib", async () => {
    const [smtpHost, smtpPort] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
    const script = `
import base64, os, smtplib, ssl, sys
host, port, cafile, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], os.environ["MBX_TEST_TOKEN"]
auth = base64.b64encode(("user=anna@contoso.com\\x01auth=Bearer " + token + "\\x01\\x01").encode()).decode()
for sender in ["info@contoso.com", "sales@contoso.com"]:
    with smtplib.SMTP(host, port) as smtp:
        smtp.starttls(context=ssl.create_default_context(cafile=cafile))
        smtp.ehlo()
        smtp.docmd("AUTH", "XOAUTH2 " + auth)
        try:
            smtp.sendmail(sender, ["partner@example.org"], "From: " + sender + "\\r\\nTo: partner@example.org\\r\\nSubject: Python as " + sender + "\\r\\n\\r\\nHello\\r\\n")
            print("sent")
        except smtplib.SMTPDataError as error:
            print(error.smtp_code, error.smtp_error.decode())
`;
    const lines = (await python(script, [smtpHost, smtpPort, emulator.caPath], anna)).trim().split('\n');
    expect(lines).toEqual(['sent', `554 ${SMTP_TEXTS.sendAsDenied('anna@contoso.com', 'sales@contoso.com')}`]);
  });

  it('sends on behalf with GrantSendOnBehalfTo (From the shared mailbox, Sender the delegate), and from an alias only with SendFromAliasEnabled', async () => {
    await admin.exo('Set-Mailbox', { Identity: 'sales@contoso.com', GrantSendOnBehalfTo: ['anna@contoso.com'] });
    await transport('anna@contoso.com', anna).sendMail({
      from: 'sales@contoso.com',
      sender: 'anna@contoso.com',
      to: 'info@contoso.com',
      subject: 'On behalf of sales',
      text: 'x',
    });
    const onBehalf = (
      await admin.graph('GET', `users/info@contoso.com/messages?$filter=subject eq 'On behalf of sales'&$select=from,sender`, undefined, reader)
    ).body.value[0];
    expect([onBehalf.from.emailAddress.address, onBehalf.sender.emailAddress.address]).toEqual(['sales@contoso.com', 'anna@contoso.com']);

    await admin.exo('Set-Mailbox', { Identity: 'info@contoso.com', EmailAddresses: { Add: ['smtp:hello@contoso.com'] } });
    const fromAlias = { from: 'hello@contoso.com', to: 'partner@example.org', subject: 'From the alias', text: 'x' };
    expect(await sendError(transport('anna@contoso.com', anna).sendMail(fromAlias))).toBe(
      `554 ${SMTP_TEXTS.sendAsDenied('anna@contoso.com', 'hello@contoso.com')}`,
    );
    await admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: true });
    try {
      expect(await sendError(transport('anna@contoso.com', anna).sendMail(fromAlias))).toBe('sent');
    } finally {
      await admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: false });
    }
  });

  it("works for Python's smtplib with XOAUTH2 over STARTTLS", async () => {
    const script = `
    code, text = smtp.docmd("AUTH", "XOAUTH2 " + auth)
    print(code, text.decode())
    smtp.sendmail("anna@contoso.com", ["info@contoso.com"], "From: anna@contoso.com\\r\\nTo: info@contoso.com\\r\\nSubject: From Python\\r\\n\\r\\nHello\\r\\n")
`;
    const stdout = await annaOverSmtplib(script);
    expect(stdout.trim()).toBe('235 2.7.0 Authentication successful');
    expect(await subjects('info@contoso.com', 'inbox')).toContain('From Python');
  });
});
