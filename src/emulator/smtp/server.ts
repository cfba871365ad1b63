/**
 * SMTP submission as smtp.office365.com:587 answers it (fidelity 5.2-5.5), on the smtp-server
 * library: STARTTLS, then AUTH XOAUTH2 with an emulator token (LOGIN is advertised, and refused as
 * basic authentication). The authenticated mailbox is the SASL `user=`: the token's own, a mailbox
 * the token's user holds Full Access to, or, for an app token with SMTP.SendAsApp (or the RBAC
 * role Application SMTP.SendAsApp), the mailbox it names. Sender rules and delivery are the ones
 * Graph's sendMail uses (mail/submit.ts), so a Send As grant means the same on both.
 * Where the library's own texts differ from Exchange's is listed in docs/emulator.md.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { EmulatorContext } from '../context.js';
import { organizationSettings } from '../exchange/organization-settings.js';
import { mailFault } from '../mail/faults.js';
import { parseMessage } from '../mail/messages.js';
import { openSession, type ProtocolNeeds } from '../mail/sasl.js';
import { checkRbacSender, checkSender, submit } from '../mail/submit.js';
import type { MailServer } from '../mail/tls-server.js';
import type { Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import type { TlsMaterial } from '../tls.js';
import { exchangeReply, type Reply } from './replies.js';

/** The front-end name Exchange's answers carry; any outlook.office365.com host name looks alike. */
export const SMTP_HOST = 'MBXEMU01.outlook.office365.com';
/** Exchange Online's maximum message size, as its EHLO advertises it. */
const MAX_SIZE = 157_286_400;
const MAX_RECIPIENTS = 500;
const MAX_SESSIONS_PER_MAILBOX = 3;

/** Exchange's texts (fidelity 5.2-5.5), with the error code each is sent with. */
export const SMTP_TEXTS = {
  authFailed: `5.7.3 Authentication unsuccessful [${SMTP_HOST}]`,
  basicDisabled: '5.7.139 Authentication unsuccessful, basic authentication is disabled.',
  tenantDisabled:
    '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
  mailboxDisabled:
    '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.',
  concurrency: '4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending for more information.',
  tooManyRecipients: '4.5.3 Too many recipients',
  sendAsDenied: (who: string, from: string) =>
    `5.2.252 SendAsDenied; ${who} not allowed to send as ${from}; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message.[EndDiagnosticData] [Hostname=${SMTP_HOST}]`,
  mailboxFull: '5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded',
  /** The fault layer's throttling and dropped connection; no source quotes Exchange's (docs/emulator.md). */
  throttled: (backoffMs: number) => `4.3.2 Request is throttled. Suggested Backoff Time: ${backoffMs} milliseconds`,
  dropped: '4.3.2 Service not available, closing transmission channel',
} as const;

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/** Who a session authenticated as: the mailbox of `user=`, and the principal whose rights apply. */
interface SessionUser {
  readonly tenantId: string;
  readonly mailboxId: string;
  /** The user's object id, or for an app the Exchange service principal's identity. */
  readonly principalId: string;
  /** How the SendAsDenied text names the sender. */
  readonly name: string;
  /** An app admitted by the RBAC role Application SMTP.SendAsApp alone: its Entra service principal's object id. */
  readonly rbacApp?: string;
}

/** SMTP AUTH for the mailbox: its own setting, else the organization's (Set-CASMailbox.md, Set-TransportConfig.md). */
function smtpAuthRefusal(tenant: Tenant, mailbox: Mailbox): string | undefined {
  const own = mailbox.smtpClientAuthenticationDisabled;
  if (own === true) return SMTP_TEXTS.mailboxDisabled;
  if (own === null && organizationSettings(tenant).smtpClientAuthenticationDisabled) return SMTP_TEXTS.tenantDisabled;
  return undefined;
}

const SMTP_NEEDS: ProtocolNeeds = { delegated: 'SMTP.Send', application: 'SMTP.SendAsApp', rbacRole: 'Application SMTP.SendAsApp', appNeedsFullAccess: false };

/** Run a command through the fault layer: delayed, refused as throttled (451), or the connection closed (421). */
async function faulted<T>(context: EmulatorContext, operation: string, session: SMTPServerSession, run: () => Promise<T>): Promise<T> {
  const user = session.user as SessionUser | undefined;
  const fault = await mailFault(context, 'smtp', operation, user === undefined ? `smtp:${session.id}` : `principal:${user.principalId}`);
  if (fault.kind === 'drop') throw smtpError(421, SMTP_TEXTS.dropped);
  if (fault.kind === 'throttle') throw smtpError(451, SMTP_TEXTS.throttled(fault.backoffMs));
  try {
    return await run();
  } finally {
    fault.release();
  }
}

