/**
 * What the checks share: the PowerShell that grants or removes a mailbox right, set comparisons,
 * how Exchange names a trustee, and the findings of an authoritative grant list. What a check is
 * (the Check interfaces, Finding, statuses, skip reasons) is the report's model: src/verify/model.ts.
 */
import type { MailboxRight } from '../src/profiles/types.js';
import { APP_TRUSTEE, type SharedMailbox, type Spec } from '../src/spec/types.js';
import type { Finding } from '../src/verify/model.js';
import { groupOf, type TenantSnapshot } from '../src/verify/snapshot.js';

/** The Exchange Online PowerShell that grants or removes a mailbox right, as remediation shows it. */
export const GRANT_COMMANDS: Readonly<
  Record<MailboxRight, { add: (mailbox: string, trustee: string) => string; remove: (mailbox: string, trustee: string) => string }>
> = {
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

export { sizeText } from '../src/spec/sizes.js';

/** An automatic reply's message as a reader sees it: Exchange keeps HTML; tags and spacing go. */
export function readerText(message: string | undefined): string {
  return (message ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A spec list compared with what the tenant holds: what is missing and what is extra. */
export function compareSets(expected: Iterable<string>, actual: Iterable<string>): { missing: string[]; extra: string[] } {
  const want = new Set(expected);
  const have = new Set(actual);
  return { missing: [...want].filter((item) => !have.has(item)).sort(), extra: [...have].filter((item) => !want.has(item)).sort() };
}

/**
 * A spec trustee as grant lists are compared: a user's UPN, a group's address, the app's Exchange
 * service principal.
 */
export function exchangeTrustee(snapshot: TenantSnapshot, trustee: string): string {
  if (trustee === APP_TRUSTEE) return snapshot.app?.exchangeTrustee ?? 'the app (no Exchange service principal found)';
  return trustee;
}

/**
 * A trustee as a permission list shows it, in the terms grant lists are compared in: Exchange shows a
 * group by its name or display name, which becomes the group's address (from the tenant's groups,
 * else from a spec group of that display name); users and service principals stay as shown.
 */
export function trusteeKey(spec: Spec, snapshot: TenantSnapshot, shown: string): string {
  const group = groupOf(snapshot, shown);
  if (group !== undefined) return group.primaryAddress;
  const declared = spec.groups.find((candidate) => (candidate.displayName ?? '').toLowerCase() === shown.toLowerCase());
  return declared?.address ?? shown;
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
  const expected = new Map(comparison.declared.map((grant) => [exchangeTrustee(snapshot, grant.trustee), grant]));
  const actual = comparison.actual.map((shown) => trusteeKey(spec, snapshot, shown));
  const { missing, extra } = compareSets(expected.keys(), actual);
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
      remediation: {
        spec: `Add ${trustee} to the mailbox's list in the spec if the grant is wanted.`,
        pulumi: `pulumi up removes ${right} the spec does not name.`,
        powershell: comparison.remove(trustee),
      },
      evidence,
    })),
  ];
  if (findings.length > 0) return findings;
  return [
    {
      status: 'pass',
      expected: [...expected.keys()].sort(),
      actual: [...actual].sort(),
      message: `${right} on ${mailbox.address} is exactly as declared.`,
      evidence,
    },
  ];
}
