/** MBX.GROUP.1: each group the spec names is a mail-enabled security group with exactly its declared members. See MBX.GROUP.1.md. */
import type { Finding, OrganizationCheck } from '../../src/verify/model.js';
import { groupOf, isSecurityGroup } from '../../src/verify/snapshot.js';
import { compareSets } from '../check.js';

const bypass = '-BypassSecurityGroupManagerCheck';

export const check: OrganizationCheck = {
  id: 'MBX.GROUP.1',
  scope: 'organization',
  sources: ['exchange.groups', 'graph.groupMembers'],
  run({ spec, snapshot }) {
    if (spec.groups.length === 0) return [{ status: 'skip', skipReason: 'not-applicable', message: 'The spec declares no groups.' }];
    return spec.groups.flatMap((declared): Finding[] => {
      const name = declared.displayName ?? declared.address.split('@')[0];
      const found = groupOf(snapshot, declared.address);
      const create = `New-DistributionGroup -Type Security -Name "${name}" -PrimarySmtpAddress ${declared.address}${
        declared.members === undefined || declared.members.length === 0 ? '' : ` -Members ${declared.members.join(',')}`
      }`;
      if (found === undefined)
        return [
          {
            status: 'fail',
            subject: declared.address,
            expected: 'MailUniversalSecurityGroup',
            actual: 'missing',
            message: `No mail-enabled group has the address ${declared.address}: the rights the spec grants it reach nobody.`,
            remediation: {
              spec: 'Correct the address, or declare the group with its members so mbx creates it.',
              pulumi:
                declared.members === undefined
                  ? 'pulumi up creates a group only where the spec declares its members.'
                  : 'pulumi up creates the group with its members.',
              powershell: create,
            },
            pointer: declared.pointer,
          },
        ];
      const evidence = {
        Name: found.name,
        RecipientTypeDetails: found.recipientTypeDetails,
        members: (found.members ?? []).map((member) => member.address).sort(),
      };
      if (!isSecurityGroup(found))
        return [
          {
            status: 'fail',
            subject: declared.address,
            expected: 'MailUniversalSecurityGroup',
            actual: found.recipientTypeDetails,
            message: `${declared.address} is a ${found.recipientTypeDetails}, not a mail-enabled security group: Exchange does not let Full Access, Send As or Send on Behalf granted to it reach its members.`,
            remediation: {
              spec: 'Name a mail-enabled security group, or grant the people directly.',
              pulumi: 'pulumi up does not convert groups; a distribution group cannot become a security group.',
              powershell: `${create.replace(declared.address, `<a new address>`)}; then grant the new group instead`,
            },
            evidence,
            pointer: declared.pointer,
          },
        ];
      const actual = (found.members ?? []).map((member) => member.address);
      if (declared.members === undefined) {
        const reached = (found.transitiveMembers ?? []).filter((member) => member.kind === 'user').map((member) => member.address);
        return [
          {
            status: 'pass',
            subject: declared.address,
            expected: 'MailUniversalSecurityGroup',
            actual: found.recipientTypeDetails,
            message: `${declared.address} is a mail-enabled security group whose membership the spec leaves to the tenant: ${reached.length} user${reached.length === 1 ? '' : 's'} in it, nested groups included (MBX.GROUP.2 says whom it lets into which mailbox).`,
            evidence,
            pointer: declared.pointer,
          },
        ];
      }
      const { missing, extra } = compareSets(declared.members, actual);
      const findings: Finding[] = [
        ...missing.map((member): Finding => ({
          status: 'fail',
          subject: member,
          expected: 'member',
          actual: 'not a member',
          message: `${member} is not a member of ${declared.address}, which the spec declares: it lacks every right the group holds.`,
          remediation: {
            pulumi: 'pulumi up adds the declared members.',
            powershell: `Add-DistributionGroupMember -Identity ${declared.address} -Member ${member} ${bypass}`,
          },
          evidence,
          pointer: `${declared.pointer}/members/${declared.members?.indexOf(member) ?? 0}`,
        })),
        ...extra.map((member): Finding => ({
          status: 'fail',
          subject: member,
          expected: 'not a member',
          actual: 'member',
          message: `${member} is a member of ${declared.address}, which the spec does not declare: it holds every right the group holds.`,
          remediation: {
            spec: `Add ${member} to the group's members if it is wanted.`,
            pulumi: 'pulumi up removes members the spec does not declare.',
            powershell: `Remove-DistributionGroupMember -Identity ${declared.address} -Member ${member} ${bypass} -Confirm:$false`,
          },
          evidence,
          pointer: `${declared.pointer}/members`,
        })),
      ];
      if (findings.length > 0) return findings;
      return [
        {
          status: 'pass',
          subject: declared.address,
          expected: [...declared.members].sort(),
          actual: [...actual].sort(),
          message: `${declared.address} is a mail-enabled security group with exactly its declared members.`,
          evidence,
          pointer: declared.pointer,
        },
      ];
    });
  },
};
