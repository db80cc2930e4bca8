/**
 * The node: a second engine that pulls and runs the images as a fresh node would. Started by the harness with the
 * project's side-engine mechanism (scripts/engine.sh: an empty data root in its own network and mount namespace),
 * it is the harness's entirely, so between samples it is emptied and every pull is cold. `--node-engine` names an
 * engine the user dedicates instead; there the harness removes only what it pulled and ran.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Docker from 'dockerode';
import { ReleaseStack } from '../disposable.js';
import { DockerEngine } from '../engine/docker-engine.js';
import type { Engine } from '../engine/engine.js';
import { CONTAINER_LABEL } from '../engine/labels.js';
import { type CleanupNote, oneLine } from '../errors.js';
import type { LocalRegistry } from '../registry/local-registry.js';
import { startThrottleProxy, type ThrottleProxy } from '../registry/throttle-proxy.js';
import { ENGINE_SH, engineSh } from './engine-sh.js';
import { tcShaper } from './link-shaper.js';
import { DEFAULT_NODE_KIND, NODE_KIND_FACTS, type NodeKind } from './node-kinds.js';
import { startNodeRegistry } from './node-registry.js';
import { localProber, type Prober, startNetnsProber } from './ready-probe.js';

/**
 * The port a deployed container publishes on the node's 127.0.0.1. The node's namespace is the harness's alone and
 * holds one container at a time, so a fixed port spares an inspect call between start and the first request.
 */
const NODE_HOST_PORT = 18_080;

/**
 * A node engine ready for cold pulls and deploys. Disposing it stops what was started (the engine itself when owned),
 * last started first; each failure is told to the note it was opened with. Disposing it twice does nothing more.
 */
export interface NodeEngine extends AsyncDisposable {
  engine: Engine;
  /** Does the harness own it entirely (and may empty it)? */
  owned: boolean;
  /** For notes and progress: what the node is. */
  label: string;
  /** Open the registry path at `bitsPerSecond` (null: loopback, no limit); returns the registry host to pull from. */
  link(bitsPerSecond: number | null): Promise<string>;
  /** How a link of that speed is made, for the rows' notes. */
  linkNote(bitsPerSecond: number | null): string;
  /** Polls HTTP where the node's published ports are. */
  prober: Prober;
  /** The host port containers publish on, when the node's loopback is the harness's alone; null: ephemeral. */
  hostPort: number | null;
  /** Remove every image and container this node holds that the harness may remove: afterwards a pull is cold. */
  wipe(): Promise<void>;
  /** The kind the harness started (`docker-28`); null for an engine the user dedicates. */
  kind: NodeKind | null;
  /**
   * CPU time the node's daemon and everything it started have used so far, ms (its cgroup's counter), or null where
   * it cannot be read (an engine the user dedicates, a host without a CPU-accounting cgroup): why, in `cpuUnreadable`.
   */
  cpuMs: (() => Promise<number>) | null;
  /** Why `cpuMs` is null; null when it is not. */
  cpuUnreadable: string | null;
}

/**
 * The daemon's CPU counter in the cgroup folder engine.sh made for it: cgroup v1's cpuacct.usage (ns) or v2's
 * cpu.stat usage_usec; a reader giving ms, or null when the folder has neither.
 */
export async function cgroupCpuReader(dir: string): Promise<(() => Promise<number>) | null> {
  const v1 = path.join(dir, 'cpuacct.usage');
  const v2 = path.join(dir, 'cpu.stat');
  const readV1 = async () => Number((await readFile(v1, 'utf8')).trim()) / 1e6;
  const readV2 = async () => {
    const m = /^usage_usec (\d+)$/m.exec(await readFile(v2, 'utf8'));
    if (!m) throw new Error(`${v2} has no usage_usec line`);
    return Number(m[1]) / 1e3;
  };
  for (const read of [readV1, readV2]) {
    const first = await read().catch(() => null);
    if (first !== null && Number.isFinite(first)) return read;
  }
  return null;
}

