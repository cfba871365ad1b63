/**
 * The CLI entry: the only module that parses argv, writes to the terminal and decides the exit
 * code (docs/style.md, rule 4). Commands are functions returning data; this file renders it and maps
 * errors to exit codes, printing a stack only for internal errors.
 */
import { wantsColour } from './colour.js';
import { Command, CommanderError, Option } from 'commander';
import { isMbxError, UsageError, USAGE_CODES } from '../errors.js';
import { MBX_VERSION } from '../paths.js';
import { redactText } from '../redact.js';
import type { ApplyCommandOptions } from './commands/apply.js';
import type { EmulatorCommandOptions } from './commands/emulator.js';
import type { VerifyCommandOptions } from './commands/verify.js';
import { EXIT } from './exit-codes.js';
import { registerTenantReads } from './tenant-commands.js';
import { CONNECTION_HELP, type Io } from './io.js';

export type { Io } from './io.js';

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  /** verify and probe: the same run, the probes alone for `probe`. */
  const runVerify = async (file: string, options: VerifyCommandOptions, probesOnly: boolean): Promise<void> => {
    const { verifyCommand } = await import('./commands/verify.js');
    const { renderText } = await import('./render/diagnostics.js');
    const { progressLine } = await import('./progress.js');
    // A progress line only where someone watches: stderr on a terminal.
    const progress = process.stderr.isTTY === true ? progressLine(io.stderr, undefined, probesOnly ? 'mbx probe' : 'mbx verify') : undefined;
    // A device code only when asked for and a person can answer it: never in a pipeline, where it would wait for nobody.
    if (options.deviceCode === true && process.stdin.isTTY !== true)
      throw new UsageError(
        '--device-code needs a terminal (standard input is not one); in a pipeline, give the credentials in the environment and MBX_PROBE_CREDENTIALS',
      );
    const deviceCode = options.deviceCode === true ? (message: string) => io.stderr(`${message}\n`) : undefined;
    const result = await verifyCommand(file, options, {
      env: process.env,
      version: MBX_VERSION,
      colour: wantsColour(process.stdout, process.env),
      ...(deviceCode === undefined ? {} : { deviceCode, interactive: true }),
      probesOnly,
      ...(progress === undefined ? {} : { progress }),
    });
    if (result.kind === 'invalid-spec') {
      io.stderr(renderText(file === '-' ? '<stdin>' : file, { ok: false, errors: result.errors, warnings: [] }));
      setExit(EXIT.USAGE);
      return;
    }
    io.stdout(result.output);
    if (result.notice !== undefined) io.stderr(`mbx: ${result.notice}\n`);
    setExit(result.exitCode);
  };

  const program = new Command('mbx')
    .description('Shared mailboxes as code for Microsoft 365: validate a spec, provision it, verify the tenant against it.')
    .version(MBX_VERSION, '-V, --version', 'print the mbx version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run mbx --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('validate')
    .description('Check a mailbox spec against the schema and the semantic rules.')
    .argument('<spec>', 'path of the spec YAML file, or - to read it from standard input')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nExit codes: 0 valid (warnings are printed), 1 invalid, 2 bad usage or unreadable file.\nExample: mbx validate examples/contoso.yaml --format json',
    )
    .exitOverride()
    .action(async (file: string, options: { format: 'text' | 'json' }) => {
      const { validate } = await import('./commands/validate.js');
      const { renderJson, renderText } = await import('./render/diagnostics.js');
      const { specName } = await import('../spec/load.js');
      const result = await validate({ file });
      io.stdout(options.format === 'json' ? renderJson(result) : renderText(specName(file), result));
      setExit(result.ok ? EXIT.OK : EXIT.FINDINGS);
    });

  const list = (value: string, previous: string[] = []): string[] => [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ];
  /** The options every command that writes a report shares. */
  const reportOptions = (command: Command): Command =>
    command
      .option('--format <formats>', 'comma list of text, json, junit, sarif, markdown, html', 'text')
      .option('--out-dir <dir>', 'write each format to a file here (mbx-report.<ext>)')
      .option('--fail-on <severity>', 'exit 1 when a check fails at this severity or above: critical, high, medium, low, info', 'info')
      .option('--allow-errors', 'exit 0 rather than 3 when some checks could not run (a run that checked nothing is never 0)');
  /** The options of the commands that reach the tenant. */
  const tenantOptions = (command: Command): Command =>
    command
      .option(
        '--budget <duration>',
        'time budget of the run for retries: no wait for a throttled or failing service ends past it (default 10m); then the check is error',
        undefined,
      )
      .option('--device-code', 'sign in with a device code where no credential is set (a person at a terminal only; never in a pipeline)');
  tenantOptions(reportOptions(program.command('verify')))
    .description('Check the tenant against a mailbox spec and report each finding with its evidence and fix.')
    .argument('<spec>', 'path of the spec YAML file, or - to read it from standard input')
    .option('--only <selectors>', 'run only these check ids, categories or mailboxes (comma list, repeatable; an unknown one exits 2)', list)
    .option('--skip <selectors>', 'leave out these check ids, categories or mailboxes (comma list, repeatable; an unknown one exits 2)', list)
    .option('--shard <i/n>', 'check the i-th of n slices of the mailboxes (stable by address); combine with mbx report merge')
    .option('--no-probes', 'skip the live IMAP, POP, SMTP and Graph probes')
    .option('--settle <duration>', 'probe again, with backoff, while results are pending (a grant not yet replicated), for up to this long: 90s, 30m, 2h')
    .addHelpText(
      'after',
      `\n${CONNECTION_HELP}\nExit codes: 0 something was checked and nothing failed at or above --fail-on, 1 failures, 2 bad usage, invalid spec or missing credentials, 3 checks could not run (or nothing was checked). See docs/ci.md.\nExample: mbx verify examples/contoso.yaml --format text,json,junit,sarif,markdown,html,csv --out-dir out`,
    )
    .exitOverride()
    .action(async (file: string, options: VerifyCommandOptions) => runVerify(file, options, false));

  tenantOptions(reportOptions(program.command('probe')))
    .description(
      'Prove each shared mailbox works for its software: sign in as the client, log in over IMAP or POP, send over SMTP or Graph, await the round trip, and clean up.',
    )
    .argument('<spec>', 'path of the spec YAML file, or - to read it from standard input')
    .option('--mailbox <addresses>', 'probe only these shared mailboxes (comma list, repeatable)', list)
    .option('--only <selectors>', 'run only these probe checks, categories or mailboxes: MBX.IMAP.1, smtp, ... (comma list, repeatable)', list)
    .option('--skip <selectors>', 'leave out these probe checks, categories or mailboxes (comma list, repeatable)', list)
    .option('--settle <duration>', 'probe again, with backoff, while results are pending (a grant not yet replicated), for up to this long: 90s, 30m, 2h')
    .addHelpText(
      'after',
      `\n${CONNECTION_HELP}\nExit codes: 0 probes ran and none failed at or above --fail-on, 1 a probe failed (a declared mailbox or app missing included), 2 bad usage, invalid spec or missing probe credentials, 3 probes could not run (or none ran). See docs/ci.md.\nExample: mbx probe examples/contoso.yaml --mailbox info@contoso.com --settle 30m --format junit --out-dir out`,
    )
    .exitOverride()
    .action(async (file: string, options: VerifyCommandOptions) => runVerify(file, options, true));

  program
    .command('apply')
    .description("Provision a spec into the embedded emulator with mbx's Pulumi program, run under Pulumi's mock runtime. Real tenants use pulumi up.")
    .argument('<spec>', 'path of the spec YAML file')
    .option('--local', 'apply to the emulator the environment names (required: the only target of mbx apply)')
    .option('--certificate <file>', "the app's certificate in PEM; created with its key (mode 0600) when the file does not exist")
    .option('--secret-start-date <date>', 'for an app with a secret: the day its lifetime counts from, YYYY-MM-DD (default today)')
    .option('--dry-run', 'show the plan (create, update, delete, release) and change nothing')
    .option('--state <file>', 'the state of the last apply of this spec to this tenant (default .mbx/state/<tenant>/<spec>-<hash>.json)')
    .option(
      '--people <file>',
      "first create the people the spec names that the emulator lacks (the organisation's accounts, which mbx never creates in a real tenant), and write their passwords and the app's certificate to this probe credentials file (mode 0600) for MBX_PROBE_CREDENTIALS",
    )
    .addHelpText(
      'after',
      `\n${CONNECTION_HELP}\nExit codes: 0 applied (or planned), 1 a resource failed (run again to finish), 2 bad usage, invalid spec or a tenant not on loopback.\nExample: mbx apply --local examples/contoso.yaml --certificate .mbx/app.pem --dry-run`,
    )
    .exitOverride()
    .action(async (file: string, options: ApplyCommandOptions) => {
      const { applyCommand, renderApply } = await import('./commands/apply.js');
      const { renderText } = await import('./render/diagnostics.js');
      const outcome = await applyCommand(file, options);
      if (outcome.kind === 'invalid-spec') {
        io.stderr(renderText(file, { ok: false, errors: outcome.errors, warnings: [] }));
        setExit(EXIT.USAGE);
        return;
      }
      io.stdout(renderApply(file, outcome));
      setExit(outcome.result.ok ? EXIT.OK : outcome.result.resources.length === 0 ? EXIT.USAGE : EXIT.FINDINGS);
    });

  registerTenantReads(program, io, setExit);

  program
    .command('demo')
    .description(
      'The whole mission on the embedded tenant (npm start): start the emulator, apply the spec locally, verify it with probes, drift it the way people do, verify again, and write the reports.',
    )
    .argument('[spec]', 'path of the spec YAML file', 'examples/contoso.yaml')
    .option('--out-dir <dir>', 'where the reports go (the green run in <dir>/provisioned)', 'mbx-report')
    .option('--tls-dir <dir>', "where the emulator's CA is kept between runs", '.mbx/tls')
    .addHelpText(
      'after',
      '\nExit codes: 0 provisioned green and every drift found, 1 otherwise, 2 invalid spec.\nExample: npm start (mbx demo examples/contoso.yaml --out-dir mbx-report)',
    )
    .exitOverride()
    .action(async (file: string, options: { outDir: string; tlsDir: string }) => {
      const { demo, demoCa } = await import('./commands/demo.js');
      const caPath = await demoCa(options.tlsDir);
      if (process.env.NODE_EXTRA_CA_CERTS !== caPath) {
        // Node reads NODE_EXTRA_CA_CERTS only at start: run again trusting the emulator's CA (verification stays on).
        const { spawn } = await import('node:child_process');
        const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
          stdio: 'inherit',
          env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath },
        });
        setExit(await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? EXIT.ERRORS))));
        return;
      }
      setExit(await demo({ spec: file, outDir: options.outDir, tlsDir: options.tlsDir }, io.stdout));
    });

  reportOptions(program.command('report').description('Work with reports mbx verify wrote.').command('merge'))
    .description('Combine the JSON reports of verify --shard runs into one report, proving every shard of the run is there once.')
    .argument('<reports...>', 'mbx-report.json files of the shards')
    .addHelpText(
      'after',
      '\nExit codes: 0 every shard there and nothing failed at or above --fail-on, 1 failures, 2 bad usage or a file that is not a report of this run, 3 a shard missing, repeated or of another split (SHARDS_INCOMPLETE), or checks that could not run.\nExample: mbx report merge shard-*/mbx-report.json --format html,markdown --out-dir merged --fail-on high',
    )
    .exitOverride()
    .action(async (files: string[], options: { format: string; outDir?: string; failOn: string; allowErrors?: boolean }) => {
      const { mergeCommand } = await import('./commands/verify.js');
      const merged = await mergeCommand(files, options, wantsColour(process.stdout, process.env));
      io.stdout(merged.output);
      setExit(merged.exitCode);
    });

  program
    .command('emulator')
    .description(
      'Run the local Microsoft 365 tenant: Entra ID tokens, Microsoft Graph and the Exchange admin API on one HTTPS port, and IMAP, POP3 and SMTP submission on ports of their own.',
    )
    .option('--port <port>', 'HTTPS port on loopback (0 picks a free one)', '8443')
    .option('--smtp-port <port>', 'SMTP submission port (STARTTLS) on loopback (0 picks a free one)', '8587')
    .option('--imap-port <port>', 'IMAP port (implicit TLS) on loopback (0 picks a free one)', '8993')
    .option('--pop-port <port>', 'POP3 port (implicit TLS) on loopback (0 picks a free one)', '8995')
    .option('--host <address>', 'loopback address to listen on', '127.0.0.1')
    .option('--state-dir <dir>', 'where state, secrets and the CA live (default ~/.mbx/emulator)')
    .option('--tenant <domain>', "the tenant's custom domain", 'contoso.com')
    .option('--faults <file|preset>', 'fault rules: a JSON file, or graph-throttling, exchange-throttling, transient-5xx, slow, replication-delay')
    .option('--latency <ms>', 'delay every answer by this many milliseconds', '0')
    .option('--stop', 'stop the emulator running on --state-dir (its state stays), and exit')
    .addHelpText(
      'after',
      '\nPrints the environment clients need (also written to <state-dir>/env). Exit codes: 0 stopped, 2 bad usage (a port, a state folder or fault rules it cannot use), 3 it could not start.\nExample:\n  mbx emulator --state-dir .mbx/emulator --faults graph-throttling',
    )
    .exitOverride()
    .action(async (options: EmulatorCommandOptions & { stop?: boolean }) => {
      const { emulator, describeEmulator, stopEmulator } = await import('./commands/emulator.js');
      if (options.stop === true) {
        io.stdout(await stopEmulator(options.stateDir));
        setExit(EXIT.OK);
        return;
      }
      const running = await emulator(options);
      io.stdout(describeEmulator(running));
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await running.stop();
      setExit(EXIT.OK);
    });

  program
    .command('completion')
    .description('Print shell completion for bash, zsh or fish.')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'after',
      '\nExit codes: 0 printed, 2 a shell it does not know.\nExamples:\n  source <(mbx completion bash)\n  source <(mbx completion zsh)\n  mbx completion fish > ~/.config/fish/completions/mbx.fish',
    )
    .exitOverride()
    .action(async (shell: string) => {
      const { completionScript, SHELLS } = await import('./completion.js');
      if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`completion takes ${SHELLS.join(', ')}; '${shell}' is not one`);
      io.stdout(completionScript(program, shell as (typeof SHELLS)[number]));
      setExit(EXIT.OK);
    });

  return program;
}

