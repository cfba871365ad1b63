/**
 * Two lists that must hold the same names, compared so that a failure names what is wrong: the
 * names missing and those not expected, rather than "(63) to deeply equal (64)".
 */
export function difference(have: Iterable<string | undefined>, want: Iterable<string | undefined>): { missing: string[]; unexpected: string[] } {
  const had = new Set(have);
  const wanted = new Set(want);
  return {
    missing: [...wanted].filter((name): name is string => name !== undefined && !had.has(name)),
    unexpected: [...had].filter((name): name is string => name !== undefined && !wanted.has(name)),
  };
}

export const SAME = { missing: [], unexpected: [] };
