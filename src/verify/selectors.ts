/**
 * What --only, --skip and --mailbox may name (issue 15, "Exit codes a gate can trust"): a check id,
 * a category or a shared mailbox of the spec. Anything else is a typo that would otherwise select
 * nothing, or leave out nothing, and let a gate pass on a run that checked less than it meant to:
 * it is refused before any request, with the nearest name.
 */
import { CATALOGUE } from '../../checks/catalogue.js';
import { UsageError } from '../errors.js';
import { closest } from '../spec/suggest.js';
import type { Spec } from '../spec/types.js';
import type { Selection } from './runner.js';

export function checkSelectors(spec: Spec, selection: Selection): void {
  const ids = CATALOGUE.map((entry) => entry.id);
  const categories = [...new Set(CATALOGUE.map((entry) => entry.category))];
  const addresses = spec.sharedMailboxes.map((mailbox) => mailbox.address);
  const known = new Set([...ids, ...categories, ...addresses].map((name) => name.toLowerCase()));
  const refuse = (flag: string, value: string, candidates: readonly string[], what: string): never => {
    const near = closest(value, candidates);
    throw new UsageError(
      `${flag} ${value} names no ${what}${near === undefined ? '' : `; did you mean ${near}?`} (see docs/checks.md for the ids and categories)`,
      { flag, value, ...(near === undefined ? {} : { suggestion: near }) },
    );
  };
  for (const [flag, values] of [
    ['--only', selection.only],
    ['--skip', selection.skip],
  ] as const) {
    for (const value of values ?? []) {
      if (!known.has(value.toLowerCase())) refuse(flag, value, [...ids, ...categories, ...addresses], 'check id, category or shared mailbox of the spec');
    }
  }
  const lowerAddresses = new Set(addresses);
  for (const value of selection.mailboxes ?? []) {
    if (!lowerAddresses.has(value.toLowerCase())) refuse('--mailbox', value, addresses, 'shared mailbox of the spec');
  }
}
