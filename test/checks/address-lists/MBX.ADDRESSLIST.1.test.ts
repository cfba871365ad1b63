import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox } from '../fixture.js';

describe('MBX.ADDRESSLIST.1', () => {
  it('passes where the mailbox is listed or hidden as declared', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.ADDRESSLIST.1', spec, compliantSnapshot(spec)))).toEqual([
      'pass info@contoso.com HiddenFromAddressListsEnabled',
      'pass sales@contoso.com HiddenFromAddressListsEnabled',
      'pass support@contoso.com HiddenFromAddressListsEnabled',
      'pass team@contoso.com HiddenFromAddressListsEnabled',
    ]);
  });

  it('fails for a display name that differs from the spec, with the command that sets it', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.ADDRESSLIST.1', spec, withMailbox(compliantSnapshot(spec), 'team@contoso.com', { displayName: 'Team (old)' }));
    const failed = results.find((result) => result.status === 'fail');
    expect(failed).toMatchObject({ mailbox: 'team@contoso.com', subject: 'DisplayName', expected: 'Contoso Team', actual: 'Team (old)' });
    expect(failed?.remediation?.powershell).toBe('Set-Mailbox -Identity team@contoso.com -DisplayName "Contoso Team"');
    expect(failed?.location.pointer).toBe('/sharedMailboxes/3/displayName');
  });

  it('fails for a mailbox hidden that the spec lists, with the fix and the spec key', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.ADDRESSLIST.1', spec, withMailbox(compliantSnapshot(spec), 'sales@contoso.com', { hiddenFromAddressListsEnabled: true }));
    expect(statuses(results)[1]).toBe('fail sales@contoso.com HiddenFromAddressListsEnabled');
    expect(results[1]).toMatchObject({ expected: 'listed', actual: 'hidden' });
    expect(results[1]?.remediation?.powershell).toBe('Set-Mailbox -Identity sales@contoso.com -HiddenFromAddressListsEnabled $false');
    expect(results[1]?.location.pointer).toBe('/sharedMailboxes/1/hiddenFromAddressLists');
  });

  it('warns where a hidden mailbox is declared for Outlook users', async () => {
    const spec = await contoso();
    const index = spec.sharedMailboxes.findIndex((mailbox) => mailbox.clients.some((client) => client.profile === 'outlook'));
    expect(index).toBeGreaterThanOrEqual(0);
    const hidden = {
      ...spec,
      sharedMailboxes: spec.sharedMailboxes.map((mailbox, i) => (i === index ? { ...mailbox, hiddenFromAddressLists: true } : mailbox)),
    };
    const results = runCheck('MBX.ADDRESSLIST.1', hidden, compliantSnapshot(hidden)).filter(
      (result) => result.mailbox === hidden.sharedMailboxes[index]?.address,
    );
    expect(results.map((result) => result.status)).toEqual(['pass', 'warn']);
    expect(results[1]?.message).toContain('Outlook cannot open a hidden mailbox');
  });
});
