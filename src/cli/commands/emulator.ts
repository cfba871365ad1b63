/**
 * `mbx emulator`: start the local tenant, print the environment a client needs, and serve until
 * told to stop. Returns the running emulator; the CLI entry owns signals and output.
 */
import { UsageError } from '../../errors.js';
import { createLogger } from '../../logging.js';
import { wantsColour } from '../colour.js';
import { defaultStateDir, startEmulator, type RunningEmulator } from '../../emulator/index.js';
import { stopHolder } from '../../emulator/store/lock.js';
import { formatEnv } from '../../emulator/env.js';

export interface EmulatorCommandOptions {
  readonly port: string;
  readonly smtpPort: string;
  readonly popPort: string;
  readonly imapPort: string;
  readonly stateDir?: string;
  readonly tenant: string;
  readonly faults?: string;
  readonly latency: string;
  readonly host: string;
  readonly quiet?: boolean;
}

function integer(name: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`--${name} must be a whole number from 0 to ${max}; got '${text}'.`);
  return Number(text);
}

/** `mbx emulator --stop`: stop the emulator that holds the state folder; what to print. */
export async function stopEmulator(stateDir: string | undefined): Promise<string> {
  const dir = stateDir ?? defaultStateDir();
  const pid = await stopHolder(dir);
  return pid === undefined ? `No mbx emulator runs on ${dir}.\n` : `Stopped the mbx emulator on ${dir} (PID ${pid}); its state stays there.\n`;
}

export async function emulator(options: EmulatorCommandOptions): Promise<RunningEmulator> {
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(options.tenant)) throw new UsageError(`--tenant must be a domain such as contoso.com; got '${options.tenant}'.`);
  return startEmulator({
    port: integer('port', options.port, 65_535),
    smtpPort: integer('smtp-port', options.smtpPort, 65_535),
    popPort: integer('pop-port', options.popPort, 65_535),
    imapPort: integer('imap-port', options.imapPort, 65_535),
    host: options.host,
    stateDir: options.stateDir,
    tenant: options.tenant,
    faults: options.faults,
    latencyMs: integer('latency', options.latency, 120_000),
    // JSON lines for a pipe or a file; lines a person reads on a terminal.
    logger: createLogger({
      level: options.quiet === true ? 'warn' : 'info',
      ...(process.stderr.isTTY === true ? { pretty: { colour: wantsColour(process.stderr, process.env) } } : {}),
    }),
  });
}

export function describeEmulator(running: RunningEmulator): string {
  return [
    `# mbx emulator for ${running.tenantDomain} (${running.initialDomain}) at ${running.url}`,
    `# State: ${running.stateDir}; these lines are also in ${running.stateDir}/env. Stop with Ctrl-C.`,
    formatEnv(running.env),
    '',
  ].join('\n');
}
