/** The only file that knows dockerode: the Engine interface implemented against a real Docker engine. */
import Docker from 'dockerode';
import { EngineError } from '../errors.js';
import type { Builder, EnvironmentFacts } from '../types.js';
import { readBuildStream } from './build-stream.js';
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
  PullResult,
  PushResult,
} from './engine.js';
import { type ImageStore, imageStoreFromInfo } from './image-store.js';
import { readImageStream } from './image-stream.js';
import { packContext } from './pack-context.js';
import { demuxLogs, readFileFromTar } from './tar-utils.js';

/** Default per-call timeout for short engine calls, ms. */
const CALL_MS = 60_000;
/** Timeout of one push or pull, ms. */
const TRANSFER_MS = 30 * 60_000;

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

/** Options with an abort signal; typed `{}` so the promise overloads of @types/dockerode 4 are chosen. */
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
  }>;
  df(o: object): Promise<unknown>;
  getImages(o: object): Promise<NodeJS.ReadableStream>;
}

function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 404;
}

/** Connect to the engine named by DOCKER_HOST, or the default socket. */
export function createDockerEngine(): Engine {
  return new DockerEngine(new Docker());
}

export class DockerEngine implements Engine {
  constructor(private readonly docker: Docker) {}

  async describe(builder: Builder, signal?: AbortSignal): Promise<EnvironmentFacts> {
    return call('describe', 'engine', async () => {
      const opts = { abortSignal: signalFor(signal, 15_000) };
      const d = this.docker as unknown as UntypedCalls;
      const [v, info] = await Promise.all([d.version(opts), d.info(opts)]);
      return {
        engineVersion: v.Version,
        apiVersion: v.ApiVersion,
        storageDriver: info.Driver,
        imageStore: imageStoreFromInfo(info.Driver, info.DriverStatus).label,
        os: info.OperatingSystem,
        kernel: info.KernelVersion,
        architecture: info.Architecture,
        cpus: info.NCPU,
        memoryBytes: info.MemTotal,
        builder,
        node: process.version,
      } satisfies EnvironmentFacts;
    });
  }

  /** Asked once: the store cannot change while the daemon runs. */
  private store: Promise<ImageStore> | undefined;

  async imageStore(signal?: AbortSignal): Promise<ImageStore> {
    this.store ??= call('describe', 'image store', async () => {
      const d = this.docker as unknown as UntypedCalls;
      const info = await d.info({ abortSignal: signalFor(signal, 15_000) });
      return imageStoreFromInfo(info.Driver, info.DriverStatus);
    }).catch((err) => {
      this.store = undefined;
      throw err;
    });
    return this.store;
  }

  async canReachHub(signal?: AbortSignal): Promise<{ reachable: boolean; reason: string }> {
    // A search goes through the daemon to Docker Hub's index and changes nothing locally.
    try {
      await this.docker.searchImages({ term: 'alpine', limit: 1, abortSignal: signalFor(signal, 8_000) });
      return { reachable: true, reason: 'the engine reached Docker Hub (image search answered)' };
    } catch (err) {
      const msg = String((err as Error).message ?? err).split('\n')[0];
      return { reachable: false, reason: `the engine cannot reach Docker Hub (${msg})` };
    }
  }

