/**
 * A tenant as mbx apply --local leaves it: the organisation's people created first (unlicensed:
 * mbx licenses them, it never creates them), then each spec applied to the emulator the process's
 * environment names, each apply expected to succeed.
 */
import { expect } from 'vitest';
import type * as applyModule from '../../src/cli/commands/apply.js';
import { built } from './built.js';
import type { TestEmulator } from './emulator.js';
import { TenantAdmin } from './tenant.js';

const { applyCommand } = await built<typeof applyModule>('cli/commands/apply');

export async function applySpecs(emulator: TestEmulator, people: readonly string[], specs: readonly string[], certificate: string): Promise<void> {
  const admin = new TenantAdmin(emulator);
  for (const person of people) await admin.user(person, { licensed: false });
  for (const spec of specs) {
    const outcome = await applyCommand(spec, { local: true, certificate });
    expect(outcome.kind === 'applied' && outcome.result.ok, JSON.stringify(outcome)).toBe(true);
  }
}
