/**
 * The Pulumi program's entry (Pulumi.yaml `main`): reads the stack's config, loads the spec and
 * calls the program. Stack config (Pulumi.yaml declares the keys and their types):
 *   mbx:spec             the spec file, relative to the project
 *   mbx:emulator         true for a stack that targets the embedded emulator (stacks/Pulumi.local.yaml)
 *   mbx:appCertificate   the app's certificate, PEM, public part only (certificate credentials)
 *   mbx:secretStartDate  the day a secret's lifetime counts from, YYYY-MM-DD (secret credentials)
 * The returned object is the stack's outputs.
 */
import { resolve } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { MBX_VERSION } from '../paths.js';
import { loadSpecFile } from '../spec/load.js';
import { program, type ProgramOutputs } from './program.js';

export interface EntryOptions {
  /** Run by `mbx apply --local` under the mock runtime, the only way to reach the emulator. */
  readonly local?: boolean;
}

export default async function main(options: EntryOptions = {}): Promise<ProgramOutputs> {
  const config = new pulumi.Config('mbx');
  if (config.getBoolean('emulator') === true && options.local !== true) {
    throw new Error(
      `Stack ${pulumi.getStack()} targets the embedded emulator (mbx:emulator is true), which Pulumi's azuread provider cannot reach: it talks to Microsoft Entra only. Run \`mbx apply --local <spec>\` for the emulator, or select a stack for a real tenant (docs/pulumi.md).`,
    );
  }
  // The engine runs the program in the project's directory (where Pulumi.yaml is).
  const file = resolve(process.cwd(), config.require('spec'));
  const loaded = await loadSpecFile(file);
  if (!loaded.ok) {
    const errors = loaded.errors.map((error) => `${error.file}:${error.line}:${error.column}: ${error.message} (${error.code})`);
    throw new Error(
      `The spec has ${errors.length} error(s); nothing was changed. Run \`mbx validate ${config.require('spec')}\` for details.\n${errors.join('\n')}`,
    );
  }
  // Pulumi.yaml declares both with an empty default: empty is unset.
  const certificate = config.get('appCertificate') || undefined;
  const secretStartDate = config.get('secretStartDate') || undefined;
  return program(loaded.spec, {
    version: MBX_VERSION,
    ...(certificate === undefined ? {} : { appCertificate: certificate }),
    ...(secretStartDate === undefined ? {} : { secretStartDate }),
  });
}
