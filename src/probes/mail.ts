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
import type { RetryPolicy } from '../m365/retry.js';
import { isNetworkError } from '../m365/retry.js';
import { MbxError } from '../errors.js';
import { diagnose } from './diagnose.js';
import type { ProbeOutcome, Step } from './types.js';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface MailEndpoints {
  readonly imap: HostPort;
  readonly pop: HostPort;
  readonly smtp: HostPort;
  /** A CA to trust besides Node's (an explicit CA option, docs/architecture.md, "Connecting to a tenant"); verification stays on. */
  readonly ca?: string;
}

function hostPort(variable: string, value: string | undefined, fallback: HostPort): HostPort {
  if (value === undefined || value === '') return fallback;
  const colon = value.lastIndexOf(':');
  const host = value.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(value.slice(colon + 1));
  if (colon <= 0 || host === '' || !Number.isInteger(port) || port < 1 || port > 65_535)
    throw new MbxError(
      'CONFIG_INVALID',
      `${variable} is '${value}', which is not host:port (such as ${fallback.host}:${fallback.port}); fix it, or unset it for Microsoft's.`,
      {
        variable,
      },
    );
  return { host, port };
}

/** Microsoft's endpoints (fidelity 5.1), or MBX_IMAP, MBX_POP and MBX_SMTP (host:port). */
export function mailEndpointsFrom(env: NodeJS.ProcessEnv): MailEndpoints {
  return {
    imap: hostPort('MBX_IMAP', env.MBX_IMAP, { host: 'outlook.office365.com', port: 993 }),
    pop: hostPort('MBX_POP', env.MBX_POP, { host: 'outlook.office365.com', port: 995 }),
    smtp: hostPort('MBX_SMTP', env.MBX_SMTP, { host: 'smtp.office365.com', port: 587 }),
  };
}

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
    const diagnosis = diagnose(answer);
    const transient = isTransientProbeError(error, diagnosis);
    const backoff = suggestedBackoffMs(answer);
    return {
      ok: false,
      steps: this.done,
      step: this.current,
      answer,
      diagnosis,
      ...(transient ? { transient } : {}),
      ...(backoff === undefined ? {} : { retryAfterMs: backoff }),
    };
  }
}

/**
 * Whether a probe's failure may pass: a transient diagnosis, a dropped connection, or an SMTP 4xx
 * reply (RFC 5321 4.2.1: not accepted, try again later) whatever its words.
 */
export function isTransientProbeError(error: unknown, diagnosis = diagnose(serverAnswer(error))): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return diagnosis.transient || isNetworkError(error) || (typeof code === 'number' && code >= 400 && code < 500);
}

/** The wait Exchange asks for in a throttling answer (`Suggested Backoff Time: N milliseconds`), in milliseconds. */
function suggestedBackoffMs(answer: string): number | undefined {
  const backoff = /Suggested Backoff Time: (\d+) milliseconds/i.exec(answer)?.[1];
  return backoff === undefined ? undefined : Number(backoff);
}

/** The server's own words in an imapflow or nodemailer error, never the request (which holds the token). */
export function serverAnswer(error: unknown): string {
  const failure = error as { response?: unknown; responseText?: unknown; serverResponseCode?: unknown; message?: unknown; code?: unknown };
  const text =
    typeof failure.response === 'string'
      ? failure.response
      : typeof failure.responseText === 'string'
        ? failure.responseText
        : typeof failure.message === 'string'
          ? failure.message
          : String(error);
  // eslint-disable-next-line no-control-regex -- ^A (0x01) ends the token in an XOAUTH2 string
  return text.replace(/auth=Bearer [^\s\x01]+/gi, 'auth=Bearer [redacted]');
}

/** A command imapflow answered with `false` on a live connection: the server refused it (a throttle, most likely). */
class Refused extends Error {}

/**
 * Run one IMAP command, and while Exchange answers `NO Request is throttled` (or imapflow reports a
 * refused command as `false` on a connection still up) run it again on the same connection after
 * the backoff suggested, within the retry policy. A dropped connection is not retried here: the
 * caller's policy reconnects.
 */
function patiently(retry: RetryPolicy | undefined): <T>(command: () => Promise<T>) => Promise<T> {
  return async (command) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await command();
      } catch (error) {
        const answer = serverAnswer(error);
        if (
          retry === undefined ||
          !(error instanceof Refused || /Request is throttled/i.test(answer)) ||
          !(await retry.backoff(attempt, suggestedBackoffMs(answer)))
        )
          throw error;
      }
    }
  };
}

