/**
 * The environment a client needs to use the emulator (docs/architecture.md, "Connecting to a tenant"):
 * printed on start and written to `<state-dir>/env` (mode 0600, it holds secrets) in a form both
 * `set -a; . env` and dotenv read.
 */
import { join } from 'node:path';
import { writeAtomically } from '../files.js';

export interface EnvInput {
  readonly url: string;
  /** host:port of SMTP submission. */
  readonly smtp: string;
  /** host:port of POP3. */
  readonly pop: string;
  /** host:port of IMAP. */
  readonly imap: string;
  readonly caPath: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly adminToken: string;
}

export function emulatorEnv(input: EnvInput): Record<string, string> {
  return {
    AZURE_TENANT_ID: input.tenantId,
    AZURE_CLIENT_ID: input.clientId,
    AZURE_CLIENT_SECRET: input.clientSecret,
    MBX_AUTHORITY_HOST: input.url,
    MBX_GRAPH_URL: input.url,
    MBX_EXCHANGE_URL: input.url,
    MBX_IMAP: input.imap,
    MBX_POP: input.pop,
    MBX_SMTP: input.smtp,
    NODE_EXTRA_CA_CERTS: input.caPath,
    MBX_EMULATOR_URL: input.url,
    MBX_EMULATOR_TOKEN: input.adminToken,
  };
}

export function formatEnv(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}='${value.replace(/'/g, `'\\''`)}'`)
    .join('\n');
}

export function writeEnvFile(stateDir: string, env: Readonly<Record<string, string>>): void {
  writeAtomically(join(stateDir, 'env'), `${formatEnv(env)}\n`, 0o600);
}
