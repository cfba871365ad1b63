/** MBX.APPSCOPE.2: no legacy application access policy governs the app. See MBX.APPSCOPE.2.md. */
import { appUnderCheck } from '../app.js';
import type { OrganizationCheck } from '../../src/verify/model.js';

export const check: OrganizationCheck = {
  id: 'MBX.APPSCOPE.2',
  scope: 'organization',
  sources: ['graph.applications', 'exchange.accessPolicies'],
  run({ spec, snapshot }) {
    const subject = appUnderCheck(spec, snapshot);
    if (Array.isArray(subject)) return subject;
    const { declared, app } = subject;
    const policies = snapshot.appScope?.accessPolicies ?? [];
    const pointer = `${declared.pointer}/mailboxScope`;
    const evidence = { appId: app.appId, policies };
    const described = policies.map((policy) => `${policy.accessRight} ${policy.scopeName}`).join(', ');
    const migrate = {
      spec: 'mailboxScope: rbac',
      pulumi: 'pulumi up assigns RBAC for Applications roles scoped to the mailboxes; remove the policies once they are in effect.',
      powershell: `Get-ApplicationAccessPolicy | Where-Object AppId -eq '${app.appId}' | Remove-ApplicationAccessPolicy -Confirm:$false`,
    };
    if (declared.mailboxScope === 'application-access-policy') {
      if (policies.length === 0) {
        return [
          {
            status: 'fail',
            subject: 'application access policy',
            expected: 'a RestrictAccess policy',
            actual: 'none',
            message:
              'The spec limits the app with an application access policy, but none names it: its Entra mail permissions reach every mailbox in the organization.',
            remediation: {
              ...migrate,
              powershell: `New-ApplicationAccessPolicy -AppId ${app.appId} -PolicyScopeGroupId <mail-enabled security group of the shared mailboxes> -AccessRight RestrictAccess`,
            },
            evidence,
            pointer,
          },
        ];
      }
      return [
        {
          status: 'warn',
          subject: 'application access policy',
          expected: 'RBAC for Applications',
          actual: described,
          message: `The app is limited by legacy application access policies (${described}) as the spec declares; Microsoft replaced them with RBAC for Applications and says not to create new ones.`,
          remediation: migrate,
          evidence,
          pointer,
        },
      ];
    }
    if (policies.length > 0) {
      return [
        {
          status: 'fail',
          subject: 'application access policy',
          expected: 'none',
          actual: described,
          message: `Legacy application access policies name the app (${described}), which the spec does not declare; they also limit its Entra mail permissions, so Graph access may be refused where RBAC grants it.`,
          remediation: migrate,
          evidence,
          pointer,
        },
      ];
    }
    return [
      {
        status: 'pass',
        subject: 'application access policy',
        expected: 'none',
        actual: 'none',
        message: 'No legacy application access policy names the app.',
        evidence,
        pointer,
      },
    ];
  },
};
