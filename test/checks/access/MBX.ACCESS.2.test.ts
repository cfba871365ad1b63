import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

describe('MBX.ACCESS.2', () => {
  it('passes with no forwarding rule and only the built-in folder entries', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.ACCESS.2', spec, compliantSnapshot(spec)))).toEqual(spec.sharedMailboxes.map((mailbox) => `pass ${mailbox.address}`));
  });

  it('fails for an enabled forwarding inbox rule, naming the rule and where the mail goes, and not for a disabled one', async () => {
    const spec = await contoso();
    const base = compliantSnapshot(spec);
    const inboxRules = new Map(base.inboxRules);
    inboxRules.set('info@contoso.com', [
      { name: 'Copy', identity: 'info\\1', enabled: true, forwardTo: ['drop@example.org'], forwardAsAttachmentTo: [], redirectTo: [] },
      { name: 'Old', identity: 'info\\2', enabled: false, forwardTo: [], forwardAsAttachmentTo: [], redirectTo: ['old@example.org'] },
    ]);
    const failed = runCheck('MBX.ACCESS.2', spec, { ...base, inboxRules }).filter((result) => result.status === 'fail');
    expect(failed.map((result) => [result.mailbox, result.subject])).toEqual([['info@contoso.com', 'inbox rule "Copy" forwards']]);
    expect(failed[0]?.message).toContain('drop@example.org');
    expect(failed[0]?.remediation?.powershell).toBe("Remove-InboxRule -Mailbox info@contoso.com -Identity 'Copy' -Confirm:$false");
  });

  it('fails for a Default folder permission on Inbox, with the command that takes it back', async () => {
    const spec = await contoso();
    const base = compliantSnapshot(spec);
    const folderPermissions = new Map(base.folderPermissions);
    folderPermissions.set('sales@contoso.com', [{ folder: '\\Inbox', user: 'Default', accessRights: ['Reviewer'] }]);
    const failed = runCheck('MBX.ACCESS.2', spec, { ...base, folderPermissions }).filter((result) => result.status === 'fail');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.message).toContain('Default is every user in the organization');
    expect(failed[0]?.remediation?.powershell).toBe("Set-MailboxFolderPermission -Identity 'sales@contoso.com:\\Inbox' -User Default -AccessRights None");
  });
});
