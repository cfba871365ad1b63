/**
 * IMAP as outlook.office365.com:993 answers it, driven by imapflow and by Python's imaplib:
 * Exchange's greeting and capabilities and `AUTHENTICATE failed.` (fidelity 5.2, 5.4), LIST with
 * Exchange's folder names and special-use flags (5.4), a shared mailbox opened with the delegate's
 * token and user= the shared address (5.2), an app without Full Access or a mailbox with IMAP off
 * authenticated but not connected (5.3), and the mailbox commands of RFC 3501 on the message store
 * Graph, SMTP and POP share.
 */
import { connect } from 'node:tls';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAP_TEXTS } from '../../src/emulator/imap/texts.js';
import { curl, python } from '../helpers/clients.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { mailScenario } from '../helpers/mail-scenario.js';
import { EXCHANGE_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let anna: string;
let ben: string;
let mailer: string;
let deliver: (to: string, subject: string) => Promise<void>;

function client(user: string, accessToken: string): ImapFlow {
  const [host, port] = (emulator.env.MBX_IMAP as string).split(':') as [string, string];
  return new ImapFlow({ host, port: Number(port), secure: true, tls: { ca: emulator.ca }, auth: { user, accessToken }, logger: false });
}

/** Run a Python imaplib script (host, port, CA file as argv, the token in MBX_TEST_TOKEN); its stdout lines. */
async function imaplib(body: string, token: string): Promise<string[]> {
  const script = `
import base64, imaplib, os, ssl, sys
host, port, cafile, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], os.environ["MBX_TEST_TOKEN"]
imap = imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(cafile=cafile))
def xoauth2(user):
    return ("user=" + user + "\\x01auth=Bearer " + token + "\\x01\\x01").encode()
def say(value):
    print(value.decode() if isinstance(value, bytes) else value)
${body}`;
  const [host, port] = (emulator.env.MBX_IMAP as string).split(':') as [string, string];
  return (await python(script, [host, port, emulator.caPath], token)).trim().split('\n');
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  const scenario = await mailScenario(admin, 'IMAP');
  ({ anna, ben, mailer } = scenario);
  deliver = scenario.deliver;
  await deliver('info@contoso.com', 'First');
  await deliver('info@contoso.com', 'Second');
});
afterAll(() => emulator.stop());

