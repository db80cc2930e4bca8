/** Start-up: from the create call to the first `GET /` answered 200 on the published 127.0.0.1 port. */
import type { Engine } from '../engine/engine.js';
import { containerLabels } from '../engine/labels.js';
import { type CleanupNote, release } from '../errors.js';
import { pollHttp } from './http-ready.js';

/** One start-up sample and its breakdown, ms. */
export interface StartupSample {
  total: number;
  create: number;
  start: number;
  ready: number;
}

/** Disposing the probe removes a container a failed `remove` left behind; a failure there is told to the note. */
export interface StartupProbe extends AsyncDisposable {
  /** Timed: create, start, poll. The container is left for `remove`. */
  sample(): Promise<StartupSample>;
  /** Untimed: remove the container the last sample created; a failure rejects (it ends the task's sampling). */
  remove(): Promise<void>;
}

/** A start-up probe for one image; each sample creates a fresh container (Init, so stop never waits out a timeout). */
export function startupProbe(
  engine: Engine,
  opts: {
    image: string;
    port: number;
    runId: string;
    timeoutMs: number;
    signal: AbortSignal;
    /** Told when the container left behind cannot be removed at disposal. */
    note?: CleanupNote | undefined;
  },
): StartupProbe {
  let last: string | null = null;
  return {
    async sample() {
      const t0 = performance.now();
      const id = await engine.createContainer({
        image: opts.image,
        labels: containerLabels(opts.runId),
        port: opts.port,
        signal: opts.signal,
      });
      last = id;
      const t1 = performance.now();
      await engine.startContainer(id, opts.signal);
      const t2 = performance.now();
      const hostPort = await engine.hostPort(id, opts.port, opts.signal);
      // Readiness is an HTTP answer: docker-proxy accepts TCP before the app listens, so a TCP connect proves nothing.
      const answer = await pollHttp({
        port: hostPort,
        path: '/',
        timeoutMs: opts.timeoutMs,
        intervalMs: 2,
        signal: opts.signal,
      });
      const t3 = performance.now();
      if (answer.status !== 200) throw new Error(`startup: GET / answered ${answer.status}, expected 200`);
      return { total: t3 - t0, create: t1 - t0, start: t2 - t1, ready: t3 - t2 };
    },
    async remove() {
      if (last) await engine.removeContainer(last);
      last = null;
    },
    async [Symbol.asyncDispose]() {
      const left = last;
      if (left) await release(`remove start-up container ${left}`, () => engine.removeContainer(left), opts.note);
      last = null;
    },
  };
}
