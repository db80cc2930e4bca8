/** Smoke test: start the image with its port on 127.0.0.1 and require `GET /` → 200 `Hello World!`. */

import { releaseOnDispose } from '../disposable.js';
import type { Engine } from '../engine/engine.js';
import { containerLabels } from '../engine/labels.js';
import { type CleanupNote, oneLine } from '../errors.js';
import { pollHttp } from './http-ready.js';

const EXPECTED_BODY = 'Hello World!';

export interface SmokeResult {
  ok: boolean;
  /** Time from start call to the first good answer, ms. */
  readyMs: number | null;
  /** The API binary read out of the container before it started; null when absent. */
  binary: Buffer | null;
  error: string | null;
}

export interface SmokeOptions {
  image: string;
  port: number;
  binaryPath: string;
  runId: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Told when the container cannot be removed afterwards. */
  note?: CleanupNote | undefined;
}

/** Run the smoke test; the container is always removed. Failures are data, except the engine going away. */
export async function smokeTest(engine: Engine, opts: SmokeOptions): Promise<SmokeResult> {
  const id = await engine.createContainer({
    image: opts.image,
    labels: containerLabels(opts.runId),
    port: opts.port,
    signal: opts.signal,
  });
  await using _container = releaseOnDispose(
    `remove smoke container ${id}`,
    () => engine.removeContainer(id),
    opts.note,
  );
  // Read the binary before start: a created container's filesystem is readable even on scratch (no shell needed).
  const binary = await engine.readFile(id, opts.binaryPath, opts.signal);
  await engine.startContainer(id, opts.signal);
  const t0 = performance.now();
  const exited = async () => {
    const s = await engine.containerState(id, opts.signal);
    return s.running ? null : `the container exited with code ${s.exitCode} before answering`;
  };
  try {
    // An exited container has no published port: say that it exited, not that the port is missing.
    const hostPort = await engine.hostPort(id, opts.port, opts.signal).catch(async (err) => {
      throw new Error((await exited()) ?? String((err as Error).message));
    });
    const answer = await pollHttp({
      port: hostPort,
      path: '/',
      timeoutMs: opts.timeoutMs,
      intervalMs: 50,
      signal: opts.signal,
      check: exited,
    });
    if (answer.status !== 200 || answer.body !== EXPECTED_BODY) {
      const got = `HTTP ${answer.status} ${JSON.stringify(answer.body.slice(0, 80))}`;
      return {
        ok: false,
        readyMs: null,
        binary,
        error: `smoke: GET / answered ${got}, expected 200 "${EXPECTED_BODY}"`,
      };
    }
    return { ok: true, readyMs: performance.now() - t0, binary, error: null };
  } catch (err) {
    if (opts.signal.aborted) throw err;
    const logs = await engine.containerLogs(id, 10).catch(() => '');
    const tail = logs.trim() ? `; last log lines: ${oneLine(logs.trim())}` : '; no log output';
    return { ok: false, readyMs: null, binary, error: `smoke: ${oneLine(err)}${tail}` };
  }
}
