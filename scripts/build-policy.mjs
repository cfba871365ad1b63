// Bundles the policy pack (src/pulumi/policy) into policy/index.js, the folder `pulumi policy
// publish` takes. CommonJS, because Pulumi's policy host loads a pack with require(); the two
// Pulumi packages stay external (policy/package.json depends on them); the spec's schema is copied
// beside it, where the bundled loader looks for it (the pack's own package.json is its root).
// esbuild rather than tsc: the pack must be one file that carries mbx's own modules with it.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/pulumi/policy/index.ts'],
  outfile: 'policy/index.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['@pulumi/policy', '@pulumi/pulumi'],
  // import.meta does not exist in CommonJS: give the modules that ask for their own URL this file's.
  define: { 'import.meta.url': '__mbxModuleUrl' },
  banner: { js: "const __mbxModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
mkdirSync('policy/schemas', { recursive: true });
copyFileSync('schemas/mailbox-spec.schema.json', 'policy/schemas/mailbox-spec.schema.json');
