/** The probe plan of examples/contoso.yaml: each mailbox's probes, as whom, with what. */
import { expect, it } from 'vitest';
import { planProbes } from '../../src/probes/plan.js';
import { contoso } from '../checks/fixture.js';

it("plans contoso's probes as its clients work: Bp Event's folders, onOffice's alias, Genesys as the app over Graph", async () => {
  const plan = planProbes(await contoso());
  expect(plan.map((probe) => [probe.mailbox, probe.kind, probe.identity, probe.user ?? 'app'])).toEqual([
    ['info@contoso.com', 'imap', 'delegate', 'max.mustermann@contoso.com'],
    ['info@contoso.com', 'smtp', 'delegate', 'max.mustermann@contoso.com'],
    ['info@contoso.com', 'round-trip', 'delegate', 'max.mustermann@contoso.com'],
    ['sales@contoso.com', 'graph', 'delegate', 'erika.musterfrau@contoso.com'],
    ['support@contoso.com', 'smtp', 'delegate', 'svc-genesys@contoso.com'],
    ['support@contoso.com', 'graph', 'app', 'app'],
  ]);
  const imap = plan.find((probe) => probe.kind === 'imap');
  expect(imap?.folders).toEqual(['Deleted Items', 'Junk Email', 'Sent Items']);
  expect(imap?.pointer).toBe('/sharedMailboxes/0/clients/0');
  expect(plan.find((probe) => probe.mailbox === 'support@contoso.com' && probe.kind === 'smtp')).toMatchObject({
    from: ['support@contoso.com'],
    onBehalf: false,
  });
  expect(plan.find((probe) => probe.mailbox === 'sales@contoso.com')?.from).toEqual(['sales@contoso.com', 'angebote@contoso.com']);
});

it('sends on behalf where the client user holds Send on Behalf and not Send As', async () => {
  const spec = await contoso();
  const [info, ...rest] = spec.sharedMailboxes;
  const onBehalf = { ...info!, sendAs: [], sendOnBehalf: [{ trustee: 'max.mustermann@contoso.com', pointer: '/sharedMailboxes/0/sendOnBehalf/0' }] };
  const plan = planProbes({ ...spec, sharedMailboxes: [onBehalf, ...rest] });
  expect(plan.find((probe) => probe.mailbox === 'info@contoso.com' && probe.kind === 'smtp')?.onBehalf).toBe(true);
});
