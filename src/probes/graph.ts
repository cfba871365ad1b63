/**
 * The Graph probe (issue 6) for clients that read and send through Microsoft Graph: with the
 * client's token, list the shared mailbox's messages where the client reads, and send one probe
 * message from each address the client sends from, to the mailbox itself (an `X-MBX-Probe`
 * header and the subject mark it). Refusals come back with Graph's code and message, diagnosed.
 * cleanUpGraph deletes the probe's copies by subject across the mailbox's folders.
 */
import { randomUUID } from 'node:crypto';
import { isNetworkError, RetryPolicy, retryAfterMs, transientStatus } from '../m365/retry.js';
import { ProbeSteps } from './mail.js';
import type { ProbeOutcome } from './types.js';

interface GraphAnswer {
  readonly status: number;
  readonly body: { id?: string; value?: { id: string; parentFolderId?: string }[]; error?: { code?: string; message?: string } } | undefined;
}

/** Graph's refusal in its own words: status, error code and message. */
function refusal(answer: GraphAnswer): Error {
  return new Error(`${answer.status} ${answer.body?.error?.code ?? ''}: ${answer.body?.error?.message ?? ''}`);
}

/** The subject a probe message carries, by which Graph finds it again. */
export const probeSubject = (probeId: string): string => `mbx probe ${probeId}`;

/**
 * Calls on the mailbox through Graph, each under the run's retry policy: 408, 429 and 5xx are tried
 * again after their Retry-After, a dropped connection after backoff. A sendMail tried again keeps
 * its probe id, so a copy the first try may have delivered is found and deleted with the rest.
 */
function graphCaller(graphUrl: string, mailbox: string, token: string, retry: RetryPolicy) {
  const base = `${graphUrl.replace(/\/$/, '')}/v1.0/users/${encodeURIComponent(mailbox)}`;
  return async (method: string, path: string, body?: unknown): Promise<GraphAnswer> => {
    for (let attempt = 1; ; attempt += 1) {
      let answer: GraphAnswer & { retryAfterMs?: number };
      try {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        let parsed: GraphAnswer['body'];
        try {
          parsed = text === '' ? undefined : (JSON.parse(text) as GraphAnswer['body']);
        } catch {
          // A proxy's page, not Graph's JSON: the status speaks for it.
          parsed = { error: { code: `HTTP${response.status}`, message: 'the answer was not JSON' } };
        }
        answer = { status: response.status, body: parsed, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
      } catch (error) {
        if (!isNetworkError(error) || !(await retry.backoff(attempt))) throw error;
        continue;
      }
      if (!transientStatus(answer.status) || !(await retry.backoff(attempt, answer.retryAfterMs))) return answer;
    }
  };
}

export interface GraphProbeOptions {
  /** The run's retry policy. */
  readonly retry?: RetryPolicy;
  /** List the mailbox's messages (the client reads through Graph). */
  readonly reads: boolean;
  /** Send one message from each (the client sends through Graph). */
  readonly from: readonly string[];
}

/** Returns the outcome; `detail.probeIds` names the messages sent, for cleanUpGraph. */
export async function probeGraph(graphUrl: string, mailbox: string, token: string, options: GraphProbeOptions): Promise<ProbeOutcome> {
  const call = graphCaller(graphUrl, mailbox, token, options.retry ?? new RetryPolicy());
  const steps = new ProbeSteps();
  /** A step whose Graph answer must be a success; its time counts either way. */
  const timed = async (name: string, run: () => Promise<GraphAnswer>): Promise<void> => {
    const answer = await steps.run(name, run);
    if (answer.status >= 300) throw refusal(answer);
  };
  const probeIds: string[] = [];
  try {
    if (options.reads) await timed('list messages', () => call('GET', '/messages?$top=1&$select=id'));
    for (const from of options.from) {
      const probeId = randomUUID();
      probeIds.push(probeId);
      await timed(`send from ${from}`, () =>
        call('POST', '/sendMail', {
          message: {
            subject: probeSubject(probeId),
            body: { contentType: 'Text', content: 'A connectivity probe sent by mbx. It deletes itself.' },
            from: { emailAddress: { address: from } },
            toRecipients: [{ emailAddress: { address: mailbox } }],
            internetMessageHeaders: [{ name: 'X-MBX-Probe', value: probeId }],
          },
          saveToSentItems: true,
        }),
      );
    }
    return { ok: true, steps: steps.done, detail: { probeIds } };
  } catch (error) {
    return { ...steps.failed(error), detail: { probeIds } };
  }
}

/**
 * Delete the probe messages from every folder of `mailbox` through Graph, waiting up to `awaitMs`
 * for those still on their way to INBOX. Returns how many it removed.
 */
export async function cleanUpGraph(
  graphUrl: string,
  mailbox: string,
  token: string,
  probeIds: readonly string[],
  awaitMs = 0,
  retry = new RetryPolicy(),
): Promise<number> {
  const call = graphCaller(graphUrl, mailbox, token, retry);
  const deadline = Date.now() + awaitMs;
  const answered = (answer: GraphAnswer): GraphAnswer => {
    if (answer.status >= 300) throw refusal(answer);
    return answer;
  };
  const inbox = answered(await call('GET', '/mailFolders/inbox?$select=id')).body?.id;
  let removed = 0;
  const pending = new Set(probeIds);
  for (;;) {
    for (const probeId of [...pending]) {
      const found = answered(await call('GET', `/messages?$filter=${encodeURIComponent(`subject eq '${probeSubject(probeId)}'`)}&$select=id,parentFolderId`));
      const messages = found.body?.value ?? [];
      for (const message of messages) {
        const deleted = await call('DELETE', `/messages/${message.id}`);
        // Gone already (an earlier try deleted it) is as good as deleted; anything else must not pass in silence.
        if (deleted.status < 300) removed += 1;
        else if (deleted.status !== 404) throw refusal(deleted);
      }
      // Delivered once its INBOX copy was found (and deleted); until then it may still arrive.
      if (messages.some((message) => message.parentFolderId === inbox)) pending.delete(probeId);
    }
    if (pending.size === 0 || Date.now() >= deadline) return removed;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
