/**
 * Mail clients from Debian that this project did not write, speaking XOAUTH2 to the emulator:
 * msmtp submits over SMTP with STARTTLS, offlineimap syncs a shared mailbox's INBOX over IMAP
 * into a Maildir. `.ci/run` installs both; where one is missing outside CI its test is skipped,
 * and in CI (CI=true) a missing one fails. The token is written only to files this user can read.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { itWith } from '../helpers/programs.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const run = promisify(execFile);

/** Skipped where the client is missing, naming it, except in CI, where `.ci/run` installs it and a missing one fails. */
const withClient = (command: 'msmtp' | 'offlineimap') => itWith(command);

let emulator: TestEmulator;
let admin: TenantAdmin;
let anna: { smtp: string; imap: string };
let reader: string;
let mailer: string;
let dir: string;

async function subjects(mailbox: string): Promise<string[]> {
  return (await admin.graph('GET', `users/${mailbox}/mailFolders/inbox/messages?$select=subject&$top=100`, undefined, reader)).body.value.map(
    (item: { subject: string }) => item.subject,
  );
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  dir = mkdtempSync(join(tmpdir(), 'mbx-outside-'));
  await admin.user('anna@contoso.com', { password: 'Anna-Pass-1' });
  await admin.sharedMailbox('info@contoso.com');
  await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', ImapEnabled: true });
  await admin.exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: false });
  await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: 'anna@contoso.com', AccessRights: ['FullAccess'] });
  const client = await admin.app('Mail client', { publicClient: true });
  await admin.grantScopes(client.spId, GRAPH_APP_ID, 'IMAP.AccessAsUser.All SMTP.Send');
  anna = {
    smtp: await admin.userToken(client.appId, 'anna@contoso.com', 'Anna-Pass-1', ['https://outlook.office.com/SMTP.Send']),
    imap: await admin.userToken(client.appId, 'anna@contoso.com', 'Anna-Pass-1', ['https://outlook.office.com/IMAP.AccessAsUser.All']),
  };
  const readerApp = await admin.app('Reader');
  await admin.grantRoles(readerApp.spId, GRAPH_APP_ID, ['Mail.Read', 'Mail.Send']);
  reader = await admin.appToken(readerApp.appId, await admin.secret(readerApp.id), 'https://graph.microsoft.com');
  mailer = reader;
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('clients from Debian', () => {
  withClient('msmtp')('msmtp submits with XOAUTH2 over STARTTLS, and reports Exchange-style codes for a Send As refusal', async () => {
    const [host, port] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
    const config = join(dir, 'msmtprc');
    // msmtp's config lines end at 500 characters, so the token comes from a file.
    writeFileSync(join(dir, 'smtp-token'), anna.smtp, { mode: 0o600 });
    writeFileSync(
      config,
      [
        'account default',
        `host ${host}`,
        `port ${port}`,
        'tls on',
        'tls_starttls on',
        `tls_trust_file ${emulator.caPath}`,
        'auth xoauth2',
        'user anna@contoso.com',
        `passwordeval cat ${join(dir, 'smtp-token')}`,
        'from anna@contoso.com',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const send = (from: string, subject: string) => {
      const child = run('msmtp', ['-C', config, '-f', from, 'info@contoso.com']);
      child.child.stdin?.end(`From: ${from}\r\nTo: info@contoso.com\r\nSubject: ${subject}\r\n\r\nHello from msmtp\r\n`);
      return child.then(
        () => 'sent',
        (error: { stderr?: string }) => error.stderr ?? String(error),
      );
    };
    expect(await send('anna@contoso.com', 'From msmtp')).toBe('sent');
    expect(await subjects('info@contoso.com')).toContain('From msmtp');
    const refused = await send('info@contoso.com', 'As info without Send As');
    expect(refused).toContain('554 5.2.252 SendAsDenied');
    expect(await subjects('info@contoso.com')).not.toContain('As info without Send As');
  });

  withClient('offlineimap')("offlineimap syncs a shared mailbox's INBOX into a Maildir with a delegate's XOAUTH2 token", async () => {
    await admin.graph(
      'POST',
      'users/anna@contoso.com/sendMail',
      {
        message: { subject: 'For offlineimap', body: { contentType: 'Text', content: 'x' }, toRecipients: [{ emailAddress: { address: 'info@contoso.com' } }] },
      },
      mailer,
    );
    const [host, port] = (emulator.env.MBX_IMAP as string).split(':') as [string, string];
    const maildir = join(dir, 'Mail');
    const config = join(dir, 'offlineimaprc');
    writeFileSync(
      config,
      [
        '[general]',
        'accounts = shared',
        `metadata = ${join(dir, 'offlineimap-metadata')}`,
        '[Account shared]',
        'localrepository = local',
        'remoterepository = remote',
        '[Repository local]',
        'type = Maildir',
        `localfolders = ${maildir}`,
        '[Repository remote]',
        'type = IMAP',
        // offlineimap matches the certificate by DNS name only, so the loopback address goes by its name.
        `remotehost = ${host === '127.0.0.1' ? 'localhost' : host}`,
        `remoteport = ${port}`,
        'ssl = yes',
        `sslcacertfile = ${emulator.caPath}`,
        'remoteuser = info@contoso.com',
        'auth_mechanisms = XOAUTH2',
        `oauth2_access_token = ${anna.imap}`,
        "folderfilter = lambda folder: folder == 'INBOX'",
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    await run('offlineimap', ['-c', config, '-o', '-u', 'basic']).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`offlineimap failed: ${error.stdout ?? ''}${error.stderr ?? ''}`.replaceAll(anna.imap, '<token>'));
    });
    const files = readdirSync(join(maildir, 'INBOX', 'cur')).concat(readdirSync(join(maildir, 'INBOX', 'new')));
    const texts = files.map((file) => {
      const folder = readdirSync(join(maildir, 'INBOX', 'cur')).includes(file) ? 'cur' : 'new';
      return readFileSync(join(maildir, 'INBOX', folder, file), 'utf8');
    });
    expect(texts.length).toBe((await subjects('info@contoso.com')).length);
    expect(texts.some((text) => /^Subject: For offlineimap$/m.test(text))).toBe(true);
  });
});