/** Why no node engine can be started here, in a few words (`not root`), or null when one can. */
export function nodeUnavailable(platform = process.platform, uid = process.getuid?.() ?? -1): string | null {
  // Network and mount namespaces are Linux's, and making them takes root.
  if (platform !== 'linux') return `${platform}, not Linux: no network namespaces`;
  if (uid !== 0) return 'not root';
  return null;
}

/** The engine name for a run: engine.sh allows a-z, 0-9 and -. */
export function nodeName(runId: string): string {
  return `node-${runId.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`.slice(0, 40);
}

/** A DockerEngine for `unix:///path` or `tcp://host:port`. */
function engineAt(dockerHost: string): Engine {
  const u = new URL(dockerHost);
  if (u.protocol === 'unix:') return new DockerEngine(new Docker({ socketPath: u.pathname }));
  return new DockerEngine(new Docker({ host: u.hostname, port: Number(u.port || 2375) }));
}

/**
 * Removing an unpacked image deletes every file of it: ubuntu uncompressed is 900 MB, which took over a minute on a
 * loaded 2-core machine, so the node's removals get a bound only a hang exceeds, ms.
 */
const NODE_REMOVE_MS = 600_000;

/** Remove every container and image of an engine the harness owns entirely. */
async function emptyEngine(engine: Engine): Promise<void> {
  for (const c of await engine.listContainers([])) await engine.removeContainer(c.id);
  for (const i of await engine.listImages([]))
    await engine.removeImage(i.id, { force: true, timeoutMs: NODE_REMOVE_MS });
  const left = await engine.listImages([]);
  if (left.length > 0) throw new Error(`the node still holds ${left.length} image(s) after being emptied`);
}

/**
 * Start an empty engine for this run in its own namespace, a registry inside it over `registry`'s storage, and the
 * readiness helper. Whatever fails, what was started is stopped again before the error is thrown; a stop that
 * fails is told to `note`.
 */
export async function startOwnedNode(
  runId: string,
  registry: LocalRegistry,
  signal?: AbortSignal,
  note?: CleanupNote,
  kind: NodeKind = DEFAULT_NODE_KIND,
): Promise<NodeEngine> {
  if (!registry.storageDir)
    throw new Error(
      "the node engine needs the harness's own registry (its storage is served inside the node); drop --registry",
    );
  const name = nodeName(runId);
  const netns = `imagediet-${name}`;
  // A second Ctrl-C exits at once: the engine still goes down with the process.
  const onExit = () => {
    try {
      execFileSync('sh', [ENGINE_SH, 'down', name], { stdio: 'ignore', timeout: 40_000 });
    } catch (err) {
      // Nothing can be awaited at exit: the failure is told at once, as any failed clean-up is.
      note?.(`clean-up: stop node engine "${name}" at exit failed: ${oneLine(err)}`);
    }
  };
  process.once('exit', onExit);
  // Until the node is handed over, leaving this block by a throw stops whatever was started, last first.
  await using started = new ReleaseStack(note);
  started.defer(`stop node engine "${name}"`, async () => {
    process.off('exit', onExit);
    await engineSh(['down', name], 60_000);
  });
  try {
    // The first `up` on a machine builds the Debian chroot (a few minutes); later ones take a second or two.
    const host = (await engineSh(['up', kind, name], 15 * 60_000)).split('\n').pop() ?? '';
    if (!host.startsWith('unix://')) throw new Error(`engine.sh up printed no DOCKER_HOST (got "${host}")`);
    signal?.throwIfAborted();
    const engine = engineAt(host);
    // engine.sh names the daemon's cgroup beside its socket; absent, the host has no CPU-accounting cgroup.
    const cgroup = await readFile(path.join(path.dirname(new URL(host).pathname), 'cgroup'), 'utf8').catch(() => '');
    const cpuMs = cgroup.trim() ? await cgroupCpuReader(cgroup.trim()) : null;
    const prober = await startNetnsProber(netns);
    started.defer(`stop the readiness helper in ${netns}`, () => prober.close());
    const nodeRegistry = await startNodeRegistry(netns, registry.storageDir, prober, signal);
    started.defer(`stop the node's registry in ${netns}`, () => nodeRegistry.stop());
    const shaper = tcShaper(netns, nodeRegistry.port);
    started.defer(`lift the link limit in ${netns}`, () => shaper.set(null));
    // Handed over: from here the node's own disposal stops them.
    const releases = started.move();
    return {
      engine,
      owned: true,
      label: `${kind} engine "${name}" (${NODE_KIND_FACTS[kind].label}) with an empty data root in network namespace ${netns}`,
      async link(bps) {
        await shaper.set(bps);
        return nodeRegistry.host;
      },
      linkNote: (bps) => (bps === null ? 'loopback inside the node namespace, no limit' : shaper.describe(bps)),
      prober,
      hostPort: NODE_HOST_PORT,
      wipe: () => emptyEngine(engine),
      kind,
      cpuMs,
      cpuUnreadable: cpuMs
        ? null
        : cgroup.trim()
          ? `the node's cgroup ${cgroup.trim()} has no CPU counter (cpuacct.usage or cpu.stat)`
          : 'engine.sh could make no CPU-accounting cgroup for the node here (neither cgroup v1 cpuacct nor cgroup v2)',
      [Symbol.asyncDispose]: () => releases[Symbol.asyncDispose](),
    };
  } catch (err) {
    throw new Error(`node engine: ${oneLine(err)}`, { cause: err });
  }
}

