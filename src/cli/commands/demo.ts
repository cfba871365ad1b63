/**
 * `mbx demo` (what `npm start` runs): the whole mission on the embedded tenant. It starts the
 * emulator, creates the organisation's people (who exist before mbx does), applies the spec with
 * `mbx apply --local`, verifies it with probes (green), drifts the tenant the way people do,
 * verifies again (the drift found, each with its remediation), writes the reports and says where.
 * The tenant is a fresh one in a temporary folder, removed at the end; only the reports remain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/index.js';
import { ensureTls } from '../../emulator/index.js';
import { writeAtomically } from '../../files.js';
import { MBX_VERSION } from '../../paths.js';
import { connectFromEnvironment, type M365Clients } from '../../m365/connect.js';
import { skuIdOf } from '../../m365/graph/skus.js';
import { loadSpecFile } from '../../spec/load.js';
import type { Spec } from '../../spec/types.js';
import type { Report } from '../../verify/results.js';
import { EXIT } from '../exit-codes.js';
import { applyCommand } from './apply.js';
import { createPeople } from './people.js';
import { verifyCommand } from './verify.js';

export interface DemoOptions {
  readonly spec: string;
  /** Where the reports go; the green run's in its `provisioned` folder. */
  readonly outDir: string;
  /** Where the emulator's CA is kept between runs (trusted through NODE_EXTRA_CA_CERTS). */
  readonly tlsDir: string;
}

/** One change someone makes by hand, and the failing check that must find it. */
interface Drift {
  readonly story: string;
  readonly check: string;
  readonly mailbox?: string;
  make(clients: M365Clients): Promise<void>;
}

/** The drift the issue names, on the spec's own mailboxes: chosen from what the spec declares. */
function driftsFor(spec: Spec): Drift[] {
  const drifts: Drift[] = [];
  const [first] = spec.sharedMailboxes;
  if (first !== undefined && first.signInBlocked) {
    drifts.push({
      story: `Someone re-enables the sign-in of ${first.address} to "just check something".`,
      check: 'MBX.SIGNIN.1',
      mailbox: first.address,
      async make({ graph }) {
        await graph.patch(`/users/${encodeURIComponent(first.address)}`, { accountEnabled: true });
      },
    });
  }
  const sending =
    spec.sharedMailboxes.find((mailbox) => mailbox !== first && mailbox.sendAs.length > 0 && mailbox.clients.length > 0) ??
    spec.sharedMailboxes.find((mailbox) => mailbox.sendAs.length > 0);
  const grant = sending?.sendAs[0];
  if (sending !== undefined && grant !== undefined) {
    drifts.push({
      story: `Someone tidies up permissions and removes ${grant.trustee}'s Send As on ${sending.address}.`,
      check: 'MBX.SENDAS.1',
      mailbox: sending.address,
      async make({ exchange }) {
        await exchange.invoke('Remove-RecipientPermission', { Identity: sending.address, Trustee: grant.trustee, AccessRights: ['SendAs'], Confirm: false });
      },
    });
  }
  if (spec.organization.sendFromAliasEnabled) {
    drifts.push({
      story: 'Someone turns SendFromAliasEnabled off for the organization.',
      check: 'MBX.SENDFROMALIAS.1',
      async make({ exchange }) {
        await exchange.invoke('Set-OrganizationConfig', { SendFromAliasEnabled: false });
      },
    });
  }
  const unlicensed = [...spec.sharedMailboxes].reverse().find((mailbox) => mailbox.licence === undefined && !mailbox.archive && !mailbox.litigationHold);
  const licence = spec.users[0]?.licence;
  if (unlicensed !== undefined && licence !== undefined) {
    drifts.push({
      story: `Someone licenses ${unlicensed.address} with ${licence}, "to be safe".`,
      check: 'MBX.LICENCE.1',
      mailbox: unlicensed.address,
      async make({ graph }) {
        const skuId = await skuIdOf(graph, licence);
        const user = `/users/${encodeURIComponent(unlicensed.address)}`;
        await graph.patch(user, { usageLocation: spec.users[0]?.usageLocation ?? 'US' });
        await graph.post(`${user}/assignLicense`, { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] });
      },
    });
  }
  return drifts;
}

