/** One deploy on a node: pull, create, start, first `GET /` answered 200, each part timed where it happens. */

import { containerLabels } from '../engine/labels.js';
import type { NodeEngine } from '../node/node-engine.js';

/** A deploy sample and its parts, ms; `total` is their sum. */
export interface DeploySample {
  total: number;
  pull: number;
  create: number;
  start: number;
  ready: number;
  /** CPU time the node's daemon used during the pull, CPU ms; null where the node's cgroup cannot be read. */
  pullCpu: number | null;
}

/**
 * Deploy `ref` on `node`, which must not hold it: the pull must download every layer. `ready` is timed by the
 * prober where the published port is (inside the node's namespace), from the moment it is asked to the first answer.
 */
export async function deploySample(
  node: Pick<NodeEngine, 'engine' | 'prober' | 'hostPort'> & Partial<Pick<NodeEngine, 'cpuMs'>>,
  ref: string,
  opts: { port: number; runId: string; timeoutMs: number; signal: AbortSignal },
): Promise<DeploySample> {
  const { engine } = node;
  // The counter is read just outside the pull's own clock; the daemon idles otherwise, so the difference is the pull's.
  const cpu0 = node.cpuMs ? await node.cpuMs() : null;
  const pulled = await engine.pullImage(ref, opts.signal);
  const pullCpu = node.cpuMs && cpu0 !== null ? (await node.cpuMs()) - cpu0 : null;
  if (pulled.layersAlreadyExist > 0)
    throw new Error(`not a fresh node: ${pulled.layersAlreadyExist} layer(s) of ${ref} already existed`);
  const t0 = performance.now();
  const id = await engine.createContainer({
    image: ref,
    labels: containerLabels(opts.runId),
    port: opts.port,
    ...(node.hostPort !== null ? { hostPort: node.hostPort } : {}),
    signal: opts.signal,
  });
  const t1 = performance.now();
  await engine.startContainer(id, opts.signal);
  const t2 = performance.now();
  const hostPort = node.hostPort ?? (await engine.hostPort(id, opts.port, opts.signal));
  const answer = await node.prober.poll(hostPort, '/', opts.timeoutMs, opts.signal);
  if (answer.status !== 200) throw new Error(`deploy: GET / answered ${answer.status}, expected 200`);
  const parts = { pull: pulled.ms, create: t1 - t0, start: t2 - t1, ready: answer.ms };
  return { ...parts, total: parts.pull + parts.create + parts.start + parts.ready, pullCpu };
}

/** Transfer time of `bytes` at `bitsPerSecond`, ms: no pull over that link can be faster. */
function linkBoundMs(bytes: number, bitsPerSecond: number): number {
  return ((bytes * 8) / bitsPerSecond) * 1000;
}

/**
 * Why the samples cannot be pulls over a link of `bitsPerSecond`, or null: a sample under 95% of the transfer time
 * of `bytes` means the limit did not hold, and the figure would be a loopback pull posing as a slower one.
 */
export function physicsProblem(pullMs: readonly number[], bytes: number, bitsPerSecond: number): string | null {
  const bound = linkBoundMs(bytes, bitsPerSecond);
  const fastest = Math.min(...pullMs);
  if (pullMs.length === 0 || fastest >= 0.95 * bound) return null;
  return (
    `a pull took ${fastest.toFixed(0)} ms, faster than ${bytes} bytes can cross a ${bitsPerSecond / 1e6} Mbit/s link ` +
    `(${bound.toFixed(0)} ms): the link limit did not hold`
  );
}
