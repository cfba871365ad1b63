/**
 * The mail probes (issue 6): do what the mail software does, with its token, and time each step.
 * IMAP (imapflow) logs in with XOAUTH2 and `user=` the shared address, finds the folders the
 * client needs and opens INBOX; SMTP (nodemailer) sends over STARTTLS as the client would, with a
 * unique X-MBX-Probe header; the round trip awaits that message over IMAP (IDLE, and a search
 * every half second as fallback) and deletes every copy of it, also when a step fails. TLS is
 * verified against Node's CAs (NODE_EXTRA_CA_CERTS trusts the emulator's). A refusal comes back
 * with the server's words and their diagnosis; tokens never do.
 */
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { diagnose, type Diagnosis } from './diagnose.js';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface MailEndpoints {
  readonly imap: HostPort;
  readonly pop: HostPort;
  readonly smtp: HostPort;
  /** A CA to trust besides Node's (an explicit CA option, as DESIGN.md allows); verification stays on. */
  readonly ca?: string;
}

function hostPort(value: string | undefined, fallback: HostPort): HostPort {
  if (value === undefined || value === '') return fallback;
  const colon = value.lastIndexOf(':');
  return { host: value.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(value.slice(colon + 1)) };
}

/** Microsoft's endpoints (fidelity 5.1), or MBX_IMAP, MBX_POP and MBX_SMTP (host:port). */
export function mailEndpointsFrom(env: NodeJS.ProcessEnv): MailEndpoints {
  return {
    imap: hostPort(env.MBX_IMAP, { host: 'outlook.office365.com', port: 993 }),
    pop: hostPort(env.MBX_POP, { host: 'outlook.office365.com', port: 995 }),
    smtp: hostPort(env.MBX_SMTP, { host: 'smtp.office365.com', port: 587 }),
  };
}

export interface Step {
  readonly name: string;
  readonly ms: number;
}

export type ProbeOutcome =
  | { readonly ok: true; readonly steps: readonly Step[]; readonly detail: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly steps: readonly Step[]; readonly step: string; readonly answer: string; readonly diagnosis: Diagnosis };

/** Runs a probe's named steps in order, timing each; the first that throws ends the probe with its answer diagnosed. */
export class ProbeSteps {
  readonly done: Step[] = [];
  current = '';

  async run<T>(name: string, step: () => Promise<T>): Promise<T> {
    this.current = name;
    const started = performance.now();
    const value = await step();
    this.done.push({ name, ms: Math.round((performance.now() - started) * 10) / 10 });
    return value;
  }

  failed(error: unknown): ProbeOutcome {
    const answer = serverAnswer(error);
    return { ok: false, steps: this.done, step: this.current, answer, diagnosis: diagnose(answer) };
  }
}

/** The server's own words in an imapflow or nodemailer error, never the request (which holds the token). */
function serverAnswer(error: unknown): string {
  const failure = error as { response?: unknown; responseText?: unknown; serverResponseCode?: unknown; message?: unknown; code?: unknown };
  const text = typeof failure.response === 'string' ? failure.response : typeof failure.responseText === 'string' ? failure.responseText : typeof failure.message === 'string' ? failure.message : String(error);
  // eslint-disable-next-line no-control-regex -- ^A (0x01) ends the token in an XOAUTH2 string
  return text.replace(/auth=Bearer [^\s\x01]+/gi, 'auth=Bearer [redacted]');
}

function imapClient(endpoints: MailEndpoints, user: string, accessToken: string): ImapFlow {
  return new ImapFlow({ host: endpoints.imap.host, port: endpoints.imap.port, secure: true, auth: { user, accessToken }, logger: false, disableAutoIdle: true, ...(endpoints.ca === undefined ? {} : { tls: { ca: endpoints.ca } }) });
}

/** Log in as `mailbox` with the token, check `folders` exist (by their IMAP names), and open INBOX. */
export async function probeImap(endpoints: MailEndpoints, mailbox: string, token: string, folders: readonly string[]): Promise<ProbeOutcome> {
  const steps = new ProbeSteps();
  const imap = imapClient(endpoints, mailbox, token);
  try {
    await steps.run('connect and authenticate', () => imap.connect());
    const listed = await steps.run('list folders', () => imap.list());
    const names = new Set(listed.map((folder) => folder.path.toLowerCase()));
    const missing = folders.filter((folder) => !names.has(folder.toLowerCase()));
    if (missing.length > 0) throw new Error(`The folders ${missing.join(', ')} do not exist in ${mailbox}.`);
    const inbox = await steps.run('open INBOX', () => imap.mailboxOpen('INBOX', { readOnly: true }));
    return { ok: true, steps: steps.done, detail: { folders: listed.map((folder) => folder.path), messages: inbox.exists } };
  } catch (error) {
    return steps.failed(error);
  } finally {
    await imap.logout().catch(() => imap.close());
  }
}

