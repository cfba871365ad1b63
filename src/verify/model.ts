/**
 * The report's model (docs/architecture.md, "Verification"): what a check is (metadata and a pure function of
 * the spec and the snapshot to findings), what a finding holds, the statuses, the reasons for a
 * skip with their fix-it text, and remediation. Mailbox checks see one declared mailbox and its
 * facts at a time; the runner skips them for a mailbox that does not exist, and turns every finding
 * of a check whose sources failed into `error`. The runner adds the catalogue's category, severity
 * and title, waivers and locations (runner.ts); results and reports are result.ts's.
 */
import type { SharedMailbox, Spec } from '../spec/types.js';
import type { MailboxFacts, SourceId, TenantSnapshot } from './snapshot.js';

/** `error` from a check itself: a probe that got no verdict (a transient refusal after the retries, an answer mbx does not know). */
export type FindingStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'pending' | 'error';

/** Why a check did not run, each with the fix-it text reports show. */
export const SKIP_REASONS = {
  'mailbox-missing': 'The shared mailbox does not exist, so this cannot be checked; see MBX.EXIST.1.',
  'not-declared': 'The spec does not declare this; add it to the spec to have it checked.',
  'not-applicable': 'Nothing in the spec needs this for the mailbox.',
  'filtered-out': 'Left out by --only, --skip or --shard.',
  'depends-on': 'Another check reports what this one needs; fix that first.',
  'not-readable':
    'The tenant does not expose this setting to any admin API, so mbx cannot prove it either way; it is not counted as passed. Check it by hand where it matters.',
  'no-probe-credentials':
    "The probe has no way to sign in as the client: put a refresh token for the delegate (or the app's credential) in the file MBX_PROBE_CREDENTIALS names, or run mbx probe --device-code on a terminal to sign in with a device code.",
} as const;

export type SkipReason = keyof typeof SKIP_REASONS;

export interface Remediation {
  /** What to write in the spec. */
  readonly spec?: string;
  /** What `pulumi up` does about it. */
  readonly pulumi?: string;
  /** The Exchange Online PowerShell or Graph PowerShell that fixes it by hand. */
  readonly powershell?: string;
}

export interface Finding {
  readonly status: FindingStatus;
  /** The trustee, alias or setting the finding is about. */
  readonly subject?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
  readonly message: string;
  readonly remediation?: Remediation;
  /** What the tenant showed, as the source returned it (secrets never reach here). */
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** The spec item the finding traces to; defaults to the mailbox (or the document). */
  readonly pointer?: string;
  readonly skipReason?: SkipReason;
  /** A probe's steps, each timed; the result's duration is their sum. */
  readonly timings?: readonly { readonly name: string; readonly ms: number }[];
}

export interface CheckInput {
  readonly spec: Spec;
  readonly snapshot: TenantSnapshot;
  readonly now: Date;
}

interface Common {
  readonly id: string;
  /** The sources the check reads; if one failed, its results are `error`. */
  readonly sources: readonly SourceId[];
}

export interface MailboxCheck extends Common {
  readonly scope: 'mailbox';
  /** Checked for a mailbox that does not exist too (existence itself). */
  readonly runsWithoutMailbox?: boolean;
  run(mailbox: SharedMailbox, facts: MailboxFacts | undefined, input: CheckInput): Finding[];
}

export interface OrganizationCheck extends Common {
  readonly scope: 'organization';
  run(input: CheckInput): Finding[];
}

export type Check = MailboxCheck | OrganizationCheck;
