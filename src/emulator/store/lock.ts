/**
 * One emulator per state folder (issue 17): two processes writing one journal lose acknowledged
 * writes. The folder holds a `lock` file with the holder's PID, made with O_EXCL. A lock whose
 * process no longer runs (a kill -9) is stale and taken over; one held by a live process refuses the
 * start, naming the PID. The folder is made, or tightened, to 0700: it holds secrets.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FileError, MbxError } from '../../errors.js';

export interface StateLock {
  release(): void;
}

/** Whether a process with this PID runs (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockStateFolder(dir: string): StateLock {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    // A state folder that is a file, or under one, or not ours to create: the user's to fix (exit 2).
    throw new FileError(dir, error, 'write');
  }
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return {
        release: () => {
          try {
            if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
          } catch {
            // Gone already.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number(readFileSync(path, 'utf8').trim());
      } catch {
        // Removed between the two calls: try again.
      }
      // This process's own lock is an emulator it started and abandoned (tests simulate a crash so); a dead holder's is stale.
      if (holder !== process.pid && alive(holder)) {
        throw new MbxError(
          'EMULATOR_START_FAILED',
          `The state folder ${dir} is in use by another mbx emulator (PID ${holder}); stop it, or give this one another --state-dir.`,
          { stateDir: dir, pid: holder },
        );
      }
      try {
        unlinkSync(path);
      } catch {
        // Another start took it over first; the next attempt says so.
      }
    }
  }
  throw new MbxError(
    'EMULATOR_START_FAILED',
    `The state folder ${dir} could not be locked; another mbx emulator is starting on it. Try again, or give this one another --state-dir.`,
    { stateDir: dir },
  );
}

/**
 * Stops the emulator that holds a state folder (`mbx emulator --stop`): SIGTERM to the PID in its
 * lock, then waits for the lock to go (the emulator saves its state and releases it as it stops).
 * Resolves to the PID stopped, or undefined when no emulator runs there.
 */
export async function stopHolder(dir: string, waitMs = 15_000): Promise<number | undefined> {
  let holder: number;
  try {
    holder = Number(readFileSync(join(dir, 'lock'), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (holder === process.pid || !alive(holder)) return undefined;
  process.kill(holder, 'SIGTERM');
  const deadline = Date.now() + waitMs;
  while (alive(holder)) {
    if (Date.now() > deadline)
      throw new MbxError(
        'EMULATOR_STOP_FAILED',
        `The mbx emulator on ${dir} (PID ${holder}) did not stop within ${waitMs / 1000} s; stop it with kill ${holder}.`,
        {
          stateDir: dir,
          pid: holder,
        },
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return holder;
}