export interface ProbeMessage {
  readonly from: string;
  /** Set for Send on Behalf: the delegate, with From the shared mailbox. */
  readonly sender?: string;
  readonly to: string;
}

/** Send one probe message over SMTP as the client would; its X-MBX-Probe id finds it again. */
export async function probeSmtp(endpoints: MailEndpoints, user: string, token: string, message: ProbeMessage, probeId = randomUUID()): Promise<ProbeOutcome> {
  const steps = new ProbeSteps();
  const transport = createTransport({ host: endpoints.smtp.host, port: endpoints.smtp.port, secure: false, requireTLS: true, auth: { type: 'OAuth2', user, accessToken: token }, ...(endpoints.ca === undefined ? {} : { tls: { ca: endpoints.ca } }) } as never);
  try {
    const info = await steps.run('submit', () =>
      transport.sendMail({
        from: message.from,
        ...(message.sender === undefined ? {} : { sender: message.sender }),
        to: message.to,
        subject: `mbx probe ${probeId}`,
        text: 'A connectivity probe sent by mbx. It deletes itself; if you see it, the probe stopped before it could.',
        headers: { 'X-MBX-Probe': probeId },
      }),
    );
    return { ok: true, steps: steps.done, detail: { probeId, response: (info as { response?: string }).response ?? '' } };
  } catch (error) {
    return steps.failed(error);
  } finally {
    transport.close();
  }
}

/** UIDs of the probe's messages in a folder, found by the X-MBX-Probe header. */
async function probeUids(imap: ImapFlow, probeId: string): Promise<number[]> {
  const found = await imap.search({ header: { 'X-MBX-Probe': probeId } }, { uid: true });
  return Array.isArray(found) ? found : [];
}

/** Await the probe message in `mailbox`'s INBOX (IDLE, with a search every half second as fallback), up to `timeoutMs`. */
export async function awaitProbe(endpoints: MailEndpoints, mailbox: string, token: string, probeId: string, timeoutMs: number): Promise<ProbeOutcome> {
  const steps = new ProbeSteps();
  const imap = imapClient(endpoints, mailbox, token);
  try {
    await steps.run('connect and authenticate', () => imap.connect());
    await steps.run('open INBOX', () => imap.mailboxOpen('INBOX'));
    const arrived = await steps.run('await the probe message', async () => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if ((await probeUids(imap, probeId)).length > 0) return true;
        if (Date.now() >= deadline) return false;
        // IDLE until new mail or half a second, whichever is first.
        // A dropped connection rejects IDLE; the search that follows reports it.
        const idle = imap.idle().catch(() => undefined);
        await Promise.race([new Promise<void>((resolve) => imap.once('exists', () => resolve())), new Promise<void>((resolve) => setTimeout(resolve, Math.min(500, Math.max(0, deadline - Date.now()))))]);
        await imap.noop();
        await idle;
      }
    });
    if (!arrived) throw new Error(`The probe message did not arrive in ${mailbox} within ${timeoutMs} ms.`);
    return { ok: true, steps: steps.done, detail: { probeId } };
  } catch (error) {
    return steps.failed(error);
  } finally {
    await imap.logout().catch(() => imap.close());
  }
}

/**
 * Delete every copy of the probe message from the folders of `mailbox` the token can open (INBOX
 * and Sent Items by default), on a fresh connection, so a probe that failed halfway still cleans
 * up. Returns how many messages it removed.
 */
export async function cleanUp(endpoints: MailEndpoints, mailbox: string, token: string, probeId: string, folders: readonly string[] = ['INBOX', 'Sent Items']): Promise<number> {
  const imap = imapClient(endpoints, mailbox, token);
  let removed = 0;
  try {
    await imap.connect();
    for (const folder of folders) {
      const lock = await imap.getMailboxLock(folder);
      try {
        const uids = await probeUids(imap, probeId);
        if (uids.length > 0 && (await imap.messageDelete(uids, { uid: true }))) removed += uids.length;
      } finally {
        lock.release();
      }
    }
  } finally {
    await imap.logout().catch(() => imap.close());
  }
  return removed;
}
