/**
 * The progress line of a long `mbx verify` or `mbx export` on a terminal: on stderr, rewritten in place, shown only
 * once a run has taken a second (a short run prints nothing extra) and at most four times a
 * second, and erased when the run ends so the report starts on a clean line. While --settle waits
 * for pending probes, the line says which mailboxes it waits for, when it tries again and how long
 * it may still wait, counting down each second. The CLI shows it only when stderr is a terminal.
 */
export interface Progress {
  update(done: number, total: number): void;
  /** --settle is waiting: for these mailboxes' probes, this long until the next try, and at most this long in all (ms). */
  settling(pending: readonly string[], waitMs: number, leftMs: number): void;
  end(): void;
}

/** 75 s as `1m 15s`, 3,700 s as `1h 1m`. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}

export function progressLine(
  write: (text: string) => void,
  clock: () => number = () => performance.now(),
  command = 'mbx verify',
  ticker: (tick: () => void) => () => void = (tick) => {
    const timer = setInterval(tick, 1000);
    timer.unref();
    return () => clearInterval(timer);
  },
): Progress {
  const started = clock();
  let last = -Infinity;
  let shown = false;
  let stopTicking: (() => void) | undefined;
  return {
    settling(pending, waitMs, leftMs) {
      stopTicking?.();
      const since = clock();
      const nextTryAt = since + waitMs;
      const deadline = since + leftMs;
      const names = pending.length <= 3 ? pending.join(', ') : `${pending.slice(0, 3).join(', ')} and ${pending.length - 3} more`;
      const draw = (): void => {
        const now = clock();
        shown = true;
        write(
          `\r\x1b[K${command}: --settle: waiting for ${names} (probes pending); next try in ${duration(nextTryAt - now)}, at most ${duration(deadline - now)} left`,
        );
      };
      draw();
      stopTicking = ticker(draw);
    },
    update(done, total) {
      const now = clock();
      if (now - started < 1000 || (now - last < 250 && done < total)) return;
      last = now;
      shown = true;
      write(`\r\x1b[K${command}: ${done} of ${total} mailboxes read`);
    },
    end() {
      stopTicking?.();
      if (shown) write('\r\x1b[K');
    },
  };
}
