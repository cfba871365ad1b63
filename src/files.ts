/** Files mbx writes that must never be left half-written: secrets, certificates, state, the emulator's environment. */
import { renameSync, writeFileSync } from 'node:fs';

/** Write through a temporary file and a rename, so a crash never leaves half a file behind. */
export function writeAtomically(path: string, content: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, path);
}
