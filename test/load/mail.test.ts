/**
 * Load (slow: about half a minute; runs in CI): 200 IMAP sessions held open and selected while
 * 1,000 messages are submitted by SMTP across 50 mailboxes, by 50 senders on pooled connections.
 * Every accepted message must be in its recipient's Inbox exactly once, and every IMAP session
 * must have been told of it. Memory and throughput are measured by `npm run bench:mail`.
 */
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const MAILBOXES = 50;
const SESSIONS_PER_MAILBOX = 4;
const MESSAGES = 1000;

let emulator: TestEmulator;
const tokens: string[] = [];
const address = (index: number): string => `user${index}@contoso.com`;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const admin = new TenantAdmin(emulator);
  await admin.exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: false });
  const client = await admin.app('Load client', { publicClient: true });
  await admin.grantScopes(client.spId, GRAPH_APP_ID, 'IMAP.AccessAsUser.All SMTP.Send offline_access');
  for (let index = 0; index < MAILBOXES; index += 1) await admin.user(address(index), { password: 'Load-Pass-1' });
  for (let index = 0; index < MAILBOXES; index += 1) {
    tokens.push(
      await admin.userToken(client.appId, address(index), 'Load-Pass-1', [
        'https://outlook.office.com/IMAP.AccessAsUser.All',
        'https://outlook.office.com/SMTP.Send',
      ]),
    );
  }
}, 120_000);
afterAll(() => emulator.stop());

it('delivers 1,000 SMTP submissions across 50 mailboxes exactly once, while 200 IMAP sessions watch', async () => {
  const [imapHost, imapPort] = (emulator.env.MBX_IMAP as string).split(':') as [string, string];
  const [smtpHost, smtpPort] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
  const sessions = Array.from({ length: MAILBOXES * SESSIONS_PER_MAILBOX }, (_, index) => {
    const mailbox = index % MAILBOXES;
    return {
      mailbox,
      imap: new ImapFlow({
        host: imapHost,
        port: Number(imapPort),
        secure: true,
        tls: { ca: emulator.ca },
        auth: { user: address(mailbox), accessToken: tokens[mailbox] as string },
        logger: false,
      }),
    };
  });
  await Promise.all(
    sessions.map(async ({ imap }) => {
      await imap.connect();
      await imap.mailboxOpen('INBOX');
    }),
  );

  // Each sender keeps two pooled connections (Exchange allows three per mailbox) and sends 20 messages.
  const accepted = new Map<string, number>();
  await Promise.all(
    Array.from({ length: MAILBOXES }, async (_, sender) => {
      const transport = createTransport({
        host: smtpHost,
        port: Number(smtpPort),
        secure: false,
        requireTLS: true,
        pool: true,
        maxConnections: 2,
        tls: { ca: emulator.ca },
        auth: { type: 'OAuth2', user: address(sender), accessToken: tokens[sender] as string },
      } as never);
      await Promise.all(
        Array.from({ length: MESSAGES / MAILBOXES }, async (_, n) => {
          const recipient = (sender + n) % MAILBOXES;
          const subject = `load ${sender}-${n}`;
          await transport.sendMail({ from: address(sender), to: address(recipient), subject, text: subject });
          accepted.set(subject, recipient);
        }),
      );
      transport.close();
    }),
  );
  expect(accepted.size).toBe(MESSAGES);

  // Every watching session learns of its Inbox's new messages at its next command.
  await Promise.all(sessions.map(({ imap }) => imap.noop()));
  const perMailbox = new Map<number, number>();
  for (const recipient of accepted.values()) perMailbox.set(recipient, (perMailbox.get(recipient) ?? 0) + 1);
  for (const { imap, mailbox } of sessions) expect(imap.mailbox && imap.mailbox.exists).toBe(perMailbox.get(mailbox));

  // And each message is there exactly once.
  const found = new Map<string, number>();
  await Promise.all(
    sessions.slice(0, MAILBOXES).map(async ({ imap }) => {
      for await (const message of imap.fetch('1:*', { envelope: true }))
        found.set(message.envelope?.subject ?? '', (found.get(message.envelope?.subject ?? '') ?? 0) + 1);
    }),
  );
  expect(found.size).toBe(MESSAGES);
  expect([...found.values()].every((count) => count === 1)).toBe(true);
  await Promise.all(sessions.map(({ imap }) => imap.logout()));
}, 180_000);
