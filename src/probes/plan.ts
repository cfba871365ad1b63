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
import { holds } from '../spec/rules/rule.js';
import { smtpLoginOf } from '../spec/sign-in.js';
import type { Client, SharedMailbox, Spec } from '../spec/types.js';

/** The delegated scope that may delete in the signed-in user's own mailbox over IMAP. */
const OWN_MAILBOX_SCOPE = 'IMAP.AccessAsUser.All';

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
  /**
   * SMTP and round trip: the address in SMTP AUTH's user=, as the client signs in (spec/sign-in.ts):
   * the delegate itself, or the shared address for the app (and for a client set to smtpLogin: shared).
   */
  readonly login?: string;
  /**
   * SMTP and round trip signed in as the delegate: the delegated scopes that let the clean-up delete
   * the copies Exchange keeps in the delegate's own Sent Items (IMAP.AccessAsUser.All where the app's
   * consent holds it); empty where none does, and the clean-up says what is left.
   */
  readonly cleanUpScopes?: readonly Permission[];
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

function probesOf(spec: Spec, mailbox: SharedMailbox, client: Client, kind: ProbeKind, modes: readonly AccessMode[]): PlannedProbe[] {
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
      // A grant to a group the user is in counts as the user's (spec/groups.ts).
      const sendsAs = user === undefined || holds(spec, mailbox, 'sendAs', user);
      const onBehalf = !sendsAs && user !== undefined && holds(spec, mailbox, 'sendOnBehalf', user);
      const login = (identity === 'app' ? undefined : smtpLoginOf(mailbox, client)?.address) ?? mailbox.address;
      const signIn = {
        login,
        ...(login === mailbox.address ? {} : { cleanUpScopes: spec.appPermissions.delegated.filter((scope) => scope.name === OWN_MAILBOX_SCOPE) }),
      };
      if (kind === 'smtp') return { ...base, ...signIn, from: [mailbox.address, ...client.sendFromAliases], onBehalf };
      return {
        ...base,
        ...signIn,
        from: [mailbox.address],
        onBehalf,
        sentItemsCopy: onBehalf ? mailbox.sentItemsCopy.sendOnBehalf : mailbox.sentItemsCopy.sendAs,
      };
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
        if (modes.length > 0) return probesOf(spec, mailbox, client, kind, modes);
      }
      return [];
    }),
  );
}