describe('signing in', () => {
  it("greets and lists capabilities as Exchange does, and opens a shared mailbox with a delegate's token (imaplib)", async () => {
    const lines = await imaplib(
      `say(imap.welcome)
say(" ".join(imap.capabilities))
say(imap.authenticate("XOAUTH2", lambda _: xoauth2("info@contoso.com"))[1][0])
say(" ".join(imap.capabilities) if imap.capabilities else "")
typ, data = imap.capability()
say(data[0])
say(imap.logout()[1][0])`,
      anna,
    );
    expect(lines[5]).toBe(IMAP_TEXTS.bye.replace('* BYE ', ''));
    expect(lines[0]).toBe(IMAP_TEXTS.greeting);
    expect(lines[1]).toBe('IMAP4 IMAP4REV1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+');
    expect(lines[2]).toBe('AUTHENTICATE completed.');
    expect(lines[4]).toBe(
      'IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION BACKENDAUTHENTICATE CHILDREN IDLE NAMESPACE LITERAL+',
    );
  });

  it('takes OAUTHBEARER (RFC 7628) as well, though it advertises only XOAUTH2 as Exchange does', async () => {
    const lines = await imaplib(
      `bearer = ("n,a=info@contoso.com,\x01host=localhost\x01port=993\x01auth=Bearer " + token + "\x01\x01").encode()
say(imap.authenticate("OAUTHBEARER", lambda _: bearer)[1][0])
say(imap.select("INBOX")[0])`,
      anna,
    );
    expect(lines).toEqual(['AUTHENTICATE completed.', 'OK']);
  });

  it('authenticates a delegate without Full Access but does not connect it, and answers LOGIN failed. to basic authentication', async () => {
    // Exchange completes AUTHENTICATE for a good token whose user may not open the mailbox named in user=, and refuses
    // the next command (fidelity-round2 S6: simonrob/email-oauth2-proxy#74 and #275, getmail6/getmail6#214, jstedfast/MailKit#1494).
    const lines = await imaplib(
      `say(imap.authenticate("XOAUTH2", lambda _: xoauth2("info@contoso.com"))[0])
try:
    imap.select("INBOX")
except imaplib.IMAP4.error as error:
    say(error)`,
      ben,
    );
    expect(lines[0]).toBe('OK');
    expect(lines[1]).toContain(IMAP_TEXTS.notConnected);
    const login = await imaplib(
      `try:
    imap.login("ben@contoso.com", "Ben-Pass-1")
except imaplib.IMAP4.error as error:
    say(error)`,
      ben,
    );
    // imaplib shows a LOGIN refusal as the bytes it read.
    expect(login).toEqual([`b'${IMAP_TEXTS.loginFailed}'`]);
  });

  it('answers AUTHENTICATE failed. to a token that is not for Exchange Online', async () => {
    // A Graph token: Microsoft's own example of a refused XOAUTH2 is `A01 NO AUTHENTICATE failed.` (fidelity-round2 S1).
    expect(
      await imaplib(
        `try:\n    imap.authenticate("XOAUTH2", lambda _: xoauth2("ben@contoso.com"))\nexcept imaplib.IMAP4.error as error:\n    say(error)`,
        mailer,
      ),
    ).toEqual([IMAP_TEXTS.authFailed]);
  });

  it('authenticates but does not connect an app whose service principal lacks Full Access (fidelity 5.3)', async () => {
    const app = await admin.app('Helpdesk');
    await admin.grantRoles(app.spId, EXCHANGE_APP_ID, ['IMAP.AccessAsApp']);
    await admin.exo('New-ServicePrincipal', { AppId: app.appId, ObjectId: app.spId, DisplayName: 'Helpdesk' });
    const token = await admin.appToken(app.appId, await admin.secret(app.id), 'https://outlook.office365.com');
    const refused = await imaplib(
      `say(imap.authenticate("XOAUTH2", lambda _: xoauth2("info@contoso.com"))[0])\ntry:\n    imap.select("INBOX")\nexcept imaplib.IMAP4.error as error:\n    say(error)`,
      token,
    );
    expect(refused[0]).toBe('OK');
    expect(refused[1]).toContain(IMAP_TEXTS.notConnected);
    await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: app.spId, AccessRights: ['FullAccess'] });
    await admin.exo('Set-CASMailbox', { Identity: 'ben@contoso.com', ImapEnabled: false });
    const lines = await imaplib(`say(imap.authenticate("XOAUTH2", lambda _: xoauth2("info@contoso.com"))[0])\nsay(imap.select("INBOX")[1][0])`, token);
    expect(lines).toEqual(['OK', '2']);
    const off = await imaplib(
      `say(imap.authenticate("XOAUTH2", lambda _: xoauth2("ben@contoso.com"))[0])\ntry:\n    imap.select("INBOX")\nexcept imaplib.IMAP4.error as error:\n    say(error)`,
      ben,
    );
    expect(off[0]).toBe('OK');
    expect(off[1]).toContain(`BAD [b'${IMAP_TEXTS.notConnected}']`);
  });
});