  async build(req: BuildRequest): Promise<BuildResult> {
    const t0 = performance.now();
    // Whole seconds: image creation times from the engine may be rounded down.
    const buildStart = Math.floor(Date.now() / 1000) * 1000 - 1000;
    const { stream: ctx, bytes } = packContext(req.files);
    const signal = signalFor(req.signal, req.timeoutMs);
    const options: Docker.ImageBuildOptions = {
      t: req.tag,
      dockerfile: req.dockerfile,
      labels: req.labels,
      // forcerm: a failed classic RUN would otherwise leave an exited container behind (ENGINE-NOTES §1.2).
      rm: true,
      forcerm: true,
      nocache: req.noCache ?? false,
      buildargs: req.buildArgs ?? {},
      abortSignal: signal,
    };
    if (req.builder === 'buildkit') options.version = '2';
    if (req.target) options.target = req.target;
    const stream = await call('build', req.tag, async () => {
      return (await this.docker.buildImage(ctx, options)) as unknown as AsyncIterable<Buffer>;
    });
    const summary = await call('build', req.tag, () => readBuildStream(stream));
    // Classic step images that are not parents of the result stay dangling; remove ours (ids from this stream only).
    const cleanup = async () => {
      // ` ---> <id>` also names the FROM image (a base the user or the harness keeps) and the result itself.
      // Only untagged images created by this very build are step images, and only those are removed.
      const result = summary.imageId?.replace('sha256:', '') ?? '';
      for (const id of summary.stepImageIds.reverse()) {
        if (result.startsWith(id)) continue;
        const step = await this.inspectImage(id).catch(() => null);
        if (!step || step.tags.length > 0 || Date.parse(step.created) < buildStart) continue;
        await this.docker
          .getImage(id)
          .remove({ noprune: false, abortSignal: signalFor(undefined, 30_000) } as object)
          .catch(() => undefined);
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
      cachedSteps: summary.cachedSteps,
      totalSteps: summary.totalSteps,
      ms: performance.now() - t0,
      contextBytes: bytes,
    };
  }

  async importImage(input: NodeJS.ReadableStream, ref: string, changes: string[], signal?: AbortSignal) {
    const [repo, tag] = splitRef(ref);
    return call('import', ref, async () => {
      const stream = (await this.docker.importImage(
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
      const i = await this.docker.getImage(ref).inspect({ abortSignal: signalFor(signal) } as object);
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

  async history(ref: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
    return call('image history', ref, async () => {
      // Image.history() in dockerode 5 takes only a callback: given options it took them for one, returned undefined
      // and threw later. The same request through the modem keeps the abort signal.
      const h = await new Promise<{ CreatedBy: string; Size: number; Comment: string }[]>((resolve, reject) => {
        this.docker.modem.dial(
          {
            path: `/images/${ref}/history`,
            method: 'GET',
            abortSignal: signalFor(signal),
            statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
          },
          (err, data) => (err ? reject(err) : resolve(data as { CreatedBy: string; Size: number; Comment: string }[])),
        );
      });
      return h.map((e) => ({ createdBy: e.CreatedBy, size: e.Size, comment: e.Comment }));
    });
  }

  async exportImage(ref: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    // getImages({names}) rather than getImage(ref).get(): the latter takes no options in dockerode 5, so no abort
    // signal. Both call the same export; the signal stays on the response, so a stalled export ends in an error.
    return call('export image', ref, async () => {
      const opts = { names: [ref], abortSignal: signalFor(signal, TRANSFER_MS) };
      return (this.docker as unknown as UntypedCalls).getImages(opts);
    });
  }

  async listImages(labelFilter: string[], signal?: AbortSignal): Promise<ImageSummary[]> {
    return call('list images', labelFilter.join(','), async () => {
      const list = await this.docker.listImages({
        all: false,
        filters: JSON.stringify({ label: labelFilter }),
        abortSignal: signalFor(signal),
      } as object);
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
    await call('tag', `${id} as ${ref}`, () =>
      this.docker.getImage(id).tag({ repo, tag, abortSignal: signalFor(signal) } as Docker.ImageTagOptions),
    );
  }

  async removeImage(ref: string, opts: { force?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    try {
      await this.docker
        .getImage(ref)
        .remove({ force: opts.force ?? false, noprune: false, abortSignal: signalFor(opts.signal) } as object);
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
        // Init: docker-init forwards SIGTERM, so stop does not wait out a timeout (ENGINE-NOTES §1.6).
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
      const c = await this.docker.createContainer({ ...opts, abortSignal: signalFor(spec.signal) } as object);
      return c.id;
    });
  }

  async startContainer(id: string, signal?: AbortSignal): Promise<void> {
    await call('start container', id.slice(0, 12), () =>
      this.docker.getContainer(id).start({ abortSignal: signalFor(signal) } as object),
    );
  }

  async hostPort(id: string, port: number, signal?: AbortSignal): Promise<number> {
    return call('inspect container', id.slice(0, 12), async () => {
      const i = await this.docker.getContainer(id).inspect({ abortSignal: signalFor(signal) } as object);
      const hp = i.NetworkSettings.Ports?.[`${port}/tcp`]?.[0]?.HostPort;
      if (!hp) throw new Error(`port ${port}/tcp is not published`);
      return Number(hp);
    });
  }

  async containerState(id: string, signal?: AbortSignal): Promise<ContainerState> {
    return call('inspect container', id.slice(0, 12), async () => {
      const i = await this.docker.getContainer(id).inspect({ abortSignal: signalFor(signal) } as object);
      return { running: i.State.Running, exitCode: i.State.ExitCode, startedAt: i.State.StartedAt };
    });
  }

  async containerLogs(id: string, tail: number, signal?: AbortSignal): Promise<string> {
    return call('container logs', id.slice(0, 12), async () => {
      const buf = (await this.docker
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
      const stream = (await this.docker
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
      await this.docker.getContainer(id).remove({ force: true, v: true, abortSignal: signalFor(signal) } as object);
    } catch (err) {
      if (!isNotFound(err)) throw EngineError.from('remove container', id.slice(0, 12), err);
    }
  }

  async listContainers(labelFilter: string[], signal?: AbortSignal): Promise<ContainerSummary[]> {
    return call('list containers', labelFilter.join(','), async () => {
      const list = await this.docker.listContainers({
        all: true,
        filters: JSON.stringify({ label: labelFilter }),
        abortSignal: signalFor(signal),
      } as object);
      return list.map((c) => ({ id: c.Id, image: c.Image, labels: c.Labels ?? {}, state: c.State }));
    });
  }

  async pushImage(localRef: string, registryRef: string, signal?: AbortSignal): Promise<PushResult> {
    const t0 = performance.now();
    await this.tagImage(localRef, registryRef, signal);
    const [repo, tag] = splitRef(registryRef);
    try {
      return await call('push', registryRef, async () => {
        // authconfig {} is required: without X-Registry-Auth engine 20.10 answers 400 (ENGINE-NOTES §1.7).
        const stream = (await this.docker.getImage(repo).push({
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
      await this.removeImage(registryRef).catch(() => undefined);
      throw err;
    }
  }

  async pullImage(ref: string, signal?: AbortSignal): Promise<PullResult> {
    return call('pull', ref, async () => {
      const t0 = performance.now();
      const stream = (await this.docker.pull(ref, {
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

  async pruneBuildCacheSince(since: number, signal?: AbortSignal): Promise<number> {
    return call('prune build cache', 'own records', async () => {
      const df = (await (this.docker as unknown as UntypedCalls).df({ abortSignal: signalFor(signal) } as object)) as {
        BuildCache: { ID: string; CreatedAt: string; InUse: boolean }[] | null;
      };
      // BuildCache is null, not [], when empty (ENGINE-NOTES §1.4). Only records created since `since` are ours.
      const mine = (df.BuildCache ?? []).filter((b) => Date.parse(b.CreatedAt) >= since && !b.InUse);
      if (mine.length === 0) return 0;
      await this.docker.pruneBuilder({
        filters: JSON.stringify({ id: mine.map((b) => b.ID) }),
        abortSignal: signalFor(signal, 120_000),
      } as object);
      return mine.length;
    });
  }
}

/** Split `repo:tag` (a registry port is not a tag). */
export function splitRef(ref: string): [string, string] {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return [ref.slice(0, colon), ref.slice(colon + 1)];
  return [ref, 'latest'];
}