const seconds = (started: number): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const counts = (report: Report): string =>
  (['pass', 'fail', 'pending', 'error', 'skip'] as const)
    .map((status) => [status, report.summary[status]] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');

export async function demo(options: DemoOptions, say: (text: string) => void): Promise<number> {
  const loaded = await loadSpecFile(options.spec);
  if (!loaded.ok) {
    say(`${options.spec} has errors; run mbx validate ${options.spec}.\n`);
    return EXIT.USAGE;
  }
  const spec = loaded.spec;
  const work = mkdtempSync(join(tmpdir(), 'mbx-demo-'));
  const outDir = resolve(options.outDir);
  let emulator: RunningEmulator | undefined;
  try {
    let started = performance.now();
    emulator = await startEmulator({ stateDir: join(work, 'tenant'), tlsDir: options.tlsDir });
    Object.assign(process.env, emulator.env);
    const clients = connectFromEnvironment(process.env, { exchangeConcurrency: 4 });
    say(`1. Started the embedded tenant ${emulator.tenantDomain} at ${emulator.url} (${seconds(started)}).\n`);

    started = performance.now();
    const delegates = await createPeople(spec, clients);
    say(`2. The organisation's people exist before mbx: created ${Object.keys(delegates).length} users, unlicensed (${seconds(started)}).\n`);

    started = performance.now();
    const certificate = join(work, 'app.pem');
    const applied = await applyCommand(options.spec, { local: true, certificate, state: join(work, 'apply-state.json') });
    if (applied.kind !== 'applied' || !applied.result.ok) {
      say(
        `3. mbx apply --local ${options.spec} failed:\n${
          applied.kind === 'applied'
            ? applied.result.resources
                .filter((resource) => resource.error !== undefined)
                .map((resource) => `   ${resource.kind} ${resource.name}: ${resource.error ?? ''}`)
                .join('\n') || applied.result.error
            : 'the spec is invalid'
        }\n`,
      );
      return EXIT.FINDINGS;
    }
    const kinds = new Map<string, number>();
    for (const resource of applied.result.resources) kinds.set(resource.kind, (kinds.get(resource.kind) ?? 0) + 1);
    say(
      `3. mbx apply --local ${options.spec}: ${applied.result.resources.length} resources (${[...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ')}) in ${seconds(started)}.\n`,
    );

    // The probes sign in as each client does: the delegates with their passwords, the app with its certificate.
    const credentials = join(work, 'probe-credentials.json');
    writeAtomically(credentials, JSON.stringify({ delegates, app: { certificatePath: certificate } }), 0o600);
    process.env.MBX_PROBE_CREDENTIALS = credentials;
    const verifyOnce = (dir: string) =>
      verifyCommand(options.spec, { format: 'json,junit,html,csv', outDir: dir, failOn: 'info' }, { env: process.env, version: MBX_VERSION, colour: false });

    started = performance.now();
    const green = await verifyOnce(join(outDir, 'provisioned'));
    if (green.kind !== 'report') return EXIT.USAGE;
    const greenOk = green.exitCode === EXIT.OK;
    say(
      `4. mbx verify ${options.spec}, with probes: ${counts(green.report)} in ${seconds(started)}. ${greenOk ? 'The tenant holds what the spec says.' : 'Not green: see the report.'}\n`,
    );
    if (!greenOk) say(green.output);

    const drifts = driftsFor(spec);
    say('5. Then the tenant drifts, the way it does:\n');
    for (const drift of drifts) {
      await drift.make(clients);
      say(`   - ${drift.story}\n`);
    }

    started = performance.now();
    const red = await verifyOnce(outDir);
    if (red.kind !== 'report') return EXIT.USAGE;
    say(`6. mbx verify again: ${counts(red.report)} in ${seconds(started)}.\n\n${red.output}\n`);
    const missed = drifts.filter(
      (drift) =>
        !red.report.results.notable.some(
          (result) => result.checkId === drift.check && result.status === 'fail' && (drift.mailbox === undefined || result.mailbox === drift.mailbox),
        ),
    );
    for (const drift of missed) say(`mbx did not find this drift: ${drift.story} (${drift.check})\n`);
    say(
      `Reports: ${outDir} (the drifted tenant: mbx-report.html, mbx-report.json, mbx-report.junit.xml, mbx-actions.csv) and ${join(outDir, 'provisioned')} (as provisioned).\n`,
    );
    return greenOk && missed.length === 0 && red.exitCode === EXIT.FINDINGS ? EXIT.OK : EXIT.FINDINGS;
  } finally {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The CA the emulator's TLS uses, which this process must trust from its start (NODE_EXTRA_CA_CERTS). */
export async function demoCa(tlsDir: string): Promise<string> {
  return (await ensureTls(tlsDir)).caPath;
}