describe('the mailbox (imapflow)', () => {
  it("lists Exchange's folders, the non-mail ones too, in Exchange's order with its flags, INBOX \\Marked while it holds unseen mail (fidelity 5.4; fidelity-round2 S17)", async () => {
    const lines = await imaplib(
      `imap.authenticate("XOAUTH2", lambda _: xoauth2("info@contoso.com"))\nfor line in imap.list('""', '*')[1]:\n    say(line)`,
      anna,
    );
    // The LIST capture of m365-fidelity 5.4, line for line, but for Calendar's and Contacts' children (not emulated).
    expect(lines).toEqual([
      '(\\HasNoChildren) "/" Archive',
      '(\\HasNoChildren) "/" Calendar',
      '(\\HasNoChildren) "/" Contacts',
      '(\\HasNoChildren \\Trash) "/" "Deleted Items"',
      '(\\HasNoChildren \\Drafts) "/" Drafts',
      '(\\Marked \\HasNoChildren) "/" INBOX',
      '(\\HasNoChildren) "/" Journal',
      '(\\HasNoChildren \\Junk) "/" "Junk Email"',
      '(\\HasNoChildren) "/" Notes',
      '(\\HasNoChildren) "/" Outbox',
      '(\\HasNoChildren \\Sent) "/" "Sent Items"',
      '(\\HasNoChildren) "/" Tasks',
    ]);
    const imap = client('info@contoso.com', anna);
    await imap.connect();
    const sent = (await imap.list()).find((folder) => folder.specialUse === '\\Sent');
    expect(sent?.path).toBe('Sent Items');
    await imap.logout();
  });

  it('selects, fetches envelopes and bodies, marks read, moves, deletes and expunges', async () => {
    const imap = client('info@contoso.com', anna);
    await imap.connect();
    const box = await imap.mailboxOpen('INBOX');
    expect(box.exists).toBe(2);
    const fetched = [];
    for await (const message of imap.fetch('1:*', { uid: true, flags: true, envelope: true, source: true })) fetched.push(message);
    expect(fetched.map((message) => message.envelope?.subject)).toEqual(['First', 'Second']);
    expect(fetched[0]?.envelope?.from?.[0]?.address).toBe('ben@contoso.com');
    expect(fetched[0]?.source?.toString()).toContain('Body of First');
    expect([...(fetched[0]?.flags ?? [])]).toEqual([]);
    const search = await imap.search({ subject: 'Second' });
    expect(search).toEqual([2]);
    await imap.messageFlagsAdd('1', ['\\Seen']);
    expect(await imap.search({ seen: false })).toEqual([2]);
    const moved = await imap.messageMove('2', 'Archive');
    expect(moved && moved.uidMap?.size).toBe(1);
    await imap.messageDelete('1');
    expect(await imap.status('INBOX', { messages: true })).toMatchObject({ messages: 0 });
    expect(await imap.status('Archive', { messages: true })).toMatchObject({ messages: 1 });
    await imap.logout();
  });

  it('appends with a literal and hands back the UID (UIDPLUS); another session sees it at its next command', async () => {
    const first = client('info@contoso.com', anna);
    const second = client('info@contoso.com', anna);
    await Promise.all([first.connect(), second.connect()]);
    await second.mailboxOpen('Drafts');
    const appended = await first.append('Drafts', 'From: info@contoso.com\r\nSubject: Draft\r\n\r\nA draft\r\n', ['\\Draft']);
    expect(appended && appended.uid).toBeGreaterThan(0);
    await second.noop();
    expect(second.mailbox && second.mailbox.exists).toBe(1);
    await Promise.all([first.logout(), second.logout()]);
  });

  it('pushes new mail to a session in IDLE as EXISTS (RFC 2177)', async () => {
    const imap = client('info@contoso.com', anna);
    await imap.connect();
    // imapflow updates the mailbox object as EXISTS arrive: keep the count from before.
    const before = (await imap.mailboxOpen('INBOX')).exists;
    const arrived = new Promise<number>((resolve) => imap.on('exists', (update: { count: number }) => resolve(update.count)));
    void imap.idle();
    await deliver('info@contoso.com', 'While idle');
    expect(await arrived).toBe(before + 1);
    await imap.logout();
  });

  it('writes an ENVELOPE with characters outside ASCII as a literal of its UTF-8 bytes', async () => {
    await deliver('info@contoso.com', 'Grüße aus Köln');
    const imap = client('info@contoso.com', anna);
    await imap.connect();
    await imap.mailboxOpen('INBOX');
    const subjects: string[] = [];
    for await (const message of imap.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
    expect(subjects).toContain('Grüße aus Köln');
    await imap.logout();
  });

  it("answers Exchange's throttling text when the fault layer throttles a command, and drops the connection when told to", async () => {
    await emulator.control('PUT', 'faults', {
      rules: [
        { surface: 'imap', operation: 'STATUS', retryAfterSeconds: 0, times: 1 },
        { surface: 'imap', operation: 'NOOP', drop: true, times: 1 },
      ],
    });
    try {
      const lines = await imaplib(
        `imap.authenticate("XOAUTH2", lambda _: xoauth2("info@contoso.com"))
say(imap.status("INBOX", "(MESSAGES)"))
say(imap.status("INBOX", "(MESSAGES)")[0])
try:
    imap.noop()
except imaplib.IMAP4.abort as error:
    say("dropped")`,
        anna,
      );
      expect(lines[0]).toBe("('NO', [b'Request is throttled. Suggested Backoff Time: 0 milliseconds'])");
      expect(lines.slice(1)).toEqual(['OK', 'dropped']);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });

  it('describes a multipart message in BODYSTRUCTURE and serves its numbered parts', async () => {
    const attachment = Buffer.from('col1,col2\r\n1,2\r\n').toString('base64');
    const sent = await admin.graph(
      'POST',
      'users/ben@contoso.com/sendMail',
      {
        message: {
          subject: 'With attachment',
          body: { contentType: 'Text', content: 'See the file.' },
          toRecipients: [{ emailAddress: { address: 'info@contoso.com' } }],
          attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'report.csv', contentType: 'text/csv', contentBytes: attachment }],
        },
      },
      mailer,
    );
    expect(sent.status).toBe(202);
    const imap = client('info@contoso.com', anna);
    await imap.connect();
    await imap.mailboxOpen('INBOX');
    const uid = (await imap.search({ subject: 'With attachment' }, { uid: true })) as number[];
    const message = await imap.fetchOne(String(uid[0]), { bodyStructure: true }, { uid: true });
    if (!message || message.bodyStructure === undefined) throw new Error('no BODYSTRUCTURE');
    const structure = message.bodyStructure;
    expect(structure.type).toBe('multipart/mixed');
    expect(structure.childNodes?.map((node) => [node.part, node.type, node.disposition ?? ''])).toEqual([
      ['1', 'text/plain', ''],
      ['2', 'text/csv', 'attachment'],
    ]);
    const download = await imap.download(String(uid[0]), '2', { uid: true });
    const chunks: Buffer[] = [];
    for await (const chunk of download.content ?? []) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('col1,col2\r\n1,2\r\n');
    await imap.logout();
  });

  it('creates (with parents), renames and deletes folders, keeping the default ones', async () => {
    const lines = await imaplib(
      `imap.authenticate("XOAUTH2", lambda _: xoauth2("info@contoso.com"))
say(imap.create("Projects/2027")[0])
say(imap.create("Projects")[1][0])
say(imap.rename("Projects/2027", "Projects/Next")[0])
for line in imap.list('""', 'Projects*')[1]:
    say(line)
say(imap.delete("Projects")[1][0])
say(imap.delete("Projects/Next")[0])
say(imap.delete('"Sent Items"')[1][0])`,
      anna,
    );
    expect(lines).toEqual([
      'OK',
      'Mailbox already exists.',
      'OK',
      '(\\HasChildren) "/" Projects',
      '(\\HasNoChildren) "/" Projects/Next',
      'The folder has subfolders.',
      'OK',
      "Special folders can't be deleted.",
    ]);
  });

  it('lists the folders for curl (imaps:// with --oauth2-bearer)', async () => {
    const listing = await curl(emulator.caPath, [
      `url = "imaps://${emulator.env.MBX_IMAP as string}/"`,
      'user = "info@contoso.com"',
      `oauth2-bearer = "${anna}"`,
    ]);
    expect(listing).toContain('* LIST (\\HasNoChildren \\Sent) "/" "Sent Items"');
  });

  it('honours a Full Access grant only after the replication delay, though Get-MailboxPermission shows it at once', async () => {
    await admin.sharedMailbox('later@contoso.com');
    await emulator.control('PUT', 'settings', { replicationDelaySeconds: 60 });
    try {
      await admin.exo('Add-MailboxPermission', { Identity: 'later@contoso.com', User: 'ben@contoso.com', AccessRights: ['FullAccess'] });
      const shown = (await admin.exo('Get-MailboxPermission', { Identity: 'later@contoso.com' })).body.value.map((row: { User: string }) => row.User);
      expect(shown).toContain('ben@contoso.com');
      const signIn = `say(imap.authenticate("XOAUTH2", lambda _: xoauth2("later@contoso.com"))[0])\ntry:\n    say(imap.select("INBOX")[0])\nexcept imaplib.IMAP4.error as error:\n    say(error)`;
      const early = await imaplib(signIn, ben);
      expect(early[0]).toBe('OK');
      expect(early[1]).toContain(IMAP_TEXTS.notConnected);
      await emulator.control('PUT', 'settings', { clockOffsetSeconds: 61 });
      expect(await imaplib(signIn, ben)).toEqual(['OK', 'OK']);
    } finally {
      await emulator.control('PUT', 'settings', { replicationDelaySeconds: 0, clockOffsetSeconds: 0 });
    }
  });

  it('refuses a line past 64 KiB and a literal past 35 MiB with BAD, and takes a LITERAL+ literal without waiting', async () => {
    const [host, port] = (emulator.env.MBX_IMAP as string).split(':') as [string, string];
    const session = async (send: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = connect({ host, port: Number(port), ca: emulator.ca, servername: 'localhost' }, () => socket.write(send));
        let received = '';
        socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
        socket.on('end', () => resolve(received));
        socket.on('error', reject);
        setTimeout(() => {
          socket.end();
          resolve(received);
        }, 1000);
      });
    expect(await session(`A1 NOOP ${'x'.repeat(70_000)}`)).toContain('* BAD Command line too long.');
    expect(await session('A1 APPEND INBOX {40000000}\r\n')).toContain('* BAD Literal too large.');
    const plus = await session('A1 ID {3+}\r\nNIL\r\nA2 LOGOUT\r\n');
    expect(plus).not.toContain('+ Ready');
    expect(plus).toContain('A1 OK ID completed.');
  });

  it('takes a message of several megabytes in one APPEND literal and gives back the same bytes', async () => {
    const imap = client('info@contoso.com', anna);
    await imap.connect();
    const big = `From: info@contoso.com\r\nSubject: Big\r\n\r\n${'0123456789abcdef\r\n'.repeat(200_000)}`;
    const appended = await imap.append('Drafts', big);
    await imap.mailboxOpen('Drafts');
    const fetched = appended ? await imap.fetchOne(String(appended.uid), { source: true, size: true }, { uid: true }) : false;
    expect(fetched && fetched.size).toBe(Buffer.byteLength(big));
    expect(fetched && fetched.source?.equals(Buffer.from(big))).toBe(true);
    await imap.logout();
  });
});
