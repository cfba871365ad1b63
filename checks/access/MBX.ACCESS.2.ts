/** MBX.ACCESS.2: no inbox rule sends the mailbox's mail out, and no folder permission opens it. See MBX.ACCESS.2.md. */
import { accessModelOf } from '../../src/access/index.js';
import type { AccessPath } from '../../src/access/model.js';
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import { pathEvidence } from './paths.js';

function remediation(address: string, path: AccessPath): Finding['remediation'] {
  if (path.kind === 'inbox-rule') {
    const rule = /inbox rule "([^"]*)"/.exec(path.via)?.[1] ?? '<the rule>';
    return {
      spec: `Nothing in the spec declares an inbox rule: remove the rule, or accept it with a waiver of MBX.ACCESS.2 for ${address} that says why.`,
      pulumi: 'pulumi up does not manage inbox rules.',
      powershell: `Remove-InboxRule -Mailbox ${address} -Identity '${rule}' -Confirm:$false`,
    };
  }
  const folder = /on (\\[^,]*|the top of the mailbox)/.exec(path.via)?.[1] ?? '\\Inbox';
  const identity = `${address}:${folder.startsWith('the top') ? '\\' : folder}`;
  const user = path.principal.kind === 'default' ? 'Default' : path.principal.kind === 'anonymous' ? 'Anonymous' : path.principal.name;
  return {
    spec: `Nothing in the spec declares a folder permission: Full Access (fullAccess) is how the spec gives a person the mailbox. Remove it, or accept it with a waiver of MBX.ACCESS.2 for ${address}.`,
    pulumi: 'pulumi up does not manage folder permissions.',
    powershell:
      path.principal.kind === 'default' || path.principal.kind === 'anonymous'
        ? `Set-MailboxFolderPermission -Identity '${identity}' -User ${user} -AccessRights None`
        : `Remove-MailboxFolderPermission -Identity '${identity}' -User '${user}' -Confirm:$false`,
  };
}

export const check: MailboxCheck = {
  id: 'MBX.ACCESS.2',
  scope: 'mailbox',
  sources: ['exchange.inboxRules', 'exchange.folderPermissions'],
  run(mailbox, _facts, { spec, snapshot }) {
    const undeclared = accessModelOf(spec, snapshot)
      .into(mailbox.address)
      .filter((path) => (path.kind === 'inbox-rule' || path.kind === 'folder-permission') && path.declared === false);
    if (undeclared.length === 0)
      return [
        {
          status: 'pass',
          expected: 'none',
          actual: 'none',
          message: `No inbox rule sends ${mailbox.address}'s mail out, and no folder permission opens its top, Inbox or Sent Items.`,
        },
      ];
    return undeclared.map((path): Finding => ({
      status: 'fail',
      subject: path.kind === 'inbox-rule' ? path.via.replace(/ arriving mail to .*/, '') : `${path.principal.name} on ${path.via.replace(/^.* on /, '')}`,
      expected: path.kind === 'inbox-rule' ? 'no forwarding rule' : 'no folder permission',
      actual: path.via,
      message:
        path.kind === 'inbox-rule'
          ? `${mailbox.address} has an ${path.via}: every matching message leaves the mailbox for ${path.principal.id}, and the spec declares no such thing.`
          : `${path.principal.name} can read ${mailbox.address} through a ${path.via}, which the spec does not declare${path.principal.kind === 'default' ? ': Default is every user in the organization' : path.principal.kind === 'anonymous' ? ': Anonymous is anyone, without signing in' : ''}.`,
      remediation: remediation(mailbox.address, path),
      evidence: pathEvidence(path),
    }));
  },
};
