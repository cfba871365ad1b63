/**
 * What a newcomer must read is in the repository they clone: no file cites the design or style
 * documents that live outside it (../shared), by name or by path.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('cites no document outside the repository', () => {
  const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.(ts|js|mjs|md|ya?ml|json)$/.test(file) && file !== 'test/meta/self-contained.test.ts');
  const citing = files.filter((file) => /\b(DESIGN|STYLE)\.md\b|\.\.\/shared\//.test(readFileSync(file, 'utf8')));
  expect(citing).toEqual([]);
});
