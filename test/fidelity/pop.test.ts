/**
 * POP3 as outlook.office365.com:995 answers it, driven by Python's poplib and by curl: XOAUTH2
 * with the texts of fidelity 5.2 (`+OK User successfully authenticated.`, `-ERR Authentication
 * failure: unknown user name or bad password.`), a shared mailbox opened with the delegate's token
 * and `user=` the shared address (5.2), the app-only rules of 5.3, basic authentication refused,
 * and the maildrop commands of RFC 1939 on the message store Graph and SMTP share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POP_TEXTS } from '../../src/emulator/pop/server.js';
import { curl, python } from '../helpers/clients.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { mailScenario } from '../helpers/mail-scenario.js';
import { EXCHANGE_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let anna: string;
let ben: string;
let deliver: (to: string, subject: string) => Promise<void>;

/** Run a Python poplib script (host, port and CA file as argv, the token in MBX_TEST_TOKEN); its stdout lines. */
async function pop(body: string, token: string): Promise<string[]> {
  const script = `
import base64, poplib, ssl, sys
import os
host, port, cafile, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], os.environ["MBX_TEST_TOKEN"]
def xoauth2(user):
    return base64.b64encode(("user=" + user + "\\x01auth=Bearer " + token + "\\x01\\x01").encode()).decode()
pop = poplib.POP3_SSL(host, port, context=ssl.create_default_context(cafile=cafile))
def say(line):
    print(line.decode() if isinstance(line, bytes) else line)
def attempt(command):
    try:
        say(pop._shortcmd(command))
    except poplib.error_proto as error:
        say(error.args[0])
${body}`;
  const [host, port] = (emulator.env.MBX_POP as string).split(':') as [string, string];
  return (await python(script, [host, port, emulator.caPath], token)).trim().split('\n');
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  const scenario = await mailScenario(admin, 'POP');
  ({ anna, ben } = scenario);
  deliver = scenario.deliver;
});
afterAll(() => emulator.stop());

describe('signing in', () => {
  it("greets as Exchange, opens a shared mailbox with a delegate's token and user= the shared address", async () => {
    const lines = await pop(
      `say(pop.getwelcome())\nsay(pop.capa())\nattempt("AUTH XOAUTH2 " + xoauth2("info@contoso.com"))\nsay(pop.stat())\npop.quit()`,
      anna,
    );
    expect(lines[0]).toBe(POP_TEXTS.greeting);
    expect(lines[1]).toBe("{'TOP': [], 'UIDL': [], 'SASL': ['XOAUTH2'], 'USER': []}");
    expect(lines[2]).toBe(POP_TEXTS.authenticated);
    expect(lines[3]).toBe('(0, 0)');
  });

  it('refuses a delegate without Full Access, a token for another resource, and basic authentication, with the same text', async () => {
    expect(await pop(`attempt("AUTH XOAUTH2 " + xoauth2("info@contoso.com"))`, ben)).toEqual([POP_TEXTS.authFailed]);
    expect(await pop(`attempt("AUTH XOAUTH2 " + xoauth2("anna@contoso.com"))`, await admin.token('https://graph.microsoft.com'))).toEqual([
      POP_TEXTS.authFailed,
    ]);
    // Basic authentication: Office 365 answers USER with +OK and PASS with "Logon failure" (jakartaee/mail-api#614,
    // ditesh/node-poplib#34, pulb/mailnag#200), where an OAuth refusal says "Authentication failure".
    expect(await pop(`say(pop.user("anna@contoso.com"))\nattempt("PASS Anna-Pass-1")`, anna)).toEqual([
      '+OK',
      '-ERR Logon failure: unknown user name or bad password.',
    ]);
  });

  it('authenticates but does not connect a mailbox with POP disabled (fidelity 5.3, as IMAP answers)', async () => {
    await admin.exo('Set-CASMailbox', { Identity: 'anna@contoso.com', PopEnabled: false });
    const lines = await pop(`attempt("AUTH XOAUTH2 " + xoauth2("anna@contoso.com"))\nattempt("STAT")`, anna);
    expect(lines).toEqual([POP_TEXTS.authenticated, POP_TEXTS.notConnected]);
  });

  it('lets an app with POP.AccessAsApp in only where its service principal holds Full Access', async () => {
    const app = await admin.app('Helpdesk');
    await admin.grantRoles(app.spId, EXCHANGE_APP_ID, ['POP.AccessAsApp']);
    await admin.exo('New-ServicePrincipal', { AppId: app.appId, ObjectId: app.spId, DisplayName: 'Helpdesk' });
    const token = await admin.appToken(app.appId, await admin.secret(app.id), 'https://outlook.office365.com');
    expect(await pop(`attempt("AUTH XOAUTH2 " + xoauth2("info@contoso.com"))`, token)).toEqual([POP_TEXTS.authFailed]);
    await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: app.spId, AccessRights: ['FullAccess'] });
    expect(await pop(`attempt("AUTH XOAUTH2 " + xoauth2("info@contoso.com"))`, token)).toEqual([POP_TEXTS.authenticated]);
  });
});

