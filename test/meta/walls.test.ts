/**
 * The walls between rooms are lint rules (eslint.config.js): each case lints one import a room must
 * not make, as if written in a file of that room, and expects the error that explains the wall.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/spec.js';

const eslint = new ESLint({ cwd: ROOT });

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = value;\n`, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports').map((message) => message.message);
}

describe('the walls a machine reads', () => {
  it.each([
    ['src/emulator/graph/probe-wall.ts', "import { value } from '../../m365/retry.js';", 'The emulator imports only the kernel'],
    ['src/emulator/graph/probe-wall.ts', "import { value } from '../exchange/cmdlets/rbac.js';", 'Reach a cmdlet only through the cmdlet table'],
    ['src/m365/probe-wall.ts', "import { value } from '../verify/runner.js';", 'src/m365 (the clients of Microsoft 365) stands below everything'],
    ['src/probes/probe-wall.ts', "import { value } from '../verify/result.js';", 'The probes never import verification'],
    ['src/pulumi/providers/probe-wall.ts', "import { value } from '../../verify/collect/index.js';", 'Provisioning never imports verification'],
    ['src/spec/probe-wall.ts', "import { value } from '../m365/connect.js';", 'The spec and the profiles are data'],
    ['src/verify/probe-wall.ts', "import { value } from '../emulator/index.js';", 'Verification never imports provisioning, the CLI or the emulator'],
    ['checks/imap/probe-wall.ts', "import { value } from '../../src/probes/run.js';", 'A check reads probe outcomes from the snapshot'],
    ['src/errors.ts', "import { value } from './verify/model.js';", 'The kernel imports nothing of the rooms above it'],
  ])('%s may not %s', async (file, source, message) => {
    expect(await restricted(file, source)).toEqual([expect.stringContaining(message)]);
  });

  it('lets a room import what it may: a check its probe outcome types, the emulator its kernel, a cmdlet file the table', async () => {
    expect(await restricted('checks/imap/probe-wall.ts', "import type { value } from '../../src/probes/types.js';")).toEqual([]);
    expect(await restricted('src/emulator/graph/probe-wall.ts', "import { value } from '../../errors.js';")).toEqual([]);
    expect(await restricted('src/emulator/exchange/probe-wall.ts', "import { value } from './cmdlets/index.js';")).toEqual([]);
  });
});
