/**
 * What a check is: a pure function of (spec, snapshot) to findings (DESIGN.md, "Verification").
 * Mailbox checks see one declared mailbox and its facts at a time; the runner skips them for a
 * mailbox that does not exist, and turns every finding of a check whose sources failed into
 * `error`. The runner adds the catalogue's category, severity and title, waivers and locations.
 */
import type { MailboxRight } from '../src/profiles/types.js';
import { APP_TRUSTEE, type SharedMailbox, type Spec } from '../src/spec/types.js';
import type { MailboxFacts, SourceId, TenantSnapshot } from '../src/verify/snapshot.js';

/** `error` from a check itself: a probe that got no verdict (a transient refusal after the retries, an answer mbx does not know). */
export type FindingStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'pending' | 'error';

/** Why a check did not run, each with the fix-it text reports show. */
export const SKIP_REASONS = {
  'mailbox-missing': 'The shared mailbox does not exist, so this cannot be checked; see MBX.EXIST.1.',
  'not-declared': 'The spec does not declare this; add it to the spec to have it checked.',
  'not-applicable': 'Nothing in the spec needs this for the mailbox.',
  'filtered-out': 'Left out by --only, --skip or --shard.',
  'depends-on': 'Another check reports what this one needs; fix that first.',
  'no-probe-credentials': 'The probe has no way to sign in as the client: put a refresh token for the delegate (or the app\'s credential) in the file MBX_PROBE_CREDENTIALS names, or run mbx probe on a terminal to sign in with a device code.',
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

/** The Exchange Online PowerShell that grants or removes a mailbox right, as remediation shows it. */
export const GRANT_COMMANDS: Readonly<Record<MailboxRight, { add: (mailbox: string, trustee: string) => string; remove: (mailbox: string, trustee: string) => string }>> = {
  fullAccess: {
    add: (mailbox, trustee) => `Add-MailboxPermission -Identity ${mailbox} -User ${trustee} -AccessRights FullAccess -AutoMapping $false`,
    remove: (mailbox, trustee) => `Remove-MailboxPermission -Identity ${mailbox} -User ${trustee} -AccessRights FullAccess -Confirm:$false`,
  },
  sendAs: {
    add: (mailbox, trustee) => `Add-RecipientPermission -Identity ${mailbox} -Trustee ${trustee} -AccessRights SendAs -Confirm:$false`,
    remove: (mailbox, trustee) => `Remove-RecipientPermission -Identity ${mailbox} -Trustee ${trustee} -AccessRights SendAs -Confirm:$false`,
  },
  sendOnBehalf: {
    add: (mailbox, trustee) => `Set-Mailbox -Identity ${mailbox} -GrantSendOnBehalfTo @{Add="${trustee}"}`,
    remove: (mailbox, trustee) => `Set-Mailbox -Identity ${mailbox} -GrantSendOnBehalfTo @{Remove="${trustee}"}`,
  },
};

/** A spec list compared with what the tenant holds: what is missing and what is extra. */
export function compareSets(expected: Iterable<string>, actual: Iterable<string>): { missing: string[]; extra: string[] } {
  const want = new Set(expected);
  const have = new Set(actual);
  return { missing: [...want].filter((item) => !have.has(item)).sort(), extra: [...have].filter((item) => !want.has(item)).sort() };
}

/** How Exchange shows a spec trustee in permission lists: a user's UPN, a group's display name, the app's service principal. */
export function exchangeTrustee(spec: Spec, snapshot: TenantSnapshot, trustee: string): string {
  if (trustee === APP_TRUSTEE) return snapshot.app?.exchangeTrustee ?? 'the app (no Exchange service principal found)';
  const group = spec.groups.find((candidate) => candidate.address === trustee);
  return (group?.displayName ?? trustee).toLowerCase();
}

export interface GrantComparison {
  readonly right: string;
  /** The grants the spec declares, with where. */
  readonly declared: readonly { readonly trustee: string; readonly pointer: string }[];
  /** Trustees the tenant shows, as Exchange names them. */
  readonly actual: readonly string[];
  readonly mailbox: SharedMailbox;
  readonly spec: Spec;
  readonly snapshot: TenantSnapshot;
  readonly add: (trustee: string) => string;
  readonly remove: (trustee: string) => string;
}

/** Findings of an authoritative grant list: a fail per missing and per extra trustee, else one pass. */
export function compareGrants(comparison: GrantComparison): Finding[] {
  const { mailbox, spec, snapshot, right } = comparison;
  const expected = new Map(comparison.declared.map((grant) => [exchangeTrustee(spec, snapshot, grant.trustee), grant]));
  const { missing, extra } = compareSets(expected.keys(), comparison.actual);
  const evidence = { trustees: [...comparison.actual].sort() };
  const findings: Finding[] = [
    ...missing.map((trustee): Finding => ({
      status: 'fail',
      subject: trustee,
      expected: 'granted',
      actual: 'not granted',
      message: `${trustee} lacks ${right} on ${mailbox.address}, which the spec grants.`,
      remediation: { spec: 'Keep the grant in the spec and run pulumi up.', pulumi: `pulumi up grants ${right} again.`, powershell: comparison.add(trustee) },
      evidence,
      pointer: expected.get(trustee)?.pointer,
    })),
    ...extra.map((trustee): Finding => ({
      status: 'fail',
      subject: trustee,
      expected: 'not granted',
      actual: 'granted',
      message: `${trustee} holds ${right} on ${mailbox.address}, which the spec does not grant.`,
      remediation: { spec: `Add ${trustee} to the mailbox's list in the spec if the grant is wanted.`, pulumi: `pulumi up removes ${right} the spec does not name.`, powershell: comparison.remove(trustee) },
      evidence,
    })),
  ];
  if (findings.length > 0) return findings;
  return [{ status: 'pass', expected: [...expected.keys()].sort(), actual: [...comparison.actual].sort(), message: `${right} on ${mailbox.address} is exactly as declared.`, evidence }];
}
