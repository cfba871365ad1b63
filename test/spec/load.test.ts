import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { contoso, mailbox, TODAY, validateDoc } from '../helpers/spec.js';

const minimal = (extra = '') => `version: 1
tenant:
  primaryDomain: contoso.onmicrosoft.com
  acceptedDomains: [contoso.com]
sharedMailboxes:
  - address: Info@Contoso.com
    displayName: Info
${extra}`;

describe('loadSpecText', () => {
  it('normalizes: lower-cased addresses and the schema defaults filled in', () => {
    const result = loadSpecText(minimal(), 'spec.yaml', { today: TODAY });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const info = result.spec.sharedMailboxes[0]!;
    expect(info).toMatchObject({
      address: 'info@contoso.com',
      signInBlocked: true,
      litigationHold: false,
      hiddenFromAddressLists: false,
      protocols: { imap: false, pop: false },
      probes: [],
      pointer: '/sharedMailboxes/0',
    });
    expect(info.protocols.smtpAuth).toBeUndefined();
    // archive left out leaves the tenant's archive as it is: neither required nor removed.
    expect(info.archive).toBeUndefined();
    expect(result.spec.organization).toEqual({ sendFromAliasEnabled: false, smtpAuth: false });
  });

  it('derives protocols, probes and app permissions from the client profiles', () => {
    const result = validateDoc(contoso());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [info, sales, support, team] = result.spec.sharedMailboxes;
    // SMTP AUTH is left to the organization: Bp Event's delegate signs in to SMTP as itself.
    expect(info!.protocols).toEqual({ imap: true, pop: false });
    expect(info!.clients[0]?.smtpLogin).toBe('delegate');
    expect(info!.probes).toEqual(['imap', 'smtp', 'round-trip']);
    expect(sales!.probes).toEqual(['graph']);
    expect(support!.probes).toEqual(['smtp', 'graph']);
    expect(team!.probes).toEqual([]);
    expect(result.spec.appPermissions.delegated.map((p) => p.name)).toEqual([
      'IMAP.AccessAsUser.All',
      'Mail.ReadWrite.Shared',
      'Mail.Send.Shared',
      'SMTP.Send',
      'offline_access',
    ]);
    // support@'s Genesys ESJ reads through Graph as the app: RBAC for Applications scopes it, so no Entra Mail.ReadWrite.
    expect(result.spec.appPermissions.application).toEqual([]);
    expect(result.spec.appRbac).toEqual([{ role: 'Application Mail.ReadWrite', mailboxes: ['support@contoso.com'], scopeName: 'mbx Contoso mail connectors' }]);
    expect(result.spec.app?.managementScopeName).toBe('mbx Contoso mail connectors');
  });

  it('consents Entra application permissions instead of RBAC roles when the app is not scoped by RBAC', () => {
    const doc = contoso();
    (doc.app as Record<string, unknown>).mailboxScope = 'organization';
    const result = validateDoc(doc);
    expect(result.ok && result.spec.appPermissions.application).toEqual([{ resource: 'Microsoft Graph', name: 'Mail.ReadWrite' }]);
    expect(result.ok && result.spec.appRbac).toEqual([]);
  });

  it('keeps a declared protocol over the derived one, and an explicit probes list', () => {
    const doc = contoso();
    Object.assign(mailbox(doc, 'info@contoso.com'), { protocols: { imap: true, pop: true, smtpAuth: true }, probes: ['imap'] });
    const result = validateDoc(doc);
    expect(result.ok && result.spec.sharedMailboxes[0]).toMatchObject({ protocols: { pop: true }, probes: ['imap'] });
  });

  it('points at the key itself for an unknown key, and at the value for a bad value', () => {
    const result = loadSpecText(minimal('    colour: blue\n    sizeWarningGB: -1\n'), 'spec.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [8, 5, 'SPEC_UNKNOWN_KEY'],
      [9, 20, 'SPEC_BAD_VALUE'],
    ]);
  });

  it('writes control characters of keys and values as escapes, never as bytes that drive a terminal', () => {
    const text = 'version: 1\ntenant:\n  primaryDomain: contoso.onmicrosoft.com\n  acceptedDomains: [contoso.com]\n"x\\e]0;pwned\\a": 1\nsharedMailboxes: []\n';
    const result = loadSpecText(text, 'spec.yaml');
    if (result.ok) throw new Error('an unknown key passed');
    expect(result.errors[0]?.message).toContain("unknown key 'x\\x1b]0;pwned\\x07'");
    // eslint-disable-next-line no-control-regex -- control characters are what this escapes
    expect(result.errors.every((error) => !/[\u0000-\u001f\u007f-\u009f]/.test(error.message + error.pointer))).toBe(true);
  });

  it('places each of many diagnostics on its own line, from one pass over the file', () => {
    const keys = Array.from({ length: 2000 }, (_, index) => `    k${index}: ${index}`);
    const text = `version: 1\ntenant:\n  primaryDomain: contoso.onmicrosoft.com\n  acceptedDomains: [contoso.com]\nsharedMailboxes:\n  - address: a@contoso.com\n    displayName: A\n${keys.join('\n')}\n`;
    const result = loadSpecText(text, 'spec.yaml');
    if (result.ok) throw new Error('unknown keys passed');
    const unknown = result.errors.filter((error) => error.code === 'SPEC_UNKNOWN_KEY');
    expect(unknown).toHaveLength(2000);
    expect(unknown.map((error) => `${error.line}:${error.column}`)).toEqual(keys.map((_, index) => `${index + 8}:5`));
  });

  it('reports every schema error at once, not only the first', () => {
    const result = loadSpecText('version: 2\ntenant: {}\nsharedMailboxes: {}\nextra: 1\n', 'spec.yaml');
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual([
      'SPEC_NOT_ALLOWED',
      'SPEC_MISSING_KEY',
      'SPEC_MISSING_KEY',
      'SPEC_WRONG_TYPE',
      'SPEC_UNKNOWN_KEY',
    ]);
  });

  it('resolves YAML anchors and aliases, and refuses an alias explosion', () => {
    const anchored = minimal(`    fullAccess: &people
      - trustee: app
        autoMapping: false
app:
  displayName: A
  credential: { kind: certificate }
`);
    expect(loadSpecText(anchored, 'spec.yaml').ok).toBe(true);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill('*' + String.fromCharCode(96 + i))
          .join(', ')}]`,
      );
    const result = loadSpecText(bomb.join('\n'), 'bomb.yaml');
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['SPEC_YAML_SYNTAX']);
  });

  it('refuses an empty file and a file of several documents', () => {
    expect(loadSpecText('', 'e.yaml')).toMatchObject({ ok: false, errors: [{ code: 'SPEC_EMPTY', line: 1, column: 1 }] });
    const two = loadSpecText(`${minimal()}---\n${minimal()}`, 't.yaml');
    expect(two.ok ? [] : two.errors.map((e) => [e.line, e.code])).toEqual([[8, 'SPEC_YAML_SYNTAX']]);
  });
});
