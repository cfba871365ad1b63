/**
 * Which probes a spec calls for, and as whom (issue 6): for each shared mailbox, the probes its
 * `probes` list names, each run the way the client that needs it works. A probe signs in as the
 * identity the client's access mode resolved to (the client's user for a delegate, the spec's app
 * otherwise); IMAP checks the folders the client is pointed at; SMTP sends from the shared
 * address and from each alias the client sends from, on behalf of the mailbox where the user holds
 * Send on Behalf and not Send As. The plan is pure data: running it is another step.
 */
import type { Identity, ProbeKind } from '../profiles/types.js';
import type { Client, SharedMailbox, Spec } from '../spec/types.js';

/** Exchange's names of the folders a client may be pointed at, when the spec does not set them. */
const DEFAULT_FOLDERS = { trash: 'Deleted Items', spam: 'Junk Email', sent: 'Sent Items' } as const;

export interface PlannedProbe {
  readonly mailbox: string;
  readonly kind: ProbeKind;
  readonly identity: Identity;
  /** The delegate who signs in, for identity `delegate`. */
  readonly user?: string;
  /** IMAP: the folders that must exist. */
  readonly folders?: readonly string[];
  /** SMTP, round trip and Graph: the From addresses to send from. */
  readonly from?: readonly string[];
  /** SMTP: send on behalf of the mailbox (From the mailbox, Sender the user) rather than as it. */
  readonly onBehalf?: boolean;
  /** The spec item the probe traces to: the client. */
  readonly pointer: string;
}

/** The client whose access modes call for a probe of this kind, and the mode's identity. */
function clientFor(mailbox: SharedMailbox, kind: ProbeKind): { client: Client; identity: Identity } | undefined {
  const probeOf = (probe: ProbeKind): ProbeKind => (probe === 'round-trip' ? 'smtp' : probe);
  for (const client of mailbox.clients) {
    const mode = client.modes.find((candidate) => candidate.probes.includes(probeOf(kind)));
    if (mode !== undefined) return { client, identity: mode.identity };
  }
  return undefined;
}

export function planProbes(spec: Spec): PlannedProbe[] {
  return spec.sharedMailboxes.flatMap((mailbox) =>
    mailbox.probes.flatMap((kind): PlannedProbe[] => {
      const found = clientFor(mailbox, kind);
      const client = found?.client ?? mailbox.clients[0];
      const identity = found?.identity ?? client?.identity ?? 'delegate';
      const user = identity === 'delegate' ? client?.user : undefined;
      const base = { mailbox: mailbox.address, kind, identity, ...(user === undefined ? {} : { user }), pointer: client?.pointer ?? mailbox.pointer };
      if (kind === 'imap') {
        const folders = client?.folders ?? {};
        return [{ ...base, folders: [folders.trash ?? DEFAULT_FOLDERS.trash, folders.spam ?? DEFAULT_FOLDERS.spam, folders.sent ?? DEFAULT_FOLDERS.sent] }];
      }
      if (kind === 'smtp' || kind === 'round-trip') {
        const sendsAs = user === undefined || mailbox.sendAs.some((grant) => grant.trustee === user);
        const onBehalf = !sendsAs && user !== undefined && mailbox.sendOnBehalf.some((grant) => grant.trustee === user);
        return [{ ...base, from: kind === 'smtp' ? [mailbox.address, ...(client?.sendFromAliases ?? [])] : [mailbox.address], onBehalf }];
      }
      // Graph: the client sends from the shared address and its aliases too.
      return [{ ...base, from: [mailbox.address, ...(client?.sendFromAliases ?? [])] }];
    }),
  );
}
