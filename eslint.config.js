import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';

/**
 * The walls between rooms (docs/architecture.md), as a machine reads them: each room
 * names the rooms it must not import, and the lint error says why. Imports are relative, so a
 * pattern names the room's folder anywhere in the path.
 */
const room = (name) => [`**/${name}/*`, `**/${name}/**`, `**/${name}`];
const wall = (rooms, message) => ({ group: rooms.flatMap(room), message });
const KERNEL = 'the kernel (src/errors, src/logging, src/paths, src/files, src/redact, src/schemas)';

const WALLS = [
  {
    files: ['src/emulator/**/*.ts'],
    patterns: [
      wall(
        ['m365', 'verify', 'probes', 'pulumi', 'cli', 'spec', 'profiles', 'checks'],
        `The emulator imports only ${KERNEL} and itself: it meets mbx's clients on the wire only, so each can be tested against the other.`,
      ),
      // A cmdlet handler is a leaf: what several need (who may send, what a scope covers) lives below the handlers.
      {
        group: ['**/cmdlets/*', '!**/cmdlets/index.js'],
        message:
          'Reach a cmdlet only through the cmdlet table (exchange/cmdlets/index.ts); a rule the handlers share belongs in exchange/ beside them (mailboxes.ts, rbac-scope.ts, organization-settings.ts, access-policies.ts).',
      },
    ],
  },
  {
    files: ['src/m365/**/*.ts'],
    patterns: [
      wall(
        ['verify', 'probes', 'pulumi', 'cli', 'emulator', 'spec', 'profiles', 'checks'],
        `src/m365 (the clients of Microsoft 365) stands below everything but ${KERNEL}.`,
      ),
    ],
  },
  {
    files: ['src/probes/**/*.ts'],
    patterns: [
      wall(
        ['verify', 'pulumi', 'cli', 'emulator', 'checks'],
        'The probes never import verification (or provisioning, the CLI, the emulator): verification reads their outcomes (src/probes/types.ts).',
      ),
    ],
  },
  {
    files: ['src/pulumi/**/*.ts'],
    patterns: [
      wall(
        ['verify', 'probes', 'cli', 'emulator', 'checks'],
        'Provisioning never imports verification, the probes, the CLI or the emulator: what it shares with them lives in src/m365, src/spec or src/profiles.',
      ),
    ],
  },
  {
    files: ['src/spec/**/*.ts', 'src/profiles/**/*.ts'],
    patterns: [
      wall(
        ['verify', 'probes', 'pulumi', 'cli', 'emulator', 'm365'],
        'The spec and the profiles are data and rules about it: they import no client, verification, provisioning or emulator.',
      ),
    ],
  },
  {
    files: ['src/access/**/*.ts'],
    patterns: [
      wall(
        ['m365', 'probes', 'pulumi', 'cli', 'emulator', 'checks'],
        'The access model is plain data built from the snapshot and the spec (docs/architecture.md, "The access model"): no client, probe, provisioning or emulator, and no check.',
      ),
    ],
  },
  { files: ['src/verify/**/*.ts'], patterns: [wall(['pulumi', 'cli', 'emulator'], 'Verification never imports provisioning, the CLI or the emulator.')] },
  {
    files: ['checks/**/*.ts'],
    patterns: [
      wall(
        ['pulumi', 'cli', 'emulator', 'm365'],
        'A check is a pure function of the spec and the snapshot (docs/style.md, rule 8): no client, provisioning or emulator.',
      ),
      {
        group: ['**/probes/*', '!**/probes/types.js'],
        message: 'A check reads probe outcomes from the snapshot (src/probes/types.ts); it never runs a probe.',
      },
    ],
  },
  {
    files: ['src/errors.ts', 'src/logging.ts', 'src/paths.ts', 'src/files.ts', 'src/redact.ts'],
    patterns: [
      wall(['m365', 'verify', 'probes', 'pulumi', 'cli', 'spec', 'profiles', 'checks', 'emulator'], 'The kernel imports nothing of the rooms above it.'),
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'policy/index.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // A file does one job and reads at once: over 400 lines it has grown a second one. Two files that
    // import each other (even for types) are one file split badly: their shared part goes below both.
    files: ['src/**/*.ts', 'checks/**/*.ts'],
    // Generated from the schema (npm run spec-types): as long as the schema is.
    ignores: ['**/*.gen.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })] },
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  ...WALLS.map(({ files, patterns }) => ({ files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } })),
  {
    // Only the CLI entry talks to the terminal and decides the exit code (docs/style.md, rule 4).
    files: ['src/cli/main.ts', 'bench/**/*.ts', 'bin/*.js'],
    rules: { 'no-console': 'off' },
  },
);