/**
 * smtp-server with Exchange's replies: each connection's `send` goes through `exchangeReply`
 * (replies.ts). Wrapping the one write site per connection keeps the library's protocol handling
 * whole; the alternative, a proxy in front of it, would have to follow STARTTLS itself.
 */
class ExchangeSmtpServer extends SMTPServer {
  constructor(
    options: SMTPServerOptions,
    private readonly now: () => Date,
  ) {
    super(options);
  }

  override connect(socket: Socket | TLSSocket, socketOptions?: Parameters<SMTPServer['connect']>[1]): void {
    const before = new Set(this.connections);
    super.connect(socket, socketOptions);
    for (const connection of this.connections) {
      if (before.has(connection)) continue;
      const send = connection.send.bind(connection);
      connection.send = (code, data, context) => {
        const reply = exchangeReply({ code, data, context } as Reply, { host: SMTP_HOST, secure: connection.secure, now: this.now() });
        send(reply.code, reply.data as string | string[] | null | undefined, reply.context);
      };
    }
  }
}

export function createSmtpServer(context: EmulatorContext, tls: TlsMaterial): MailServer {
  const sessions = new Map<string, number>();
  /** Submission times per mailbox in the last minute, and the deliveries waiting for the rate limit. */
  const recent = new Map<string, number[]>();
  const waiting = new Set<NodeJS.Timeout>();

  /**
   * Submit now, or, past the mailbox's messages a minute, once the minute allows: Exchange delays
   * such messages rather than refusing them (fidelity 5.5). The client has its 250 either way.
   */
  function deliverInTurn(mailboxId: string, run: () => Promise<void>): Promise<void> {
    const now = Date.now();
    const limit = context.settings.smtpMessagesPerMinute;
    const times = (recent.get(mailboxId) ?? []).filter((time) => time > now - 60_000);
    const at = times.length < limit ? now : (times[times.length - limit] as number) + 60_000;
    times.push(at);
    recent.set(mailboxId, times);
    if (at <= now) return run();
    const timer = setTimeout(() => {
      waiting.delete(timer);
      void run().catch((error: unknown) => context.log.warn({ err: error }, 'a delayed SMTP delivery failed'));
    }, at - now);
    waiting.add(timer);
    return Promise.resolve();
  }
  const release = (session: SMTPServerSession): void => {
    const user = session.user as SessionUser | undefined;
    if (user !== undefined) sessions.set(user.mailboxId, Math.max(0, (sessions.get(user.mailboxId) ?? 1) - 1));
  };

  async function onAuth(auth: SMTPServerAuthentication): Promise<SessionUser> {
    if (auth.method !== 'XOAUTH2') throw smtpError(535, SMTP_TEXTS.basicDisabled);
    const opened = await openSession(context, auth.username ?? '', auth.accessToken ?? '', SMTP_NEEDS);
    if (opened === undefined) throw smtpError(535, SMTP_TEXTS.authFailed);
    const user: SessionUser = {
      tenantId: opened.tenant.info.id,
      mailboxId: opened.mailbox.id,
      principalId: opened.principalId,
      name: opened.name,
      ...(opened.rbacApp === undefined ? {} : { rbacApp: opened.rbacApp }),
    };
    const refusal = smtpAuthRefusal(opened.tenant, opened.mailbox);
    if (refusal !== undefined) throw smtpError(535, refusal);
    // A user's token signs in to SMTP as its own mailbox only. IMAP and POP take a shared mailbox's
    // address in user= with a delegate's token; SMTP checks that mailbox's SMTP AUTH setting (5.7.139
    // above), then answers 535 5.7.3 even with it on: the delegate signs in as itself and sends with
    // From the shared address, which Send As allows (nextcloud/mail#13668, measured 2026-09;
    // Foundry376/Mailspring-Sync#116, against a live tenant; jstedfast/MailKit#1770; the maintainer in
    // simonrob/email-oauth2-proxy#426). So the SMTP AUTH setting that counts is the delegate's own mailbox's.
    if (opened.identity === 'user' && opened.mailbox.userId !== opened.principalId) throw smtpError(535, SMTP_TEXTS.authFailed);
    const open = sessions.get(user.mailboxId) ?? 0;
    if (open >= MAX_SESSIONS_PER_MAILBOX) throw smtpError(432, SMTP_TEXTS.concurrency);
    sessions.set(user.mailboxId, open + 1);
    return user;
  }

  async function onData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const user = session.user as SessionUser;
    const tenant = context.store.resolve(user.tenantId) as Tenant;
    const mailbox = tenant.collection('mailboxes').get(user.mailboxId) as Mailbox;
    const parsed = await parseMessage(raw);
    const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
    const from = parsed.from?.address ?? mailFrom;
    // The rights are the token's: a delegate's own (Full Access lets it log in as the shared mailbox,
    // not send as it), the app's service principal's, or for an app admitted by its RBAC role alone,
    // that role's scope.
    const senderCheck = (address: string) =>
      user.rbacApp === undefined
        ? checkSender(context, tenant, user.principalId, address)
        : checkRbacSender(context, tenant, user.rbacApp, address, SMTP_NEEDS.rbacRole as string);
    const allowed = senderCheck(from);
    if (!allowed.ok) throw smtpError(554, SMTP_TEXTS.sendAsDenied(user.name, from));
    // The envelope sender is held to the same rights (a null sender aside): no capture settles what
    // Exchange does when MAIL FROM and From differ, and its 5.7.60 text ("send from an address that
    // doesn't match the logon credentials") reads as the envelope being checked (fidelity-round2,
    // Send As section). Refusing keeps a tenant without Send As from verifying green through it.
    if (mailFrom !== '' && mailFrom.toLowerCase() !== from.toLowerCase() && !senderCheck(mailFrom).ok)
      throw smtpError(554, SMTP_TEXTS.sendAsDenied(user.name, mailFrom));
    if (mailbox.quotas.prohibitSend !== null && mailbox.totalItemSize >= mailbox.quotas.prohibitSend) throw smtpError(554, SMTP_TEXTS.mailboxFull);
    const recipients = session.envelope.rcptTo.map((recipient) => recipient.address);
    await deliverInTurn(mailbox.id, async () => {
      await submit(context, tenant, {
        mailbox,
        right: allowed.right,
        fromMailbox: allowed.fromMailbox,
        raw,
        mailFrom,
        recipients,
        saveToSentItems: true,
        via: 'smtp',
      });
    });
    return `2.0.0 OK <${randomUUID()}@${SMTP_HOST}> [Hostname=${SMTP_HOST}]`;
  }

  const smtp = new ExchangeSmtpServer(
    {
      name: SMTP_HOST,
      heloResponse: '%s Hello %s',
      key: tls.key,
      cert: tls.cert,
      size: MAX_SIZE,
      authMethods: ['LOGIN', 'XOAUTH2'],
      // AUTH is accepted only after STARTTLS, as Exchange accepts it (the library lists it before too).
      allowInsecureAuth: false,
      hideREQUIRETLS: true,
      // DSN parameters (NOTIFY, RET, ENVID, ORCPT) are taken, as Exchange's EHLO offers DSN (S9).
      hideDSN: false,
      disableReverseLookup: true,
      logger: false,
      // Stopping the emulator ends open sessions after this long.
      closeTimeout: 500,
      onAuth(auth, session, callback) {
        faulted(context, 'AUTH', session, () => onAuth(auth)).then(
          (user) => callback(null, { user }),
          (error: Error) => callback(error),
        );
      },
      onMailFrom(_address, session, callback) {
        faulted(context, 'MAIL', session, async () => undefined).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
      onRcptTo(_address, session, callback) {
        callback(session.envelope.rcptTo.length >= MAX_RECIPIENTS ? smtpError(452, SMTP_TEXTS.tooManyRecipients) : null);
      },
      onData(stream, session, callback) {
        faulted(context, 'DATA', session, () => onData(stream, session)).then(
          (message) => callback(null, message),
          (error: Error) => {
            stream.resume();
            callback(error);
          },
        );
      },
      onClose(session) {
        release(session);
      },
    },
    () => context.now(),
  );
  // smtp-server emits a connection's failures (bytes that are not TLS after STARTTLS, a reset) on the
  // server itself; unheard, Node would end the whole emulator with them (issue 17).
  smtp.on('error', (error: Error) => context.log.warn({ err: error }, 'an SMTP connection failed'));
  return {
    server: smtp.server,
    close: (done) => {
      for (const timer of waiting) clearTimeout(timer);
      smtp.close(done);
    },
  };
}
