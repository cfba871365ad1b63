/** The profiles encode the vendor guides in shared/seeds; these tests pin the facts each relies on. */
import { describe, expect, it } from 'vitest';
import { findMode, PROFILES, PROFILE_IDS, waysOf, type AccessMode, type ClientProfile } from '../../src/profiles/index.js';
import { appSmtpPermission, appSmtpRbac } from '../../src/profiles/modes.js';

const names = (mode: AccessMode | undefined, key: 'delegatedScopes' | 'applicationPermissions') => mode?.[key].map((p) => p.name);
const mode = (profile: ClientProfile, direction: 'inbound' | 'outbound', way: string, identity?: 'delegate' | 'app') =>
  findMode(profile, direction, way, identity);

describe('client profile registry', () => {
  it('holds a profile for each vendor guide, and generic-smtp for app-only SMTP', () => {
    expect(PROFILE_IDS).toEqual(['bp-event', 'onoffice', 'genesys-esj', 'outlook', 'generic-imap', 'generic-graph', 'generic-smtp']);
  });

  it("offers app-only SMTP in both of Microsoft's models: RBAC for Applications without mailbox permission, or the Entra permission with Send As", () => {
    expect(appSmtpRbac).toMatchObject({ applicationPermissions: [], rights: [], rbacRoles: ['Application SMTP.SendAsApp'], protocols: ['smtpAuth'] });
    expect(appSmtpPermission).toMatchObject({ rights: ['sendAs'], protocols: ['smtpAuth'] });
    expect(names(appSmtpPermission, 'applicationPermissions')).toEqual(['SMTP.SendAsApp']);
  });

  it("resolves each profile's default ways to a mode (or none), and cites a source", () => {
    for (const profile of Object.values(PROFILES)) {
      expect(profile.sources.length).toBeGreaterThan(0);
      for (const direction of ['inbound', 'outbound'] as const) {
        const way = profile.defaults[direction];
        if (way === 'none') expect(waysOf(profile, direction)).not.toContain('none');
        else expect(mode(profile, direction, way), `${profile.id} ${direction} ${way}`).toBeDefined();
      }
    }
  });

  it('gives delegate modes delegated scopes only and app modes application permissions only', () => {
    for (const profile of Object.values(PROFILES))
      for (const m of profile.modes) {
        if (m.identity === 'app') expect(m.delegatedScopes).toEqual([]);
        else expect(m.applicationPermissions).toEqual([]);
      }
  });
});

describe('bp-event (seeds 000, 001)', () => {
  const bp = PROFILES['bp-event'];
  it('reads by IMAP, IMAP download or POP3 and sends by SMTP, all as the delegate', () => {
    expect(waysOf(bp, 'inbound')).toEqual(['imap', 'imap-download', 'pop']);
    expect(waysOf(bp, 'outbound')).toEqual(['smtp']);
    expect(bp.modes.every((m) => m.identity === 'delegate')).toBe(true);
  });
  it('needs IMAP.AccessAsUser.All or POP.AccessAsUser.All, SMTP.Send and offline_access', () => {
    expect(names(mode(bp, 'inbound', 'imap'), 'delegatedScopes')).toEqual(['IMAP.AccessAsUser.All', 'offline_access']);
    expect(names(mode(bp, 'inbound', 'pop'), 'delegatedScopes')).toEqual(['POP.AccessAsUser.All', 'offline_access']);
    expect(names(mode(bp, 'outbound', 'smtp'), 'delegatedScopes')).toEqual(['SMTP.Send', 'offline_access']);
  });
  it("needs Full Access and Send As, SMTP AUTH on the delegate's own mailbox (not the shared one), and offers folders", () => {
    expect(mode(bp, 'outbound', 'smtp')).toMatchObject({ rights: ['fullAccess', 'sendAs'], protocols: [] });
    expect(bp.folders).toBe(true);
  });
});

describe('onoffice (seed 002)', () => {
  const on = PROFILES.onoffice;
  it('uses Microsoft Graph with the .Shared delegated scopes and sends from aliases', () => {
    expect(names(mode(on, 'inbound', 'graph'), 'delegatedScopes')).toEqual(['Mail.ReadWrite.Shared', 'offline_access']);
    expect(names(mode(on, 'outbound', 'graph'), 'delegatedScopes')).toEqual(['Mail.Send.Shared', 'offline_access']);
    expect(on.sendsFromAliases).toBe(true);
    expect(on.notes?.[0]).toContain('10 recipients');
  });
});

describe('genesys-esj (seed 003)', () => {
  const esj = PROFILES['genesys-esj'];
  it('reads by IMAP as a service account with Full Access, or by GRAPH with client credentials only', () => {
    expect(mode(esj, 'inbound', 'imap')).toMatchObject({ identity: 'delegate', rights: ['fullAccess'] });
    expect(mode(esj, 'inbound', 'graph')).toMatchObject({ identity: 'app', rbacRoles: ['Application Mail.ReadWrite'] });
    expect(mode(esj, 'inbound', 'graph', 'delegate')).toBeUndefined();
  });
  it('sends by SMTP with Full Access and Send As, or by GRAPH allow-delegate where the account keeps its rights', () => {
    expect(mode(esj, 'outbound', 'smtp')).toMatchObject({ rights: ['fullAccess', 'sendAs'] });
    expect(mode(esj, 'outbound', 'graph')).toMatchObject({ identity: 'app', userRights: ['fullAccess', 'sendAs'] });
    expect(names(mode(esj, 'outbound', 'graph'), 'applicationPermissions')).toEqual(['Mail.Send']);
  });
  it('marks EWS as retired in both directions', () => {
    expect(mode(esj, 'inbound', 'ews')?.retired).toMatch(/1 October 2026/);
    expect(mode(esj, 'outbound', 'ews')?.retired).toMatch(/1 October 2026/);
  });
});

describe('outlook, generic-imap, generic-graph', () => {
  it('outlook wants direct Full Access with auto-mapping and no OAuth permissions', () => {
    expect(PROFILES.outlook.wantsAutoMapping).toBe(true);
    expect(PROFILES.outlook.modes).toHaveLength(1);
    expect(PROFILES.outlook.modes[0]).toMatchObject({ rights: ['fullAccess'], delegatedScopes: [], applicationPermissions: [] });
  });
  it('generic-imap offers app-only IMAP with IMAP.AccessAsApp and Full Access for the service principal', () => {
    const app = mode(PROFILES['generic-imap'], 'inbound', 'imap', 'app');
    expect(app?.applicationPermissions).toEqual([{ resource: 'Office 365 Exchange Online', name: 'IMAP.AccessAsApp' }]);
    expect(app?.rights).toEqual(['fullAccess']);
  });
  it('generic-graph defaults to the app, scoped by RBAC for Applications', () => {
    const graph = PROFILES['generic-graph'];
    expect(mode(graph, 'inbound', 'graph')).toMatchObject({ identity: 'app', rbacRoles: ['Application Mail.ReadWrite'] });
    expect(mode(graph, 'outbound', 'graph')).toMatchObject({ identity: 'app', rbacRoles: ['Application Mail.Send'] });
  });
});
