/** Progress on stderr: one line per finished step with elapsed time, and a live line for the step in flight on a TTY. */
import { createLogUpdate } from 'log-update';

export interface Progress {
  /** A step starts; on a TTY its name and elapsed time stay live until it ends. */
  start(label: string): void;
  /** The current step ended; prints one line with its duration. */
  done(outcome: string): void;
  /** A plain line (warnings, choices). */
  note(message: string): void;
  close(): void;
}

const SPIN = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The stderr progress display; `live` draws the spinner line (default: when stderr is a TTY). */
export function createProgress(live = Boolean(process.stderr.isTTY)): Progress {
  const runStart = performance.now();
  let label = '';
  let stepStart = 0;
  let timer: NodeJS.Timeout | undefined;
  const stamp = () => `[${seconds(performance.now() - runStart).padStart(8)}]`;
  const draw = createLogUpdate(process.stderr);
  const print = (line: string) => {
    if (live) draw.clear();
    process.stderr.write(`${stamp()} ${line}\n`);
  };
  return {
    start(l) {
      label = l;
      stepStart = performance.now();
      if (!live) return;
      let i = 0;
      clearInterval(timer);
      timer = setInterval(() => {
        draw(`${SPIN[i++ % SPIN.length]} ${label} (${seconds(performance.now() - stepStart)})`);
      }, 100);
      timer.unref();
    },
    done(outcome) {
      clearInterval(timer);
      print(`${label}: ${outcome} (${seconds(performance.now() - stepStart)})`);
    },
    note(message) {
      print(message);
    },
    close() {
      clearInterval(timer);
      if (live) draw.clear();
    },
  };
}

/** A progress that prints nothing (tests). */
export const silentProgress: Progress = { start() {}, done() {}, note() {}, close() {} };
