/**
 * What a probe run produces, as plain data the probe checks read from the snapshot: each step
 * timed, each action's outcome (the server's words and their diagnosis), the runs of a mailbox and
 * its clean-up. Kept apart from the code that probes, so verification can read the outcomes
 * without reaching into the protocols, and the probes need nothing of verification.
 */
import type { PlannedProbe } from './plan.js';

/** What fixes a refusal: in the spec, what `pulumi up` does, and the PowerShell that fixes it by hand (the report's Remediation). */
export interface Fix {
  readonly spec?: string;
  readonly pulumi?: string;
  readonly powershell?: string;
}

export type DiagnosisCode =
  | 'smtp-auth-tenant'
  | 'smtp-auth-mailbox'
  | 'basic-auth'
  | 'token-refused'
  | 'send-as-denied'
  | 'too-many-connections'
  | 'throttled'
  | 'authenticate-failed'
  | 'not-connected'
  | 'graph-access-denied'
  | 'account-disabled'
  | 'consent-missing'
  | 'app-not-found'
  | 'bad-credentials'
  | 'mailbox-missing'
  | 'folders-missing'
  | 'sent-items-copy-missing'
  | 'not-arrived'
  | 'mailbox-full'
  | 'address-refused'
  | 'policy-refused'
  | 'smtp-permanent'
  | 'service-unavailable'
  | 'connection-failed'
  | 'unknown';

export interface Diagnosis {
  readonly code: DiagnosisCode;
  /** What the answer means, in the admin's words. */
  readonly meaning: string;
  /** What to change: in the spec, what `pulumi up` does, and the PowerShell that fixes it by hand. */
  readonly fix: Fix;
  /**
   * Whether the answer is one a grant made in the last hours could explain: the directory may
   * already show it while the protocol does not yet honour it (Microsoft documents up to two hours).
   */
  readonly mayBeReplication: boolean;
  /**
   * Whether the answer is a verdict on the tenant (issue 15): only then may a probe `fail`. A
   * throttle, an outage, a dropped connection, a refused probe secret or an answer mbx does not
   * know is `error`: could not check.
   */
  readonly definitive: boolean;
  /** Whether trying again may get another answer: the retry policy retries only these. */
  readonly transient: boolean;
}

export interface Step {
  readonly name: string;
  readonly ms: number;
}

export type ProbeOutcome =
  | { readonly ok: true; readonly steps: readonly Step[]; readonly detail: Readonly<Record<string, unknown>> }
  | {
      readonly ok: false;
      readonly steps: readonly Step[];
      readonly step: string;
      readonly answer: string;
      readonly diagnosis: Diagnosis;
      readonly detail?: Readonly<Record<string, unknown>>;
      /** Another try may get another answer (a throttle, a 4xx reply, a dropped connection): the retry policy tries again. */
      readonly transient?: boolean;
      /** The wait the server asked for (Retry-After, IMAP's "Suggested Backoff Time"), in milliseconds. */
      readonly retryAfterMs?: number;
      /** How many times the action was tried, when more than once. */
      readonly attempts?: number;
    };

/** One thing a probe did, as the client would: sign in, log in, send from an address, await the message. */
export interface ProbeAction {
  readonly label: string;
  /** The From address, for sends. */
  readonly from?: string;
  readonly outcome: ProbeOutcome;
}

export type ProbeRun =
  | { readonly probe: PlannedProbe; readonly ran: false; readonly reason: 'no-probe-credentials' | 'depends-on' | 'not-applicable'; readonly message: string }
  | {
      readonly probe: PlannedProbe;
      readonly ran: true;
      readonly actions: readonly ProbeAction[];
      /** Round trip: from the start of the submission to the message found in INBOX. */
      readonly roundTripMs?: number;
    };

export interface MailboxProbes {
  readonly runs: readonly ProbeRun[];
  /** How many times the mailbox was probed (more than one under --settle). */
  readonly tries: number;
  readonly cleanUp: {
    readonly removed: number;
    readonly sent: number;
    readonly problem?: string;
    /** The probe ids whose messages may still be in the mailbox, when the clean-up could not finish. */
    readonly left?: readonly string[];
  };
}
