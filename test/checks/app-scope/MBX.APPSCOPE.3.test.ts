import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../src/spec/types.js';
import { APP_SP, compliantSnapshot, contoso, runCheck, statuses, withApp } from '../fixture.js';
import { appImap } from '../../../src/profiles/modes.js';

/** Contoso with info@ also read by a generic IMAP client signing in as the app. */
function withAppImap(spec: Spec): Spec {
  const [info, ...rest] = spec.sharedMailboxes;
  const client = {
    ...info!.clients[0]!,
    profile: 'generic-imap' as const,
    identity: 'app' as const,
    modes: [appImap],
    pointer: '/sharedMailboxes/0/clients/1',
  };
  return { ...spec, sharedMailboxes: [{ ...info!, clients: [...info!.clients, client] }, ...rest] };
}

describe('MBX.APPSCOPE.3', () => {
  it('passes when Exchange knows the app by its enterprise application', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.APPSCOPE.3', spec, compliantSnapshot(spec)))).toEqual(['pass organization Exchange service principal']);
  });

  it('fails when the app is registered in Exchange with its app registration object id', async () => {
    const spec = await contoso();
    const snapshot = withApp(compliantSnapshot(spec), {
      exchangeServicePrincipal: {
        identity: 'a0000000-0000-0000-0000-000000000002',
        appId: 'a0000000-0000-0000-0000-000000000001',
        objectId: 'a0000000-0000-0000-0000-000000000002',
      },
    });
    const results = runCheck('MBX.APPSCOPE.3', spec, snapshot);
    expect(results[0]).toMatchObject({ status: 'fail', expected: APP_SP, actual: 'a0000000-0000-0000-0000-000000000002' });
    expect(results[0]?.message).toContain("usually the app registration's id");
  });

  it('fails when the app is not registered in Exchange at all', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.APPSCOPE.3', spec, withApp(compliantSnapshot(spec), { exchangeServicePrincipal: undefined }));
    expect(results[0]?.remediation?.powershell).toBe(
      `New-ServicePrincipal -AppId a0000000-0000-0000-0000-000000000001 -ObjectId ${APP_SP} -DisplayName 'Contoso mail connectors'`,
    );
  });

  it('fails when an app-only IMAP client lacks Full Access for the app', async () => {
    const spec = withAppImap(await contoso());
    const results = runCheck('MBX.APPSCOPE.3', spec, compliantSnapshot(spec));
    expect(statuses(results)).toEqual(['fail organization info@contoso.com fullAccess']);
    expect(results[0]?.remediation?.powershell).toBe(
      `Add-MailboxPermission -Identity info@contoso.com -User ${APP_SP} -AccessRights FullAccess -AutoMapping $false`,
    );
  });
});