/** Run mbx with the given arguments (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return EXIT.OK;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander's exitOverride but successes to the user.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (isMbxError(error)) {
      io.stderr(`mbx: ${error.message} [${error.code}]\n`);
      return USAGE_CODES.has(error.code) ? EXIT.USAGE : EXIT.ERRORS;
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`mbx: internal error, please report it [INTERNAL]\n${redactText(stack)}\n`);
    // A gate reads 1 as "findings": a verify or probe that broke could not check, which is 3.
    return GATES.has(argv[0] ?? '') ? EXIT.ERRORS : EXIT.INTERNAL;
  }
}

/** The commands pipelines gate on: however they end, never with a code that reads as a verdict. */
const GATES = new Set(['verify', 'probe', 'report']);

/** The process entry used by bin/mbx.js. */
export async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  // Last line of defence: an error no code path heard (a socket's 'error' event nobody listened to)
  // ends the run as "could not check", with what it knows, rather than Node's exit 1 ("findings").
  const crash = (error: unknown): void => {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`mbx: internal error, please report it [INTERNAL]\n${redactText(stack)}\n`);
    process.exit(GATES.has(argv[0] ?? '') ? EXIT.ERRORS : EXIT.INTERNAL);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  const code = await main(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  process.exitCode = code;
}
