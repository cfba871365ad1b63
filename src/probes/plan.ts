/**
 * Which probes a spec calls for, and as whom (issue 6): for each shared mailbox, the probes its
 * `probes` list names, each run the way the client that needs it works. A probe signs in as the
 * identity the client's access mode resolved to (the client's user for a delegate, the spec's app
 * otherwise), asking for exactly the scopes those modes hold; IMAP checks the folders the client
 * is pointed at; SMTP sends from the shared address and from each alias the client sends from, on
 * behalf of the mailbox where the user holds Send on Behalf and not Send As; Graph lists where the
 * client reads through Graph and sends where it sends through Graph. The plan is pure data:
 * running it is run.ts's job.
 */
import type { AccessMode, Identity, Permission, ProbeKind } from '../profiles/types.js';
import type { Client, SharedMailbox, Spec } from '../spec/types.js';

/** Exchange's names of the folders a client may be pointed at, when the spec does not set them. */
const DEFAULT_FOLDERS = { trash: 'Deleted Items', spam: 'Junk Email', sent: 'Sent Items' } as const;

export interface PlannedProbe {
  readonly mailbox: string;
  readonly kind: ProbeKind;
  readonly identity: Identity;
  /** The delegate who signs in, for identity `delegate`. */
  readonly user?: string;
  /** The delegated scopes the client's modes hold (identity `delegate`), as the token request names them. */
  readonly scopes: readonly Permission[];
  /** IMAP: the folders that must exist. */
  readonly folders?: readonly string[];
  /** SMTP, round trip and Graph: the From addresses to send from (none for a Graph client that only reads). */
  readonly from?: readonly string[];
  /** SMTP: send on behalf of the mailbox (From the mailbox, Sender the user) rather than as it. */
  readonly onBehalf?: boolean;
  /** Round trip: the spec asks for a copy in the mailbox's Sent Items (sentItemsCopy). */
  readonly sentItemsCopy?: boolean;
  /** Graph: the client reads the mailbox through Graph. */
  readonly reads?: boolean;
  /** The spec item the probe traces to: the client. */
  readonly pointer: string;
}

/** The modes through which a probe of this kind proves the client works. */
const modesFor = (client: Client, kind: ProbeKind): AccessMode[] => client.modes.filter((mode) => mode.probes.includes(kind === 'round-trip' ? 'smtp' : kind));

function delegatedScopes(modes: readonly AccessMode[]): Permission[] {
  const seen = new Map<string, Permission>();
  for (const permission of modes.flatMap((mode) => mode.delegatedScopes)) seen.set(`${permission.resource}/${permission.name}`, permission);
  return [...seen.values()];
}

function probesOf(mailbox: SharedMailbox, client: Client, kind: ProbeKind, modes: readonly AccessMode[]): PlannedProbe[] {
  // One probe per identity: Genesys ESJ may read through Graph as the app and send as its user.
  const identities = [...new Set(modes.map((mode) => mode.identity))];
  return identities.map((identity): PlannedProbe => {
    const own = modes.filter((mode) => mode.identity === identity);
    const user = identity === 'delegate' ? client.user : undefined;
    const base = {
      mailbox: mailbox.address,
      kind,
      identity,
      ...(user === undefined ? {} : { user }),
      scopes: identity === 'delegate' ? delegatedScopes(own) : [],
      pointer: client.pointer,
    };
    if (kind === 'imap') {
      const folders = client.folders ?? {};
      return { ...base, folders: [folders.trash ?? DEFAULT_FOLDERS.trash, folders.spam ?? DEFAULT_FOLDERS.spam, folders.sent ?? DEFAULT_FOLDERS.sent] };
    }
    if (kind === 'smtp' || kind === 'round-trip') {
      const sendsAs = user === undefined || mailbox.sendAs.some((grant) => grant.trustee === user);
      const onBehalf = !sendsAs && user !== undefined && mailbox.sendOnBehalf.some((grant) => grant.trustee === user);
      if (kind === 'smtp') return { ...base, from: [mailbox.address, ...client.sendFromAliases], onBehalf };
      return { ...base, from: [mailbox.address], onBehalf, sentItemsCopy: onBehalf ? mailbox.sentItemsCopy.sendOnBehalf : mailbox.sentItemsCopy.sendAs };
    }
    if (kind === 'graph') {
      const sends = own.some((mode) => mode.direction === 'outbound');
      return { ...base, reads: own.some((mode) => mode.direction === 'inbound'), from: sends ? [mailbox.address, ...client.sendFromAliases] : [] };
    }
    return base;
  });
}

export function planProbes(spec: Spec): PlannedProbe[] {
  return spec.sharedMailboxes.flatMap((mailbox) =>
    mailbox.probes.flatMap((kind) => {
      for (const client of mailbox.clients) {
        const modes = modesFor(client, kind);
        if (modes.length > 0) return probesOf(mailbox, client, kind, modes);
      }
      return [];
    }),
  );
}