/**
 * An engine the user dedicates (`--node-engine`). It is assumed to share the harness's loopback, as an engine on
 * this machine does: it pulls from the harness's registry directly, and link speeds go through the throttle proxy.
 * Only what the harness pulled (images from its registry) and ran (its labelled containers) is removed; a removal
 * or proxy close that fails is told to `note`.
 */
export async function useDedicatedNode(
  dockerHost: string,
  registry: LocalRegistry,
  note?: CleanupNote,
): Promise<NodeEngine> {
  const engine = engineAt(dockerHost);
  await engine.describe('buildkit', AbortSignal.timeout(15_000)).catch((err) => {
    throw new Error(`--node-engine ${dockerHost} does not answer: ${oneLine(err)}`, { cause: err });
  });
  const proxies = new Map<number, ThrottleProxy>();
  // The references the harness pulls by: its registry's `imagediet/<variant>` with a tag it made up.
  const ours = (tags: string[]) => tags.some((t) => /^127\.0\.0\.1:\d+\/imagediet\/[^:]+:t[0-9a-f]{12}$/.test(t));
  const wipe = async () => {
    for (const c of await engine.listContainers([CONTAINER_LABEL])) await engine.removeContainer(c.id);
    for (const i of await engine.listImages([])) {
      if (ours(i.tags)) for (const t of i.tags) await engine.removeImage(t, { force: true, timeoutMs: NODE_REMOVE_MS });
    }
  };
  // Released last first: the proxies a link opened, then what the harness pulled and ran.
  const releases = new ReleaseStack(note);
  releases.defer(`remove what the harness pulled and ran on ${dockerHost}`, wipe);
  return {
    engine,
    owned: false,
    label: `dedicated engine ${dockerHost}`,
    async link(bps) {
      if (bps === null) return registry.host;
      let p = proxies.get(bps);
      if (!p) {
        p = releases.use(await startThrottleProxy(registry.port, bps / 8, { note }));
        proxies.set(bps, p);
      }
      return `127.0.0.1:${p.port}`;
    },
    linkNote: (bps) =>
      bps === null
        ? 'loopback, no limit'
        : `throttling proxy at ${bps / 1e6} Mbit/s on 127.0.0.1 (JavaScript token bucket)`,
    prober: localProber(),
    hostPort: null,
    wipe,
    kind: null,
    cpuMs: null,
    cpuUnreadable:
      "the node is an engine you dedicate (--node-engine): its daemon's cgroup is not the harness's to read",
    async [Symbol.asyncDispose]() {
      proxies.clear();
      await releases[Symbol.asyncDispose]();
    },
  };
}
