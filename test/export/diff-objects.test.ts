/**
 * mbx diff reads what happened, not what two lists of addresses differ by (issue 29): a group
 * deleted and made again as a distribution group under the same address is one line (its members
 * did not leave), a mailbox re-created is one line with the new object's grants, and a group that
 * came or went does not list its members joining or leaving.
 */
import { describe, expect, it } from 'vitest';
import { describeChange, diffTenants } from '../../src/export/diff.js';
import type { ExportedSpec } from '../../src/export/index.js';

const tenant = (groupMembers: string[] | undefined, fullAccess: string[]): ExportedSpec =>
  ({
    version: 1,
    tenant: { primaryDomain: 'contoso.onmicrosoft.com', acceptedDomains: ['contoso.com'] },
    organization: {},
    ...(groupMembers === undefined ? {} : { groups: [{ address: 'team-leads@contoso.com', members: groupMembers }] }),
    sharedMailboxes: [{ address: 'support@contoso.com', displayName: 'Support', fullAccess: fullAccess.map((trustee) => ({ trustee })) }],
  }) as unknown as ExportedSpec;

const objects = (groupId: string, type: string, mailboxId = 'guid-1') => ({
  mailboxes: { 'support@contoso.com': { id: mailboxId } },
  groups: { 'team-leads@contoso.com': { id: groupId, type } },
});

const lines = (before: ExportedSpec, after: ExportedSpec, known: Parameters<typeof diffTenants>[3] = {}) =>
  diffTenants(before, after, new Set(), known).map(describeChange);

describe('replaced objects', () => {
  it('a group replaced by a distribution group of the same address is one line, not its members leaving', () => {
    const before = tenant(['lena.schmidt@contoso.com', 'soeren.berg@contoso.com'], ['team-leads@contoso.com']);
    const after = tenant(undefined, []);
    const replaced = lines(before, after, { before: objects('g-1', 'MailUniversalSecurityGroup'), after: objects('g-2', 'MailUniversalDistributionGroup') });
    expect(replaced).toEqual([
      'team-leads@contoso.com lost Full Access on support@contoso.com',
      'the group team-leads@contoso.com was replaced by a distribution group of the same address (it was a mail-enabled security group): its members did not leave, the group did',
    ]);
    // Without the objects (an older snapshot), the group is gone, in one line: no member is said to leave.
    expect(lines(before, after)).toEqual([
      'team-leads@contoso.com lost Full Access on support@contoso.com',
      'the group team-leads@contoso.com no longer holds rights',
    ]);
  });

  it('a mailbox deleted and created again is one line, with the grants the new mailbox has', () => {
    const before = tenant(undefined, ['lena.schmidt@contoso.com']);
    const after = tenant(undefined, ['lena.schmidt@contoso.com', 'soeren.berg@contoso.com']);
    expect(lines(before, after, { before: objects('g-1', 'x', 'guid-1'), after: objects('g-1', 'x', 'guid-2') })).toEqual([
      "shared mailbox support@contoso.com was deleted and created again (another object with the same address): its grants are the new mailbox's",
      'lena.schmidt@contoso.com got Full Access on support@contoso.com',
      'soeren.berg@contoso.com got Full Access on support@contoso.com',
    ]);
    // The same object: only what changed.
    expect(lines(before, after, { before: objects('g-1', 'x'), after: objects('g-1', 'x') })).toEqual([
      'soeren.berg@contoso.com got Full Access on support@contoso.com',
    ]);
  });
});
