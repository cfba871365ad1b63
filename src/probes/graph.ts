/**
 * The Graph probe (issue 6) for clients that read and send through Microsoft Graph: with the
 * client's token, list the shared mailbox's messages and send one probe message from the shared
 * address to itself (an `X-MBX-Probe` header marks it), then delete it from the mailbox's
 * folders, also when a step fails. Refusals come back with Graph's code and message, diagnosed.
 */
import { randomUUID } from 'node:crypto';
import { ProbeSteps, type ProbeOutcome } from './mail.js';

interface GraphAnswer {
  readonly status: number;
  readonly body: { value?: { id: string; subject?: string }[]; error?: { code?: string; message?: string } } | undefined;
}

export async function probeGraph(graphUrl: string, mailbox: string, token: string, probeId = randomUUID()): Promise<ProbeOutcome> {
  const base = `${graphUrl.replace(/\/$/, '')}/v1.0/users/${encodeURIComponent(mailbox)}`;
  const call = async (method: string, path: string, body?: unknown): Promise<GraphAnswer> => {
    const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as GraphAnswer['body']) };
  };
  const steps = new ProbeSteps();
  /** A step whose Graph answer must be a success; its time counts either way. */
  const timed = async (name: string, run: () => Promise<GraphAnswer>): Promise<void> => {
    const answer = await steps.run(name, run);
    if (answer.status >= 300) throw new Error(`${answer.status} ${answer.body?.error?.code ?? ''}: ${answer.body?.error?.message ?? ''}`);
  };
  const subject = `mbx probe ${probeId}`;
  try {
    await timed('list messages', () => call('GET', '/messages?$top=1&$select=id'));
    await timed('send from the shared address', () =>
      call('POST', '/sendMail', {
        message: { subject, body: { contentType: 'Text', content: 'A connectivity probe sent by mbx. It deletes itself.' }, from: { emailAddress: { address: mailbox } }, toRecipients: [{ emailAddress: { address: mailbox } }], internetMessageHeaders: [{ name: 'X-MBX-Probe', value: probeId }] },
        saveToSentItems: true,
      }),
    );
    return { ok: true, steps: steps.done, detail: { probeId } };
  } catch (error) {
    return steps.failed(error);
  } finally {
    // Clean up whatever arrived: the mailbox's copies of the probe, in any folder.
    const found = await call('GET', `/messages?$filter=${encodeURIComponent(`subject eq '${subject}'`)}&$select=id`).catch(() => undefined);
    for (const message of found?.body?.value ?? []) await call('DELETE', `/messages/${message.id}`).catch(() => undefined);
  }
}
