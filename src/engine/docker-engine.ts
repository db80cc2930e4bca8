/** The only file that knows dockerode: the Engine interface implemented against a real Docker engine. */
import Docker from 'dockerode';
import { type CleanupNote, EngineError, oneLine, release } from '../errors.js';
import type { Builder, EnvironmentFacts } from '../types.js';
import { type ApiChoice, chooseApiVersion, type DaemonApi } from './api-version.js';
import { type CacheRecord, cacheRecordsFrom, diskUsageQuery } from './build-cache.js';
import { judgeBuild, type Ownership } from './build-ownership.js';
import { retryContentLockRace } from './build-race.js';
import { type BuildStreamSummary, readBuildStream, type VertexSpan } from './build-stream.js';
import { claimsOf } from './cache-claims.js';
import type {
  BuildRequest,
  BuildResult,
  ContainerSpec,
  ContainerState,
  ContainerSummary,
  Engine,
  HistoryEntry,
  ImageInfo,
  ImageSummary,
  PruneReport,
  PullResult,
  PushResult,
  RegistryTrust,
} from './engine.js';
import { type EngineKind, engineKindFromVersion, type VersionComponents } from './engine-kind.js';
import { type ImageStore, imageStoreFromInfo } from './image-store.js';
import { readImageStream } from './image-stream.js';
import { packContext } from './pack-context.js';
import { trustsPlainHttp, untrustedRegistryMessage } from './registry-trust.js';
import { demuxLogs, readFileFromTar } from './tar-utils.js';

/** Default per-call timeout for short engine calls, ms. */
const CALL_MS = 60_000;
/** Timeout of one push or pull, ms. */
const TRANSFER_MS = 30 * 60_000;
/** Waits between snapshots while a finished build's records are still in use, ms (3.15 s in all). */
const SETTLE_MS = [50, 100, 200, 400, 800, 1600];

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Wrap an engine call so that its failure names the operation and keeps the engine's message and the cause. */
async function call<T>(op: string, subject: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw EngineError.from(op, subject, err);
  }
}

function signalFor(signal: AbortSignal | undefined, ms = CALL_MS): AbortSignal {
  const t = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, t]) : t;
}

/** Calls @types/dockerode 4 types without options, although dockerode 5 takes an abort signal on them. */
interface UntypedCalls {
  version(o: object): Promise<Docker.DockerVersion>;
  info(o: object): Promise<{
    Driver: string;
    /** [key, value] pairs; the containerd image store lists its snapshotter type here. */
    DriverStatus: unknown;
    OperatingSystem: string;
    KernelVersion: string;
    Architecture: string;
    NCPU: number;
    MemTotal: number;
    SystemTime: string;
    RegistryConfig?: { InsecureRegistryCIDRs?: string[] | null; IndexConfigs?: Record<string, { Secure?: boolean }> };
  }>;
  getImages(o: object): Promise<NodeJS.ReadableStream>;
}

function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 404;
}

/** 409: the engine refuses to remove an image something still uses (a child image, a container). */
function isConflict(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 409;
}

/** The query of a list call for what carries every label in `labelFilter` (`key=value` or `key`). */
function labelled(labelFilter: string[], signal?: AbortSignal): { filters: string; abortSignal: AbortSignal } {
  return { filters: JSON.stringify({ label: labelFilter }), abortSignal: signalFor(signal) };
}

/** Connect to the engine named by DOCKER_HOST, or the default socket. */
export function createDockerEngine(): Engine {
  return new DockerEngine(new Docker());
}

export class DockerEngine implements Engine {
  /** The API version every request is sent as, negotiated on first use. */
  private negotiation: Promise<ApiChoice> | undefined;
  /** Docker or Podman, from the same `GET /version` answer; set by the negotiation. */
  private engineKind: EngineKind | undefined;
  /** Whether each of this engine's BuildKit builds provably made its records, with its local start (ms epoch). */
  private readonly builds: { startedAt: number; ownership: Ownership }[] = [];
  /** Ids of build-cache records this engine has deleted, so a later prune does not ask again. */
  private readonly pruned = new Set<string>();

