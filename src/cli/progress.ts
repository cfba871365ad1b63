/**
 * The progress line of a long `mbx verify` or `mbx export` on a terminal: on stderr, rewritten in place, shown only
 * once a run has taken a second (a short run prints nothing extra) and at most four times a
 * second, and erased when the run ends so the report starts on a clean line.
 */
export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

export function progressLine(write: (text: string) => void, clock: () => number = () => performance.now(), command = 'mbx verify'): Progress {
  const started = clock();
  let last = -Infinity;
  let shown = false;
  return {
    update(done, total) {
      const now = clock();
      if (now - started < 1000 || (now - last < 250 && done < total)) return;
      last = now;
      shown = true;
      write(`\r\x1b[K${command}: ${done} of ${total} mailboxes read`);
    },
    end() {
      if (shown) write('\r\x1b[K');
    },
  };
}
