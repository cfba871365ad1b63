/**
 * The message store under IMAP across a restart (issue 5, "Persistence"): messages, their flags
 * and UIDs, and the folder's UIDVALIDITY are what they were, so a client's cache stays valid.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const stateDir = mkdtempSync(join(tmpdir(), 'mbx-imap-restart-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

async function inbox(emulator: TestEmulator, token: string) {
  const [host, port] = (emulator.env.MBX_IMAP as string).split(':') as [string, string];
  const imap = new ImapFlow({
    host,
    port: Number(port),
    secure: true,
    tls: { ca: emulator.ca },
    auth: { user: 'anna@contoso.com', accessToken: token },
    logger: false,
  });
  await imap.connect();
  const box = await imap.mailboxOpen('INBOX');
  const messages: string[] = [];
  for await (const message of imap.fetch('1:*', { uid: true, flags: true, envelope: true }))
    messages.push(`${message.uid} ${message.envelope?.subject} ${[...(message.flags ?? [])].join(',')}`);
  const state = { uidValidity: String(box.uidValidity), uidNext: box.uidNext, messages };
  return { imap, state };
}

it('keeps messages, flags, UIDs and UIDVALIDITY across a restart', async () => {
  let emulator = await startTestEmulator({ stateDir });
  const admin = new TenantAdmin(emulator);
  await admin.user('anna@contoso.com', { password: 'Anna-Pass-1' });
  const client = await admin.app('Mail client', { publicClient: true });
  await admin.grantScopes(client.spId, GRAPH_APP_ID, 'IMAP.AccessAsUser.All offline_access');
  const token = await admin.userToken(client.appId, 'anna@contoso.com', 'Anna-Pass-1', ['https://outlook.office.com/IMAP.AccessAsUser.All']);
  const first = await inbox(emulator, token);
  await first.imap.append('INBOX', 'From: ben@contoso.com\r\nSubject: Kept\r\n\r\nBody\r\n', ['\\Flagged']);
  await first.imap.append('INBOX', 'From: ben@contoso.com\r\nSubject: Also kept\r\n\r\nBody\r\n');
  await first.imap.logout();
  const before = await inbox(emulator, token);
  await before.imap.logout();
  await emulator.stop();

  emulator = await startTestEmulator({ stateDir });
  try {
    // The token was signed by the same key, kept in the state folder.
    const after = await inbox(emulator, token);
    await after.imap.logout();
    expect(after.state).toEqual(before.state);
    expect(after.state.messages).toEqual(['1 Kept \\Flagged', '2 Also kept ']);
  } finally {
    await emulator.stop();
  }
});