  constructor(private readonly docker: Docker) {}

  /**
   * The client, pinned to the highest API version both sides support. dockerode does not negotiate: without a version
   * its paths are unversioned, and a newer daemon answers them in its newest shape. Only `GET /version` is asked
   * unversioned, to learn the daemon's range.
   */
  private async api(signal?: AbortSignal): Promise<Docker> {
    this.negotiation ??= (async () => {
      const daemon = await this.raw<DaemonApi & VersionComponents>(
        '/version',
        'GET',
        undefined,
        signalFor(signal, 15_000),
      );
      // Podman answers with the Docker API range it emulates (1.41 in 5.4) beside its own version in Components.
      this.engineKind = engineKindFromVersion(daemon);
      const choice = chooseApiVersion(daemon);
      // The modem prefixes every path with its version from now on.
      (this.docker.modem as unknown as { version?: string }).version = `v${choice.pinned}`;
      return choice;
    })().catch((err) => {
      // An engine that was down may answer later: negotiate again on the next call.
      this.negotiation = undefined;
      throw EngineError.from('negotiate API version', 'engine', err);
    });
    await this.negotiation;
    return this.docker;
  }

  async kind(signal?: AbortSignal): Promise<EngineKind> {
    await this.api(signal);
    return this.engineKind as EngineKind;
  }

  /** Known once the API version is negotiated. */
  private isPodman(): boolean {
    return this.engineKind?.name === 'Podman Engine';
  }

