/**
 * A delegate needs an Exchange Online plan to open a mailbox, a shared one included
 * (learn.microsoft.com/exchange/collaboration-exo/shared-mailboxes: "To access a shared mailbox, a
 * user must have an Exchange Online license"). The emulator refuses its sign-in on IMAP, POP and
 * SMTP once a licence change has replicated (the answer is inferred: docs/emulator.md), driven
 * by Python's imaplib, poplib and smtplib.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { python } from '../helpers/clients.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const EXCHANGE_PLAN_OF_E3 = 'efb87545-963c-4e0d-99df-69c6916d9eb0';

let emulator: TestEmulator;
let admin: TenantAdmin;
let noraId: string;
let nora: string;

/** One sign-in of nora to info@ on each protocol: what each server answered. */
async function signIns(): Promise<string[]> {
  const script = `
import base64, imaplib, os, poplib, smtplib, ssl, sys
imap_at, pop_at, smtp_at, cafile, token = sys.argv[1:6]
context = ssl.create_default_context(cafile=cafile)
sasl = ("user=info@contoso.com\\x01auth=Bearer " + os.environ["MBX_TEST_TOKEN"] + "\\x01\\x01").encode()
host, port = imap_at.split(":")
imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
try:
    print("imap", imap.authenticate("XOAUTH2", lambda _: sasl)[0])
except imaplib.IMAP4.error as error:
    print("imap", error)
host, port = pop_at.split(":")
pop = poplib.POP3_SSL(host, int(port), context=context)
try:
    print("pop", pop._shortcmd("AUTH XOAUTH2 " + base64.b64encode(sasl).decode()).decode())
except poplib.error_proto as error:
    print("pop", error.args[0].decode())
host, port = smtp_at.split(":")
with smtplib.SMTP(host, int(port)) as smtp:
    smtp.starttls(context=context)
    smtp.ehlo()
    # SMTP: the delegate signs in as itself (a delegate's token for info@ is 535 5.7.3 anyway).
    own = ("user=nora@contoso.com\\x01auth=Bearer " + os.environ["MBX_TEST_TOKEN"] + "\\x01\\x01").encode()
    code, text = smtp.docmd("AUTH", "XOAUTH2 " + base64.b64encode(own).decode())
    print("smtp", code, text.decode())
`;
  const env = emulator.env as Record<string, string>;
  return (await python(script, [env.MBX_IMAP as string, env.MBX_POP as string, env.MBX_SMTP as string, emulator.caPath, ''], nora)).trim().split('\n');
}

const OPENED = ['imap OK', 'pop +OK User successfully authenticated.', 'smtp 235 2.7.0 Authentication successful'];
const REFUSED = [
  'imap AUTHENTICATE failed.',
  'pop -ERR Authentication failure: unknown user name or bad password.',
  'smtp 535 5.7.3 Authentication unsuccessful [MBXEMU01.outlook.office365.com]',
];

async function licence(add: { skuId: string; disabledPlans: string[] }[], remove: string[]): Promise<void> {
  const answer = await admin.graph('POST', `users/${noraId}/assignLicense`, { addLicenses: add, removeLicenses: remove });
  expect(answer.status).toBe(200);
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  noraId = await admin.user('nora@contoso.com', { password: 'Nora-Pass-1', licensed: false });
  await licence([{ skuId: E3, disabledPlans: [] }], []);
  await admin.sharedMailbox('info@contoso.com');
  await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', ImapEnabled: true, PopEnabled: true });
  await admin.exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: false });
  await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: 'nora@contoso.com', AccessRights: ['FullAccess'] });
  const client = await admin.app('Mail client', { publicClient: true });
  await admin.grantScopes(client.spId, GRAPH_APP_ID, 'IMAP.AccessAsUser.All POP.AccessAsUser.All SMTP.Send');
  nora = await admin.userToken(client.appId, 'nora@contoso.com', 'Nora-Pass-1', [
    'https://outlook.office.com/IMAP.AccessAsUser.All',
    'https://outlook.office.com/POP.AccessAsUser.All',
    'https://outlook.office.com/SMTP.Send',
  ]);
});
afterAll(() => emulator.stop());

describe('a delegate without an Exchange Online plan', () => {
  it('opens the shared mailbox while licensed, and is refused on IMAP, POP and SMTP once the licence removal has replicated', async () => {
    expect(await signIns()).toEqual(OPENED);
    // The clock moves past the delay first, so the Full Access grant made before it stays in effect.
    await emulator.control('PUT', 'settings', { replicationDelaySeconds: 60, clockOffsetSeconds: 61 });
    try {
      await licence([], [E3]);
      expect(await signIns()).toEqual(OPENED);
      await emulator.control('PUT', 'settings', { clockOffsetSeconds: 122 });
      expect(await signIns()).toEqual(REFUSED);
    } finally {
      // The clock stays ahead: turned back, the removal would lie in the future again.
      await emulator.control('PUT', 'settings', { replicationDelaySeconds: 0 });
    }
  });

  it('is refused with the licence back but its Exchange plan disabled, and opens the mailbox again once the plan is on', async () => {
    await licence([{ skuId: E3, disabledPlans: [EXCHANGE_PLAN_OF_E3] }], []);
    expect(await signIns()).toEqual(REFUSED);
    await licence([{ skuId: E3, disabledPlans: [] }], []);
    expect(await signIns()).toEqual(OPENED);
  });
});