describe('the maildrop', () => {
  it('lists, reads (dot-stuffed), tops and deletes at QUIT, while RSET undoes a DELE', async () => {
    await deliver('info@contoso.com', 'First');
    await deliver('info@contoso.com', 'Second');
    const signIn = 'attempt("AUTH XOAUTH2 " + xoauth2("info@contoso.com"))';
    const lines = await pop(
      `${signIn}
count, size = pop.stat()
say(count)
say(len(pop.list()[1]))
say(len(pop.uidl()[1]))
retrieved = b"\\n".join(pop.retr(1)[1]).decode()
say("Subject: First" in retrieved and ".leading dot" in retrieved)
top = pop.top(2, 0)[1]
say(any(line == b"Subject: Second" for line in top) and not any(b"Body of" in line for line in top))
say(pop.dele(1))
attempt("RETR 1")
say(pop.rset())
say(pop.dele(2))
attempt("RETR 9")
say(pop.quit())`,
      anna,
    );
    expect(lines).toEqual([
      POP_TEXTS.authenticated,
      '2',
      '2',
      '2',
      'True',
      'True',
      '+OK',
      POP_TEXTS.deleted,
      '+OK',
      '+OK',
      POP_TEXTS.noSuchMessage,
      POP_TEXTS.signOff,
    ]);
    expect(await pop(`${signIn}\nsay(pop.stat()[0])`, anna)).toEqual([POP_TEXTS.authenticated, '1']);
  });

  it('throttles or drops a command when the fault layer says so', async () => {
    await emulator.control('PUT', 'faults', {
      rules: [
        { surface: 'pop', operation: 'STAT', retryAfterSeconds: 0, times: 1 },
        { surface: 'pop', operation: 'LIST', drop: true, times: 1 },
      ],
    });
    try {
      const lines = await pop(
        `attempt("AUTH XOAUTH2 " + xoauth2("info@contoso.com"))
attempt("STAT")
attempt("STAT")
try:
    pop.list()
except (poplib.error_proto, OSError) as error:
    say("dropped")`,
        anna,
      );
      expect(lines[1]).toBe(`${POP_TEXTS.throttled} 0 milliseconds`);
      expect(lines[2]).toMatch(/^\+OK \d+ \d+$/);
      expect(lines[3]).toBe('dropped');
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });

  it('serves curl (pop3s:// with --oauth2-bearer)', async () => {
    const stdout = await curl(emulator.caPath, [
      `url = "pop3s://${emulator.env.MBX_POP as string}/1"`,
      'user = "info@contoso.com"',
      `oauth2-bearer = "${anna}"`,
    ]);
    expect(stdout).toContain('Subject: First');
  });
});
