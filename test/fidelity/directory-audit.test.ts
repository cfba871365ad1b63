/**
 * Entra's directory audit log on the emulator (Graph directoryAudit): each change to an app, its
 * credentials, its service principal's app role assignments and its delegated grants is kept with
 * who made it, and listed newest first with $filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
});
afterAll(() => emulator.stop());

interface Audit {
  activityDisplayName: string;
  activityDateTime: string;
  category: string;
  initiatedBy: { app?: { displayName: string } };
  targetResources: { id: string; type: string; modifiedProperties: { displayName: string; newValue: string }[] }[];
}

async function audits(filter?: string): Promise<Audit[]> {
  const answer = await admin.graph('GET', `auditLogs/directoryAudits${filter === undefined ? '' : `?$filter=${encodeURIComponent(filter)}`}`);
  expect(answer.status).toBe(200);
  return answer.body.value as Audit[];
}

describe('directory audits', () => {
  it('keeps who added a secret, a federated credential and an app role, newest first, filtered by target and time', async () => {
    const app = await admin.app('Audited app');
    const started = new Date().toISOString();
    await admin.secret(app.id);
    const federated = await admin.graph('POST', `applications/${app.id}/federatedIdentityCredentials`, {
      name: 'outside-repo',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:someone/else:ref:refs/heads/main',
      audiences: ['api://AzureADTokenExchange'],
    });
    expect(federated.status).toBe(201);
    await admin.grantRoles(app.spId, GRAPH_APP_ID, ['Mail.Read']);

    const ofApp = await audits(`targetResources/any(t: t/id eq '${app.id}') and activityDateTime ge ${started}`);
    expect(ofApp.map((record) => record.activityDisplayName)).toEqual(['Update application', 'Update application \u2013 Certificates and secrets management']);
    expect(ofApp[0]?.targetResources[0]?.modifiedProperties[0]).toMatchObject({ displayName: 'FederatedIdentityCredentials' });
    expect(ofApp[0]?.targetResources[0]?.modifiedProperties[0]?.newValue).toContain('repo:someone/else:ref:refs/heads/main');
    expect(ofApp[1]?.targetResources[0]?.modifiedProperties[0]?.displayName).toBe('KeyDescription');
    expect(ofApp[1]?.initiatedBy.app?.displayName).toBe('mbx emulator admin');
    expect(ofApp.every((record) => record.category === 'ApplicationManagement')).toBe(true);

    const ofSp = await audits(`targetResources/any(t: t/id eq '${app.spId}')`);
    expect(ofSp.map((record) => record.activityDisplayName)).toEqual(['Add app role assignment to service principal', 'Add service principal']);
  });

  it('lists nothing for a later time and refuses a caller without AuditLog.Read.All', async () => {
    expect(await audits(`activityDateTime ge 2999-01-01T00:00:00Z`)).toEqual([]);
    const reader = await admin.app('No audit');
    const token = await admin.appToken(reader.appId, await admin.secret(reader.id), 'https://graph.microsoft.com');
    expect((await admin.graph('GET', 'auditLogs/directoryAudits', undefined, token)).status).toBe(403);
  });
});