function imapClient(endpoints: MailEndpoints, user: string, accessToken: string): ImapFlow {
  const imap = new ImapFlow({
    host: endpoints.imap.host,
    port: endpoints.imap.port,
    secure: true,
    auth: { user, accessToken },
    logger: false,
    disableAutoIdle: true,
    ...(endpoints.ca === undefined ? {} : { tls: { ca: endpoints.ca } }),
  });
  // imapflow emits 'error' for a socket that fails (a drop during AUTHENTICATE); unheard, Node ends the process.
  // The pending command rejects as well, and that rejection is the probe's answer.
  imap.on('error', () => undefined);
  return imap;
}

/** Log in as `mailbox` with the token, check `folders` exist (by their IMAP names), and open INBOX. */
export async function probeImap(
  endpoints: MailEndpoints,
  mailbox: string,
  token: string,
  folders: readonly string[],
  retry?: RetryPolicy,
): Promise<ProbeOutcome> {
  const steps = new ProbeSteps();
  const imap = imapClient(endpoints, mailbox, token);
  const patient = patiently(retry);
  try {
    await steps.run('connect and authenticate', () => imap.connect());
    const listed = await steps.run('list folders', () => patient(() => imap.list()));
    const names = new Set(listed.map((folder) => folder.path.toLowerCase()));
    const missing = folders.filter((folder) => !names.has(folder.toLowerCase()));
    if (missing.length > 0) throw new Error(`The folders ${missing.join(', ')} do not exist in ${mailbox}.`);
    const inbox = await steps.run('open INBOX', () => patient(() => imap.mailboxOpen('INBOX', { readOnly: true })));
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
  const transport = createTransport({
    host: endpoints.smtp.host,
    port: endpoints.smtp.port,
    secure: false,
    requireTLS: true,
    auth: { type: 'OAuth2', user, accessToken: token },
    ...(endpoints.ca === undefined ? {} : { tls: { ca: endpoints.ca } }),
  } as never);
  transport.on('error', () => undefined);
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
    // Failed while the message itself was on the wire: the server may have taken it before the line fell.
    const afterData = (error as { command?: unknown }).command === 'DATA' && (error as { responseCode?: unknown }).responseCode === undefined;
    const failed = steps.failed(error);
    return { ...failed, detail: { probeId, afterData } } as ProbeOutcome;
  } finally {
    transport.close();
  }
}

/** UIDs of the probe's messages in the open folder, found by the X-MBX-Probe header. */
async function probeUids(imap: ImapFlow, probeId: string, patient = patiently(undefined)): Promise<number[]> {
  return patient(async () => {
    const found = await imap.search({ header: { 'X-MBX-Probe': probeId } }, { uid: true });
    if (Array.isArray(found)) return found;
    // imapflow answers a failed SEARCH with false: never read that as "no such message".
    if (imap.usable) throw new Refused('The server refused SEARCH (no result).');
    throw new Error('Connection not available: the connection closed during SEARCH.');
  });
}

/** Wait in the open folder until `present()` holds or the deadline passes: IDLE for new mail, a check every half second as fallback. */
async function waitFor(imap: ImapFlow, present: () => Promise<boolean>, deadline: number, patient = patiently(undefined)): Promise<boolean> {
  for (;;) {
    if (await present()) return true;
    if (Date.now() >= deadline) return false;
    // A dropped connection rejects IDLE; the check that follows reports it.
    const idle = imap.idle().catch(() => undefined);
    let arrived: (() => void) | undefined;
    await Promise.race([
      new Promise<void>((resolve) => imap.once('exists', (arrived = () => resolve()))),
      new Promise<void>((resolve) => setTimeout(resolve, Math.min(500, Math.max(0, deadline - Date.now())))),
    ]);
    if (arrived !== undefined) imap.off('exists', arrived);
    await patient(() => imap.noop());
    await idle;
  }
}

export interface AwaitOptions {
  readonly timeoutMs: number;
  /** Also look for the copy in the mailbox's Sent Items (where the spec asks for one). */
  readonly sentItemsCopy?: boolean;
  /** The run's retry policy, for throttled commands. */
  readonly retry?: RetryPolicy;
}

