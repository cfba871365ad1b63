/**
 * The clean-up after a mailbox's probes (issue 6): every probe message sent to the mailbox is
 * deleted through whichever client may read it; what cannot be deleted is named, with why.
 */
import type { RetryPolicy } from '../m365/retry.js';
import { TransientFailure } from '../m365/retry.js';
import { cleanUpGraph } from './graph.js';
import { cleanUp, isTransientProbeError, serverAnswer, type MailEndpoints } from './mail.js';
import type { MailboxProbes } from './types.js';

/**
 * Delete every probe message sent to the mailbox, through whichever client may read it, under the
 * retry policy. When it cannot, the problem says why and names each probe id left behind, so the
 * messages (subject "mbx probe <id>", header X-MBX-Probe) can be found and removed by hand.
 */
export async function sweep(
  mailbox: string,
  sent: readonly string[],
  unsure: readonly string[],
  imapReader: string | undefined,
  graphReader: string | undefined,
  context: { readonly endpoints: MailEndpoints; readonly graphUrl: string; readonly arrivalTimeoutMs: number; readonly retry: RetryPolicy },
  refusedReaders: readonly string[] = [],
): Promise<MailboxProbes['cleanUp']> {
  if (sent.length === 0 && unsure.length === 0) return { removed: 0, sent: 0 };
  const all = [...sent, ...unsure];
  const left = `delete the messages with the subject "mbx probe <id>" by hand, for the ids ${all.join(', ')}`;
  const awaitMs = context.arrivalTimeoutMs;
  const policy = context.retry;
  if (imapReader === undefined && graphReader === undefined) {
    return {
      removed: 0,
      sent: sent.length,
      left: all,
      // Said as it is: the spec's readers were refused (their probe results say why), or it names none.
      problem:
        refusedReaders.length > 0
          ? `Every client that reads ${mailbox} was refused (${refusedReaders.join(', ')}; their probe results say why), so mbx holds no token that may delete its ${all.length} probe message(s); ${left}.`
          : `No client of ${mailbox} reads it over IMAP or Graph, so mbx holds no token that may delete its ${all.length} probe message(s); ${left}.`,
    };
  }
  try {
    // Twice the tries of a probe: a probe that gives up reports error, a clean-up that gives up leaves litter behind.
    const delivered = new Set<string>();
    const removed = await policy.run(
      () =>
        imapReader !== undefined
          ? cleanUp(context.endpoints, mailbox, imapReader, all, { awaitMs, awaitIds: sent, retry: policy, delivered })
          : cleanUpGraph(context.graphUrl, mailbox, graphReader as string, all, awaitMs, policy),
      (error) => ({ transient: isTransientProbeError(error) }),
      undefined,
      policy.maxAttempts * 2,
    );
    return { removed, sent: sent.length };
  } catch (error) {
    return {
      removed: 0,
      sent: sent.length,
      left: all,
      problem: `The clean-up of ${mailbox} failed (${serverAnswer(error instanceof TransientFailure ? error.cause : error)}); ${left}.`,
    };
  }
}
