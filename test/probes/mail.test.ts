/**
 * The mail probes against the emulator, as a delegate of a shared mailbox (IMAP and POP with user=
 * the shared address and the delegate's token, SMTP with user= the delegate and From the shared address): green when Full Access and Send As are there, each
 * refusal diagnosed when they are not, and no probe message left behind, even when the connection
 * drops halfway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitProbe, cleanUp, mailEndpointsFrom, probeImap, probeSmtp, type MailEndpoints } from '../../src/probes/mail.js';
import { cleanUpGraph, probeGraph } from '../../src/probes/graph.js';
import { RetryPolicy } from '../../src/m365/retry.js';
import type { TokenSource } from '../../src/probes/identity.js';
import type { PlannedProbe } from '../../src/probes/plan.js';
import { probePop } from '../../src/probes/pop.js';
import { probeMailbox } from '../../src/probes/run.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let endpoints: MailEndpoints;
let max: string;
let maxPop: string;

async function probeCount(mailbox: string, probeId: string): Promise<number> {
  const answer = await admin.graph('GET', `users/${mailbox}/messages?$select=subject&$top=1000`, undefined, reader);
  return answer.body.value.filter((message: { subject: string }) => message.subject === `mbx probe ${probeId}`).length;
}
let reader: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  endpoints = mailEndpointsFrom(emulator.env);
  await admin.exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: false });
  await admin.user('max@contoso.com', { password: 'Max-Pass-1' });
  await admin.sharedMailbox('info@contoso.com');
  await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: 'max@contoso.com', AccessRights: ['FullAccess'] });
  await admin.exo('Add-RecipientPermission', { Identity: 'info@contoso.com', Trustee: 'max@contoso.com', AccessRights: ['SendAs'], Confirm: false });
  const client = await admin.app('Bp Event', { publicClient: true });
  await admin.grantScopes(client.spId, GRAPH_APP_ID, 'IMAP.AccessAsUser.All POP.AccessAsUser.All SMTP.Send offline_access');
  max = await admin.userToken(client.appId, 'max@contoso.com', 'Max-Pass-1', [
    'https://outlook.office.com/IMAP.AccessAsUser.All',
    'https://outlook.office.com/SMTP.Send',
  ]);
  maxPop = await admin.userToken(client.appId, 'max@contoso.com', 'Max-Pass-1', ['https://outlook.office.com/POP.AccessAsUser.All']);
  const readerApp = await admin.app('Reader');
  await admin.grantRoles(readerApp.spId, GRAPH_APP_ID, ['Mail.Read']);
  reader = await admin.appToken(readerApp.appId, await admin.secret(readerApp.id), 'https://graph.microsoft.com');
});
afterAll(() => emulator.stop());

describe('probes as a delegate', () => {
  it("logs in over IMAP as the shared mailbox and finds the client's folders, timing each step", async () => {
    const outcome = await probeImap(endpoints, 'info@contoso.com', max, ['Deleted Items', 'Junk Email', 'Sent Items']);
    expect(outcome.ok).toBe(true);
    expect(outcome.steps.map((step) => step.name)).toEqual(['connect and authenticate', 'list folders', 'open INBOX']);
  });

  it('signs in to SMTP as the delegate and sends as the shared mailbox, awaits the message over IMAP and deletes every copy', async () => {
    const sent = await probeSmtp(endpoints, 'max@contoso.com', max, { from: 'info@contoso.com', to: 'info@contoso.com' });
    if (!sent.ok) throw new Error(sent.answer);
    const probeId = sent.detail.probeId as string;
    const awaited = await awaitProbe(endpoints, 'info@contoso.com', max, probeId, { timeoutMs: 5000 });
    expect(awaited.ok && awaited.steps.map((step) => step.name)).toEqual(['connect and authenticate', 'open INBOX', 'await the probe message']);
    // The session is the delegate's: the shared INBOX gets the message, the delegate's own Sent Items the copy.
    expect([await probeCount('info@contoso.com', probeId), await probeCount('max@contoso.com', probeId)]).toEqual([1, 1]);
    expect(await cleanUp(endpoints, 'info@contoso.com', max, [probeId])).toBe(1);
    expect(await cleanUp(endpoints, 'max@contoso.com', max, [probeId], { folders: ['Sent Items'] })).toBe(1);
    expect([await probeCount('info@contoso.com', probeId), await probeCount('max@contoso.com', probeId)]).toEqual([0, 0]);
  });

  it("is refused 535 5.7.3 signing in to SMTP as the shared mailbox with the delegate's token, as Exchange refuses it", async () => {
    const refused = await probeSmtp(endpoints, 'info@contoso.com', max, { from: 'info@contoso.com', to: 'info@contoso.com' });
    expect(refused.ok === false && [refused.step, refused.diagnosis.code]).toEqual(['submit', 'token-refused']);
    expect(refused.ok === false && refused.answer).toMatch(/^535 5\.7\.3 Authentication unsuccessful/);
  });

  it('diagnoses SendAsDenied, SMTP AUTH off for the mailbox, and IMAP off, naming the step', async () => {
    await admin.sharedMailbox('sales@contoso.com');
    await admin.exo('Add-MailboxPermission', { Identity: 'sales@contoso.com', User: 'max@contoso.com', AccessRights: ['FullAccess'] });
    const denied = await probeSmtp(endpoints, 'max@contoso.com', max, { from: 'sales@contoso.com', to: 'sales@contoso.com' });
    expect(denied.ok === false && [denied.step, denied.diagnosis.code]).toEqual(['submit', 'send-as-denied']);

    // The setting that counts is the signing-in mailbox's: the delegate's own.
    await admin.exo('Set-CASMailbox', { Identity: 'max@contoso.com', SmtpClientAuthenticationDisabled: true });
    const off = await probeSmtp(endpoints, 'max@contoso.com', max, { from: 'info@contoso.com', to: 'info@contoso.com' });
    expect(off.ok === false && off.diagnosis.code).toBe('smtp-auth-mailbox');
    await admin.exo('Set-CASMailbox', { Identity: 'max@contoso.com', SmtpClientAuthenticationDisabled: null });

    await admin.exo('Set-CASMailbox', { Identity: 'sales@contoso.com', ImapEnabled: false });
    const imapOff = await probeImap(endpoints, 'sales@contoso.com', max, []);
    // imapflow sends its first commands as part of connecting, so that is where the refusal lands.
    expect(imapOff.ok === false && [imapOff.step, imapOff.diagnosis.code]).toEqual(['connect and authenticate', 'not-connected']);
    expect(JSON.stringify(imapOff)).not.toContain(max);
  });

  it('still cleans up when the connection drops while it awaits the message', async () => {
    const sent = await probeSmtp(endpoints, 'max@contoso.com', max, { from: 'info@contoso.com', to: 'info@contoso.com' });
    if (!sent.ok) throw new Error(sent.answer);
    const probeId = sent.detail.probeId as string;
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'imap', operation: 'UID SEARCH', drop: true, times: 1 }] });
    try {
      const awaited = await awaitProbe(endpoints, 'info@contoso.com', max, probeId, { timeoutMs: 2000 });
      expect(awaited.ok).toBe(false);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
    await cleanUp(endpoints, 'info@contoso.com', max, [probeId]);
    await cleanUp(endpoints, 'max@contoso.com', max, [probeId], { folders: ['Sent Items'] });
    expect([await probeCount('info@contoso.com', probeId), await probeCount('max@contoso.com', probeId)]).toEqual([0, 0]);
  });

  it('signs in over POP3 as the shared mailbox and runs STAT and UIDL; POP off is diagnosed', async () => {
    await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', PopEnabled: true });
    const outcome = await probePop(endpoints, 'info@contoso.com', maxPop);
    expect(outcome.ok && outcome.steps.map((step) => step.name)).toEqual(['connect', 'authenticate', 'STAT', 'UIDL']);
    await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', PopEnabled: false });
    const off = await probePop(endpoints, 'info@contoso.com', maxPop);
    expect(off.ok === false && [off.step, off.diagnosis.code]).toEqual(['STAT', 'not-connected']);
    const refused = await probePop(endpoints, 'info@contoso.com', max);
    expect(refused.ok === false && [refused.step, refused.diagnosis.code]).toEqual(['authenticate', 'authenticate-failed']);
    expect(JSON.stringify(refused)).not.toContain(max);
  });

  it.each([
    ['drop', 'AUTH'],
    ['throttle', 'AUTH'],
    ['drop', 'STAT'],
    ['throttle', 'STAT'],
    ['drop', 'UIDL'],
    ['throttle', 'UIDL'],
  ])('a single %s at POP %s is tried again under the retry policy, and the POP probe passes', async (kind, operation) => {
    await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', PopEnabled: true });
    await emulator.control('DELETE', 'counters');
    await emulator.control('PUT', 'faults', {
      rules: [kind === 'drop' ? { surface: 'pop', operation, drop: true, times: 1 } : { surface: 'pop', operation, retryAfterSeconds: 1, times: 1 }],
    });
    try {
      const tokens: TokenSource = {
        canSignIn: () => true,
        hasApp: false,
        delegate: async () => maxPop,
        app: () => Promise.reject(new Error('no app here')),
        clear: () => undefined,
      };
      const probe: PlannedProbe = {
        mailbox: 'info@contoso.com',
        kind: 'pop',
        identity: 'delegate',
        user: 'max@contoso.com',
        scopes: [],
        pointer: '/sharedMailboxes/0/clients/0',
      };
      const probed = await probeMailbox('info@contoso.com', [probe], {
        tokens,
        endpoints,
        graphUrl: emulator.url,
        arrivalTimeoutMs: 5000,
        concurrency: 1,
        retry: new RetryPolicy(),
      });
      const run = probed.runs[0];
      expect(run?.ran === true && run.actions[0]?.outcome.ok).toBe(true);
      const counters = (await (await emulator.control('GET', 'counters')).json()) as { operations: Record<string, { faults: number }> };
      expect(counters.operations[`pop ${operation}`]?.faults).toBe(1);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
      await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', PopEnabled: false });
    }
  });

  it("lists and sends as the shared mailbox over Graph with the delegate's token, leaves no probe behind, and diagnoses a refusal", async () => {
    const outlook = await admin.app('onOffice', { publicClient: true });
    await admin.grantScopes(outlook.spId, GRAPH_APP_ID, 'Mail.ReadWrite.Shared Mail.Send.Shared offline_access');
    const graphToken = await admin.userToken(outlook.appId, 'max@contoso.com', 'Max-Pass-1', [
      'https://graph.microsoft.com/Mail.ReadWrite.Shared',
      'https://graph.microsoft.com/Mail.Send.Shared',
    ]);
    const outcome = await probeGraph(emulator.url, 'info@contoso.com', graphToken, { reads: true, from: ['info@contoso.com'] });
    if (!outcome.ok) throw new Error(outcome.answer);
    expect(outcome.steps.map((step) => step.name)).toEqual(['list messages', 'send from info@contoso.com']);
    const [probeId] = outcome.detail.probeIds as string[];
    expect(await cleanUpGraph(emulator.url, 'info@contoso.com', graphToken, [probeId as string], 5000)).toBe(2);
    expect(await probeCount('info@contoso.com', probeId as string)).toBe(0);
    const refused = await probeGraph(emulator.url, 'sales@contoso.com', graphToken, { reads: false, from: ['sales@contoso.com'] });
    expect(refused.ok === false && [refused.step, refused.diagnosis.code]).toEqual(['send from sales@contoso.com', 'send-as-denied']);
  });
});