/** Await the probe message in `mailbox`'s INBOX over IMAP, and where asked its Sent Items copy, up to the timeout. */
export async function awaitProbe(endpoints: MailEndpoints, mailbox: string, token: string, probeId: string, options: AwaitOptions): Promise<ProbeOutcome> {
  const steps = new ProbeSteps();
  const imap = imapClient(endpoints, mailbox, token);
  const deadline = Date.now() + options.timeoutMs;
  const patient = patiently(options.retry);
  try {
    await steps.run('connect and authenticate', () => imap.connect());
    await steps.run('open INBOX', () => patient(() => imap.mailboxOpen('INBOX')));
    const arrived = await steps.run('await the probe message', () =>
      waitFor(imap, async () => (await probeUids(imap, probeId, patient)).length > 0, deadline, patient),
    );
    if (!arrived) throw new Error(`The probe message did not arrive in ${mailbox} within ${options.timeoutMs} ms.`);
    if (options.sentItemsCopy !== true) return { ok: true, steps: steps.done, detail: { probeId } };
    await steps.run('open Sent Items', () => patient(() => imap.mailboxOpen('Sent Items', { readOnly: true })));
    const copied = await steps.run('find the Sent Items copy', () =>
      waitFor(imap, async () => (await probeUids(imap, probeId, patient)).length > 0, deadline, patient),
    );
    if (!copied)
      throw new Error(
        `The probe message arrived, but no copy reached ${mailbox}'s Sent Items within ${options.timeoutMs} ms, though the spec asks for one (sentItemsCopy).`,
      );
    return { ok: true, steps: steps.done, detail: { probeId, sentItemsCopy: true } };
  } catch (error) {
    return steps.failed(error);
  } finally {
    await imap.logout().catch(() => imap.close());
  }
}

export interface CleanUpOptions {
  /** The folders to clear: INBOX and Sent Items by default. */
  readonly folders?: readonly string[];
  /** How long to wait for probe messages still on their way to INBOX before deleting. */
  readonly awaitMs?: number;
  /** The ids awaited in INBOX (those the server accepted); by default every id. The rest are deleted if found. */
  readonly awaitIds?: readonly string[];
  /** The run's retry policy, for throttled commands. */
  readonly retry?: RetryPolicy;
  /** Ids already found in INBOX, shared by the tries of one clean-up. */
  readonly delivered?: Set<string>;
}

/**
 * Delete every copy of the probe messages from `mailbox` (INBOX and Sent Items by default), on a
 * fresh connection, so a probe that failed halfway still cleans up. Messages sent but not yet
 * delivered are waited for in INBOX, up to `awaitMs`. Returns how many messages it removed.
 */
export async function cleanUp(
  endpoints: MailEndpoints,
  mailbox: string,
  token: string,
  probeIds: readonly string[],
  options: CleanUpOptions = {},
): Promise<number> {
  const imap = imapClient(endpoints, mailbox, token);
  const patient = patiently(options.retry);
  // Ids found in INBOX by this or an earlier try (a try that fell halfway has deleted them): no longer awaited.
  const delivered = options.delivered ?? new Set<string>();
  let removed = 0;
  try {
    await imap.connect();
    for (const folder of options.folders ?? ['INBOX', 'Sent Items']) {
      const lock = await patient(() => imap.getMailboxLock(folder));
      try {
        const inbox = folder.toUpperCase() === 'INBOX';
        const find = async (): Promise<number[]> => {
          const found = new Set<number>();
          for (const probeId of probeIds) {
            const uids = await probeUids(imap, probeId, patient);
            if (uids.length > 0 && inbox) delivered.add(probeId);
            for (const uid of uids) found.add(uid);
          }
          return [...found];
        };
        let found: number[] = [];
        if (inbox)
          await waitFor(
            imap,
            async () => ((found = await find()), (options.awaitIds ?? probeIds).every((probeId) => delivered.has(probeId))),
            Date.now() + (options.awaitMs ?? 0),
            patient,
          );
        else found = await find();
        if (found.length === 0) continue;
        // imapflow's messageDelete answers false, not an error, when STORE or EXPUNGE is refused: look again to be sure.
        await imap.messageDelete(found, { uid: true });
        const left = await find();
        if (left.length > 0) throw new Error(`Connection not available: ${left.length} probe message(s) still in ${folder} after the delete`);
        removed += found.length;
      } finally {
        lock.release();
      }
    }
  } finally {
    await imap.logout().catch(() => imap.close());
  }
  return removed;
}