  /** One request through dockerode's modem, for calls whose dockerode method drops its options. */
  private raw<T>(path: string, method: 'GET' | 'POST', query: object | undefined, signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: query ? `${path}?` : path,
          method,
          options: query ? { ...query } : undefined,
          abortSignal: signal,
          statusCodes: { 200: true, 400: 'bad parameter', 404: 'not found', 500: 'server error' },
        },
        (err, data) => (err ? reject(err) : resolve(data as T)),
      );
    });
  }

  /** A request at the negotiated API version. */
  private async dial<T>(path: string, method: 'GET' | 'POST', query: object | undefined, signal: AbortSignal) {
    await this.api(signal);
    return this.raw<T>(path, method, query, signal);
  }

  async describe(builder: Builder, signal?: AbortSignal): Promise<EnvironmentFacts> {
    return call('describe', 'engine', async () => {
      const opts = { abortSignal: signalFor(signal, 15_000) };
      const d = (await this.api(signal)) as unknown as UntypedCalls;
      const choice = (await this.negotiation) as ApiChoice;
      const [v, info] = await Promise.all([d.version(opts), d.info(opts)]);
      // The store is in this answer already: later questions about it need no request of their own.
      this.store ??= Promise.resolve(imageStoreFromInfo(info.Driver, info.DriverStatus, this.isPodman()));
      return {
        engineName: (this.engineKind as EngineKind).name,
        engineVersion: v.Version,
        apiVersion: choice.pinned,
        engineApiVersion: choice.daemonMax,
        storageDriver: info.Driver,
        imageStore: imageStoreFromInfo(info.Driver, info.DriverStatus, this.isPodman()).label,
        os: info.OperatingSystem,
        kernel: info.KernelVersion,
        architecture: info.Architecture,
        cpus: info.NCPU,
        memoryBytes: info.MemTotal,
        builder,
        node: process.version,
        layerTimestamps: await this.timestampNote(signal),
      } satisfies EnvironmentFacts;
    });
  }

  /**
   * What happens to the files' timestamps in the layers. BuildKit's `rewrite-timestamp` exporter option (0.13, Docker
   * 26) would set them to SOURCE_DATE_EPOCH, but no store takes it through the Engine API: moby's exporter for a graph
   * driver accepts only the image name, and with the containerd store the exporter unpacks the image, which BuildKit
   * refuses (`exporter option "rewrite-timestamp" conflicts with "unpack"`, Docker 28.5 with the containerd store,
   * also with `unpack=false` asked). So builds keep their files' times, and whether two builds are the same image is
   * decided by content, file for file (same-image.ts), not by layer digests.
   */
  private async timestampNote(signal?: AbortSignal): Promise<string> {
    const kind = await this.kind(signal);
    if (kind.name !== 'Docker Engine' || kind.noBuildkit)
      return `kept as built (${kind.name} ${kind.version} has no BuildKit)`;
    const store = await this.imageStore(signal);
    return store.kind === 'containerd'
      ? "kept as built: with the containerd store, BuildKit refuses rewrite-timestamp (it conflicts with the unpack the store does); SOURCE_DATE_EPOCH sets the image's dates only"
      : `kept as built: the ${store.label}'s exporter cannot rewrite them; SOURCE_DATE_EPOCH sets the image's dates only`;
  }

  /** Asked once: the store cannot change while the daemon runs. */
  private store: Promise<ImageStore> | undefined;

  async imageStore(signal?: AbortSignal): Promise<ImageStore> {
    this.store ??= call('describe', 'image store', async () => {
      const d = (await this.api(signal)) as unknown as UntypedCalls;
      const info = await d.info({ abortSignal: signalFor(signal, 15_000) });
      return imageStoreFromInfo(info.Driver, info.DriverStatus, this.isPodman());
    }).catch((err) => {
      this.store = undefined;
      throw err;
    });
    return this.store;
  }

  async canReachHub(signal?: AbortSignal): Promise<{ reachable: boolean; reason: string }> {
    // A search goes through the daemon to Docker Hub's index and changes nothing locally.
    try {
      await (await this.api()).searchImages({ term: 'alpine', limit: 1, abortSignal: signalFor(signal, 8_000) });
      return { reachable: true, reason: 'the engine reached Docker Hub (image search answered)' };
    } catch (err) {
      const msg = String((err as Error).message ?? err).split('\n')[0];
      return { reachable: false, reason: `the engine cannot reach Docker Hub (${msg})` };
    }
  }

  async build(req: BuildRequest): Promise<BuildResult> {
    // A retried build is timed from its own start, so only a build whose time stays true is retried: one that
    // reruns every step (noCache), or one whose time nobody reads (retryRace). See build-race.ts.
    if (req.noCache !== true && req.retryRace !== true) return this.buildOnce(req);
    return retryContentLockRace(() => this.buildOnce(req), `build ${req.tag}`, req);
  }

  private async buildOnce(req: BuildRequest): Promise<BuildResult> {
    const signal = signalFor(req.signal, req.timeoutMs);
    const docker = await call('build', req.tag, () => this.api(signal));
    const noBuildkit = req.builder === 'buildkit' ? (this.engineKind as EngineKind).noBuildkit : null;
    if (noBuildkit) throw new EngineError('build', req.tag, `${noBuildkit}; build with --builder classic`);
    // Opens the window in which this build's cache records must appear (see pruneBuildCacheSince); taken before the
    // clock starts, since it is bookkeeping and not build time.
    const s0 = performance.now();
    const before = req.builder === 'buildkit' ? await this.cacheSnapshot(req.signal) : null;
    const t0 = performance.now();
    // Whole seconds: image creation times from the engine may be rounded down.
    const buildStart = Math.floor(Date.now() / 1000) * 1000 - 1000;
    const { stream: ctx, bytes } = packContext(req.files);
    const options: Docker.ImageBuildOptions = {
      t: req.tag,
      dockerfile: req.dockerfile,
      labels: req.labels,
      // forcerm: a failed classic RUN would otherwise leave an exited container behind.
      rm: true,
      forcerm: true,
      nocache: req.noCache ?? false,
      buildargs: req.buildArgs ?? {},
      abortSignal: signal,
    };
    if (req.builder === 'buildkit') {
      options.version = '2';
      if (req.sourceDateEpoch !== undefined) {
        options.buildargs = { ...options.buildargs, SOURCE_DATE_EPOCH: String(req.sourceDateEpoch) };
      }
    }
    if (req.target) options.target = req.target;
    const startedAt = Date.now();
    let summary: BuildStreamSummary;
    try {
      summary = await call('build', req.tag, async () => {
        const stream = (await docker.buildImage(ctx, options)) as unknown as AsyncIterable<Buffer>;
        return readBuildStream(stream);
      });
    } catch (err) {
      if (before !== null) await this.closeWindow(startedAt, before, null, req.signal);
      throw err;
    }
    // The closing snapshot waits for the engine to release the build's records: bookkeeping, not build time.
    const w0 = performance.now();
    if (before !== null) await this.closeWindow(startedAt, before, summary.spans, req.signal);
    const bookkeeping = performance.now() - w0;
    // Classic step images that are not parents of the result stay dangling; remove ours (ids from this stream only).
    const cleanup = async () => {
      // ` ---> <id>` also names the FROM image (a base the user or the harness keeps) and the result itself.
      // Only untagged images created by this very build are step images, and only those are removed.
      const result = summary.imageId?.replace('sha256:', '') ?? '';
      for (const id of summary.stepImageIds.reverse()) {
        if (result.startsWith(id)) continue;
        await release(`remove build step image ${id}`, () => this.removeStepImage(id, buildStart), req.note);
      }
    };
    if (summary.error || !summary.imageId) {
      await cleanup();
      const tail = summary.log.slice(-8).join('\n');
      throw new EngineError(
        'build',
        req.tag,
        `${summary.error ?? 'the build stream ended without an image id'}${tail ? `\n${tail}` : ''}`,
      );
    }
    if (req.builder === 'classic') await cleanup();
    return {
      imageId: summary.imageId,
      log: summary.log,
      warnings: summary.warnings,
      cachedSteps: summary.cachedSteps,
      totalSteps: summary.totalSteps,
      ms: performance.now() - t0 - bookkeeping,
      snapshotMs: t0 - s0 + bookkeeping,
      contextBytes: bytes,
    };
  }

  /**
   * Remove one step image of a classic build if it is untagged and made by that build. A step image the result (or
   * another image) is built on is not dangling: the engine refuses with 409 and keeps it, rightly. One already gone
   * (404) was pruned with a later step's removal. Anything else is thrown, for the caller to tell.
   */
  private async removeStepImage(id: string, buildStart: number): Promise<void> {
    const step = await this.inspectImage(id);
    if (!step || step.tags.length > 0 || Date.parse(step.created) < buildStart) return;
    try {
      await (await this.api())
        .getImage(id)
        .remove({ noprune: false, abortSignal: signalFor(undefined, 30_000) } as object);
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw EngineError.from('remove image', id, err);
    }
  }

  async importImage(input: NodeJS.ReadableStream, ref: string, changes: string[], signal?: AbortSignal) {
    const [repo, tag] = splitRef(ref);
    return call('import', ref, async () => {
      const stream = (await (
        await this.api()
      ).importImage(
        input as unknown as string,
        {
          repo,
          tag,
          changes,
          abortSignal: signalFor(signal, 30 * 60_000),
        } as object,
      )) as unknown as AsyncIterable<Buffer>;
      const summary = await readBuildStream(stream);
      if (summary.error) throw new Error(summary.error);
      const info = await this.inspectImage(ref, signal);
      if (!info) throw new Error('the engine reported success but the image is missing');
      return info.id;
    });
  }

  async inspectImage(ref: string, signal?: AbortSignal): Promise<ImageInfo | null> {
    try {
      const i = await (await this.api()).getImage(ref).inspect({ abortSignal: signalFor(signal) } as object);
      return {
        id: i.Id,
        size: i.Size,
        layers: i.RootFS?.Layers ?? [],
        tags: i.RepoTags ?? [],
        labels: i.Config?.Labels ?? {},
        user: i.Config?.User ?? '',
        created: i.Created,
        env: i.Config?.Env ?? [],
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw EngineError.from('inspect image', ref, err);
    }
  }

  async imageHistory(ref: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
    return call('image history', ref, async () => {
      // Image.history() in dockerode 5 takes only a callback: given options it took them for one, returned undefined
      // and threw later. The same request through the modem keeps the abort signal.
      const path = `/images/${ref}/history`;
      const h = await this.dial<{ CreatedBy: string; Size: number; Comment: string }[]>(
        path,
        'GET',
        undefined,
        signalFor(signal),
      );
      return h.map((e) => ({ createdBy: e.CreatedBy, size: e.Size, comment: e.Comment }));
    });
  }

  async exportImage(ref: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    // getImages({names}) rather than getImage(ref).get(): the latter takes no options in dockerode 5, so no abort
    // signal. Both call the same export; the signal stays on the response, so a stalled export ends in an error.
    return call('export image', ref, async () => {
      const opts = { names: [ref], abortSignal: signalFor(signal, TRANSFER_MS) };
      return ((await this.api(signal)) as unknown as UntypedCalls).getImages(opts);
    });
  }

  async listImages(labelFilter: string[], signal?: AbortSignal): Promise<ImageSummary[]> {
    return call('list images', labelFilter.join(','), async () => {
      const list = await (await this.api()).listImages({ all: false, ...labelled(labelFilter, signal) } as object);
      return list.map((i) => ({
        id: i.Id,
        tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        labels: i.Labels ?? {},
        size: i.Size,
        created: i.Created,
      }));
    });
  }

  async tagImage(id: string, ref: string, signal?: AbortSignal): Promise<void> {
    const [repo, tag] = splitRef(ref);
    await call('tag', `${id} as ${ref}`, async () =>
      (await this.api()).getImage(id).tag({ repo, tag, abortSignal: signalFor(signal) } as Docker.ImageTagOptions),
    );
  }

  async removeImage(
    ref: string,
    opts: { force?: boolean; signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<void> {
    try {
      await (await this.api()).getImage(ref).remove({
        force: opts.force ?? false,
        noprune: false,
        abortSignal: signalFor(opts.signal, opts.timeoutMs),
      } as object);
    } catch (err) {
      if (!isNotFound(err)) throw EngineError.from('remove image', ref, err);
    }
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const port = spec.port ? `${spec.port}/tcp` : undefined;
    const opts: Docker.ContainerCreateOptions = {
      Image: spec.image,
      Labels: spec.labels,
      HostConfig: {
        // Init: docker-init forwards SIGTERM, so stop does not wait out a timeout, where PID 1 without a handler would ignore it.
        Init: true,
        Privileged: false,
        ...(port ? { PortBindings: { [port]: [{ HostIp: '127.0.0.1', HostPort: String(spec.hostPort ?? '') }] } } : {}),
      },
    };
    if (port) opts.ExposedPorts = { [port]: {} };
    if (spec.cmd) opts.Cmd = spec.cmd;
    if (spec.entrypoint) opts.Entrypoint = spec.entrypoint;
    if (spec.env) opts.Env = spec.env;
    return call('create container', spec.image, async () => {
      const c = await (await this.api()).createContainer({ ...opts, abortSignal: signalFor(spec.signal) } as object);
      return c.id;
    });
  }

  async startContainer(id: string, signal?: AbortSignal): Promise<void> {
    await call('start container', id.slice(0, 12), async () =>
      (await this.api()).getContainer(id).start({ abortSignal: signalFor(signal) } as object),
    );
  }

  async hostPort(id: string, port: number, signal?: AbortSignal): Promise<number> {
    return call('inspect container', id.slice(0, 12), async () => {
      const i = await (await this.api()).getContainer(id).inspect({ abortSignal: signalFor(signal) } as object);
      const hp = i.NetworkSettings.Ports?.[`${port}/tcp`]?.[0]?.HostPort;
      if (!hp) throw new Error(`port ${port}/tcp is not published`);
      return Number(hp);
    });
  }

  async containerState(id: string, signal?: AbortSignal): Promise<ContainerState> {
    return call('inspect container', id.slice(0, 12), async () => {
      const i = await (await this.api()).getContainer(id).inspect({ abortSignal: signalFor(signal) } as object);
      return { running: i.State.Running, exitCode: i.State.ExitCode, startedAt: i.State.StartedAt };
    });
  }

  async containerLogs(id: string, tail: number, signal?: AbortSignal): Promise<string> {
    return call('container logs', id.slice(0, 12), async () => {
      const buf = (await (
        await this.api()
      )
        .getContainer(id)
        .logs({ stdout: true, stderr: true, tail, follow: false, abortSignal: signalFor(signal) } as object)) as Buffer;
      return demuxLogs(buf);
    });
  }

  async fileSize(id: string, path: string, signal?: AbortSignal): Promise<number | null> {
    const file = await this.readFile(id, path, signal);
    return file === null ? null : file.length;
  }

  /** Read one file out of a container's filesystem (works on `scratch` images: no shell needed). */
  async readFile(id: string, path: string, signal?: AbortSignal): Promise<Buffer | null> {
    try {
      const stream = (await (
        await this.api()
      )
        .getContainer(id)
        .getArchive({ path, abortSignal: signalFor(signal) } as object)) as unknown as NodeJS.ReadableStream;
      return await readFileFromTar(stream);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw EngineError.from('read file', `${id.slice(0, 12)}:${path}`, err);
    }
  }

  async removeContainer(id: string, signal?: AbortSignal): Promise<void> {
    try {
      await (await this.api())
        .getContainer(id)
        .remove({ force: true, v: true, abortSignal: signalFor(signal) } as object);
    } catch (err) {
      if (!isNotFound(err)) throw EngineError.from('remove container', id.slice(0, 12), err);
    }
  }

  async listContainers(labelFilter: string[], signal?: AbortSignal): Promise<ContainerSummary[]> {
    return call('list containers', labelFilter.join(','), async () => {
      const list = await (await this.api()).listContainers({ all: true, ...labelled(labelFilter, signal) } as object);
      return list.map((c) => ({ id: c.Id, image: c.Image, labels: c.Labels ?? {}, state: c.State }));
    });
  }

  async pushImage(
    localRef: string,
    registryRef: string,
    signal?: AbortSignal,
    note?: CleanupNote,
  ): Promise<PushResult> {
    const t0 = performance.now();
    await this.tagImage(localRef, registryRef, signal);
    const [repo, tag] = splitRef(registryRef);
    try {
      return await call('push', registryRef, async () => {
        // authconfig {} is required: without X-Registry-Auth engine 20.10 answers 400, even for a registry that asks for no credentials.
        const stream = (await (await this.api()).getImage(repo).push({
          tag,
          authconfig: {},
          abortSignal: signalFor(signal, TRANSFER_MS),
        } as object)) as unknown as AsyncIterable<Buffer>;
        // A push to a dead registry still answers 200: the failure is an error event in the stream.
        const s = await readImageStream(stream);
        if (s.error) throw new Error(s.error);
        if (!s.digest) throw new Error('the push stream ended without a manifest digest');
        return { ref: registryRef, digest: s.digest, ms: performance.now() - t0 };
      });
    } catch (err) {
      await release(`remove the tag ${registryRef} of a failed push`, () => this.removeImage(registryRef), note);
      throw await this.explainRegistryFailure('push', registryRef, err, signal);
    }
  }

  /**
   * A push or pull to the harness's plain-HTTP registry that failed because the engine does not treat it as insecure
   * gets an error saying so, with the engine's own message kept as the cause; any other failure is returned as is.
   */
  private async explainRegistryFailure(op: string, ref: string, err: unknown, signal?: AbortSignal): Promise<unknown> {
    const host = ref.split('/')[0] ?? '';
    if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/.test(host)) return err;
    // Only an explanation: when the engine's registry settings cannot be read (most often for the reason the push or
    // pull failed), the failure is returned as it came, and that error is the one the caller throws.
    const trust = await this.registryTrust(host, signal).catch(() => null);
    if (!trust || trustsPlainHttp(trust, host)) return err;
    return new EngineError(op, ref, `${untrustedRegistryMessage(trust, host)} (engine: ${oneLine(err)})`, {
      cause: err,
    });
  }

  async pullImage(ref: string, signal?: AbortSignal): Promise<PullResult> {
    return this.pullOnce(ref, signal).catch(async (err) => {
      throw await this.explainRegistryFailure('pull', ref, err, signal);
    });
  }

  private async pullOnce(ref: string, signal?: AbortSignal): Promise<PullResult> {
    return call('pull', ref, async () => {
      const t0 = performance.now();
      const stream = (await (
        await this.api()
      ).pull(ref, {
        abortSignal: signalFor(signal, TRANSFER_MS),
      } as object)) as unknown as AsyncIterable<Buffer>;
      const s = await readImageStream(stream);
      if (s.error) throw new Error(s.error);
      return {
        ms: performance.now() - t0,
        layersDownloaded: s.pullComplete.size,
        layersAlreadyExist: s.alreadyExists.size,
      };
    });
  }

  /**
   * Remove the build-cache records that this engine's own BuildKit builds (started at or after `since`) provably
   * created: those of builds whose window showed no other client (build-ownership.ts). Records of the other builds
   * are left and counted. One id per request: 20.10 refuses an `id` filter with several values, and dockerode's
   * pruneBuilder sends no filter at all, which would prune every unused record on the engine, whoever made it. The
   * daemon turns `id` into BuildKit's `id~=` (a regular-expression match), which a whole id matches only in itself;
   * what the engine reports deleted is checked against what was asked all the same.
   */
  async pruneBuildCacheSince(since: number, signal?: AbortSignal): Promise<PruneReport> {
    return call('prune build cache', 'own records', async () => {
      const sig = () => signalFor(signal, 120_000);
      const builds = this.builds.filter((b) => b.startedAt >= since).map((b) => b.ownership);
      const { claimed, unproven, reasons } = claimsOf(builds, this.pruned);
      if (claimed.length === 0 && reasons.length === 0) {
        return { records: 0, bytes: 0, kept: 0, unproven: { records: 0, bytes: 0, reasons: [] } };
      }
      // What is there now: a build's working records and records someone else pruned since are neither deleted,
      // nor kept, nor left. Without a snapshot, every record is taken as present.
      const now = await this.cacheSnapshot(signal);
      const present = typeof now === 'string' ? null : new Map(now.map((r) => [r.id, r]));
      const mine = present ? claimed.filter((r) => present.has(r.id)) : claimed;
      const unprovenNow = present ? unproven.flatMap((r) => present.get(r.id) ?? []) : unproven;
      const report: PruneReport = {
        records: 0,
        bytes: 0,
        kept: 0,
        unproven: { records: unprovenNow.length, bytes: sum(unprovenNow.map((r) => r.size)), reasons },
      };
      let pending = mine.map((r) => r.id);
      // A record goes only once no other record builds on it, so a chain takes several passes.
      while (pending.length > 0) {
        const left: string[] = [];
        for (const id of pending) {
          const res = await this.dial<{ CachesDeleted?: string[] | null; SpaceReclaimed?: number }>(
            '/build/prune',
            'POST',
            { filters: { id: [id] } },
            sig(),
          );
          const deleted = res.CachesDeleted ?? [];
          const foreign = deleted.filter((d) => d !== id);
          if (foreign.length > 0) {
            throw new Error(`asked to delete record ${id}, the engine also deleted ${foreign.join(', ')}`);
          }
          if (deleted.length === 1) {
            this.pruned.add(id);
            report.records++;
            report.bytes += res.SpaceReclaimed ?? 0;
          } else left.push(id);
        }
        if (left.length === pending.length) break;
        pending = left;
      }
      // Still used by an image (a kept final image, a base) or by a build in progress: not ours to force.
      report.kept = mine.length - report.records;
      return report;
    });
  }

  /** The build-cache records now, or why they could not be read (errors as data: a build goes on without them). */
  private async cacheSnapshot(signal?: AbortSignal): Promise<CacheRecord[] | string> {
    try {
      const version = ((await this.negotiation) as ApiChoice).pinned;
      return cacheRecordsFrom(await this.diskUsage(version, () => signalFor(signal)));
    } catch (err) {
      return oneLine(err);
    }
  }

  /**
   * Close a build's window and judge it. The engine releases a build's records after its stream ends (up to a few
   * hundred ms later on 28.5), so the snapshot is taken again until nothing is in use; a record still in use after
   * that belongs to a build that is running, and the window proves nothing. `spans` null: the stream broke off.
   */
  private async closeWindow(
    startedAt: number,
    before: CacheRecord[] | string,
    spans: VertexSpan[] | null,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    let after = await this.cacheSnapshot(signal);
    for (const wait of SETTLE_MS) {
      if (typeof after === 'string' || !after.some((r) => r.inUse)) break;
      await new Promise((r) => setTimeout(r, wait));
      after = await this.cacheSnapshot(signal);
    }
    let ownership: Ownership;
    if (typeof before === 'string' || typeof after === 'string') {
      const reason = typeof before === 'string' ? before : (after as string);
      // Without both snapshots nothing is known to have appeared: there is nothing to count either.
      ownership = { proven: false, reason: `no build-cache snapshot: ${reason}`, records: [] };
    } else if (spans === null) {
      const was = new Set(before.map((r) => r.id));
      const appeared = after.filter((r) => !was.has(r.id));
      ownership = { proven: false, reason: 'its progress stream broke off', records: appeared };
    } else ownership = judgeBuild(before, after, spans);
    this.builds.push({ startedAt, ownership });
  }

  /**
   * `/system/df` for build-cache records. Under the containerd store a df that races another client's build can fail
   * with "snapshot … does not exist"; 20.10 runs one df at a time and refuses another client's meanwhile ("a disk
   * usage operation is already running", seen with two benches on one engine). Either is asked again, a few times.
   */
  private async diskUsage(version: string, sig: () => AbortSignal): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dial<unknown>('/system/df', 'GET', diskUsageQuery(version), sig());
      } catch (err) {
        if (attempt >= 8 || !/does not exist|not found|already running/i.test(oneLine(err))) throw err;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  }

  async registryTrust(host: string, signal?: AbortSignal): Promise<RegistryTrust> {
    return call('read registry configuration', host, async () => {
      const d = (await this.api(signal)) as unknown as UntypedCalls;
      const info = await d.info({ abortSignal: signalFor(signal) });
      const cfg = info.RegistryConfig ?? {};
      return {
        insecureCidrs: cfg.InsecureRegistryCIDRs ?? [],
        insecureHosts: Object.entries(cfg.IndexConfigs ?? {})
          .filter(([, v]) => v.Secure === false)
          .map(([k]) => k),
        engineVersion: (await d.version({ abortSignal: signalFor(signal) })).Version,
      };
    });
  }
}

/** Split `repo:tag` (a registry port is not a tag). */
function splitRef(ref: string): [string, string] {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return [ref.slice(0, colon), ref.slice(colon + 1)];
  return [ref, 'latest'];
}
