/**
 * Whether a command colours what it writes to a stream, by the conventions terminals and pipelines
 * share: NO_COLOR set and not empty turns colour off (no-color.org); FORCE_COLOR turns it on
 * (FORCE_COLOR=0 or false off), as chalk and supports-color read it; otherwise colour only on a
 * terminal that is not TERM=dumb. The colours themselves come from picocolors (src/verify/render/text.ts).
 */
export function wantsColour(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return stream.isTTY === true && env.TERM !== 'dumb';
}
