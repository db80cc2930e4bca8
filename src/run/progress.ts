/**
 * Progress on stderr: one line per finished step with elapsed time, and on a TTY a live line for the step in flight,
 * with its samples done against those expected and the time left. Without a TTY (CI) no line is redrawn: steps,
 * cells and notes are printed once each.
 */
import { createLogUpdate } from 'log-update';

export interface Progress {
  /** A step starts; on a TTY its name and elapsed time stay live until it ends. */
  start(label: string): void;
  /** Samples done of those expected in the step in flight (a guess, for the time left); shown on the live line only. */
  tick?(done: number, expected: number): void;
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

/** `42 s`, `3 min 12 s`: a span as a person reads it. */
export function span(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The stderr progress display; `live` draws the spinner line (default: when stderr is a TTY). */
export function createProgress(live = Boolean(process.stderr.isTTY)): Progress {
  const runStart = performance.now();
  let label = '';
  let stepStart = 0;
  let meter = '';
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
      meter = '';
      stepStart = performance.now();
      if (!live) return;
      let i = 0;
      clearInterval(timer);
      timer = setInterval(() => {
        draw(`${SPIN[i++ % SPIN.length]} ${label} (${seconds(performance.now() - stepStart)}${meter})`);
      }, 100);
      timer.unref();
    },
    tick(done, expected) {
      const elapsed = performance.now() - stepStart;
      const total = Math.max(expected, done);
      const left = done > 0 ? (elapsed / done) * (total - done) : null;
      meter = `; ${done}/~${total} samples${left === null ? '' : `, about ${span(left)} left`}`;
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
