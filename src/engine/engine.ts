/** The engine in the harness's own terms: references, bytes and milliseconds. Only docker-engine.ts knows dockerode. */
import type { CleanupNote } from '../errors.js';
import type { Builder, EnvironmentFacts } from '../types.js';
import type { EngineKind } from './engine-kind.js';
import type { ImageStore } from './image-store.js';

/** Labels the harness puts on everything it creates, so it can find and remove exactly its own resources. */
export const LABEL = {
  run: 'imagediet.run',
  kind: 'imagediet.kind',
  created: 'imagediet.created',
  variant: 'imagediet.variant',
  profile: 'imagediet.profile',
  base: 'imagediet.base',
  baseVersion: 'imagediet.base.version',
} as const;

/** `final`: the kept `imagediet/<variant>:<profile>`; `base`: an offline base; `temp`: anything a run removes. */
export type ResourceKind = 'final' | 'base' | 'temp';

/** One file in a build context. */
export interface ContextFile {
  /** Path inside the context, `/`-separated. */
  name: string;
  content: Buffer;
  mode?: number;
}

export interface BuildRequest {
  /** Every file sent to the daemon; the Dockerfile is one of them. */
  files: ContextFile[];
  dockerfile: string;
  tag: string;
  labels: Record<string, string>;
  builder: Builder;
  noCache?: boolean;
  buildArgs?: Record<string, string>;
  /** Build only up to this stage. */
  target?: string;
  signal?: AbortSignal;
  /** Build timeout, ms. */
  timeoutMs: number;
  /** Told when a step image the build left dangling cannot be removed. */
  note?: CleanupNote | undefined;
  /**
   * SOURCE_DATE_EPOCH, s: BuildKit stamps the image config and history with it. The layers' file timestamps stay as
   * built (no store takes BuildKit's rewrite-timestamp through the API; see DockerEngine.timestampNote).
   */
  sourceDateEpoch?: number;
  /**
   * Retry the engine's content-lock race (build-race.ts) although the build uses the cache: set by callers that do
   * not read the build's time. A noCache build is always retried, since its retry reruns every step as the first did.
   */
  retryRace?: boolean;
}

export interface BuildResult {
  imageId: string;
  /** Build log lines (RUN output included), newest last. */
  log: string[];
  /** Build-check warnings BuildKit reported (newer engines), one line each. */
  warnings?: string[];
  /** BuildKit vertices reported cached / all vertices; null with the classic builder when unknown. */
  cachedSteps: number | null;
  totalSteps: number | null;
  /** Wall time of the build call, ms; the build-cache snapshots around a BuildKit build are not in it. */
  ms: number;
  /** Time the build call spent on those snapshots, ms, for a caller that times several calls as one. */
  snapshotMs?: number;
  /** Bytes of the build context sent. */
  contextBytes: number;
}

export interface HistoryEntry {
  createdBy: string;
  /** Bytes the step added. */
  size: number;
  comment: string;
}

export interface ImageInfo {
  id: string;
  /**
   * `docker image inspect` Size, bytes: the uncompressed layers on a graph driver, but the packed (compressed) content
   * under the containerd image store. measure/size.ts turns it into the same figure on every store.
   */
  size: number;
  layers: string[];
  tags: string[];
  labels: Record<string, string>;
  user: string;
  created: string;
  env: string[];
}

export interface ImageSummary {
  id: string;
  tags: string[];
  labels: Record<string, string>;
  size: number;
  created: number;
}

export interface ContainerSpec {
  image: string;
  labels: Record<string, string>;
  /** Container port to publish on 127.0.0.1 (ephemeral host port). */
  port?: number;
  /** Fixed host port; default: ephemeral. */
  hostPort?: number;
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  signal?: AbortSignal;
}

export interface ContainerSummary {
  id: string;
  image: string;
  labels: Record<string, string>;
  state: string;
}

export interface ContainerState {
  running: boolean;
  exitCode: number;
  startedAt: string;
}

/** A finished push: the registry tag it created locally (the caller removes it) and what the registry stored. */
export interface PushResult {
  /** The registry reference, also a local tag now: remove it with `removeImage(ref)` when done. */
  ref: string;
  /** Manifest digest the registry stored, `sha256:…`. */
  digest: string;
  /** Wall time of tag + push, ms. */
  ms: number;
}

/** What a build-cache prune removed, as the engine reported it, and what it left because it was not proven ours. */
export interface PruneReport {
  /** Records the engine reported deleted. */
  records: number;
  /** Bytes the engine reported reclaimed. */
  bytes: number;
  /** Records proven ours that the engine kept: an image or a running build still uses them. */
  kept: number;
  /** Records that appeared during our builds but were left: another client was active, so ownership is unproven. */
  unproven: {
    records: number;
    /** Bytes, as `/system/df` listed them right after the build. */
    bytes: number;
    /** Why, in a few words, each once with its number of builds. */
    reasons: string[];
  };
}

/** The engine's insecure-registry settings: where it pushes and pulls over plain HTTP. */
export interface RegistryTrust {
  /** CIDRs, e.g. `127.0.0.0/8`. */
  insecureCidrs: string[];
  /** `host:port` entries the engine lists as not secure. */
  insecureHosts: string[];
  engineVersion: string;
}

/** A finished daemon pull, from its progress stream. */
export interface PullResult {
  /** Wall time of the pull call, ms. */
  ms: number;
  /** Layers reported `Pull complete`: downloaded and extracted. */
  layersDownloaded: number;
  /** Layers reported `Already exists`: not downloaded, so the pull was not cold. */
  layersAlreadyExist: number;
}

export interface Engine {
  /** Engine facts for the environment record. */
  describe(builder: Builder, signal?: AbortSignal): Promise<EnvironmentFacts>;
  /** Docker or Podman, and what the harness cannot ask of it (absent: a Docker engine with BuildKit). */
  kind?(signal?: AbortSignal): Promise<EngineKind>;
  /** The store that keeps the engine's images (asked once, then remembered). */
  imageStore(signal?: AbortSignal): Promise<ImageStore>;
  /** Can the engine reach Docker Hub? Used by `--profile auto`; never changes local state. */
  canReachHub(signal?: AbortSignal): Promise<{ reachable: boolean; reason: string }>;
  build(req: BuildRequest): Promise<BuildResult>;
  /** Import a root filesystem tarball as an image. */
  importImage(tar: NodeJS.ReadableStream, ref: string, changes: string[], signal?: AbortSignal): Promise<string>;
  /** Inspect an image; null when it does not exist. */
  inspectImage(ref: string, signal?: AbortSignal): Promise<ImageInfo | null>;
  /** The image's build steps as `docker history` lists them, newest first. */
  imageHistory(ref: string, signal?: AbortSignal): Promise<HistoryEntry[]>;
  /**
   * The image as `docker save` writes it: a tar of `manifest.json`, the config and the layers, as `<id>/layer.tar`
   * (before Docker 25) or OCI blobs (compressed under the containerd store). Read it as a stream: a large image is
   * close to a gigabyte.
   */
  exportImage(ref: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
  listImages(labelFilter: string[], signal?: AbortSignal): Promise<ImageSummary[]>;
  tagImage(id: string, ref: string, signal?: AbortSignal): Promise<void>;
  /** Remove a tag or an image. Missing is not an error. */
  /** `timeoutMs` bounds the call (default: the short-call bound); a large image on a busy machine needs longer. */
  removeImage(ref: string, opts?: { force?: boolean; signal?: AbortSignal; timeoutMs?: number }): Promise<void>;
  /** Create (not start) a container; returns its id. */
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string, signal?: AbortSignal): Promise<void>;
  /** The 127.0.0.1 host port published for `port`. */
  hostPort(id: string, port: number, signal?: AbortSignal): Promise<number>;
  containerState(id: string, signal?: AbortSignal): Promise<ContainerState>;
  /** The last `tail` lines of stdout and stderr. */
  containerLogs(id: string, tail: number, signal?: AbortSignal): Promise<string>;
  /** Size in bytes of one file inside a (created) container's filesystem; null when absent. */
  fileSize(id: string, path: string, signal?: AbortSignal): Promise<number | null>;
  /** Contents of one file inside a (created) container's filesystem; null when absent. */
  readFile(id: string, path: string, signal?: AbortSignal): Promise<Buffer | null>;
  removeContainer(id: string, signal?: AbortSignal): Promise<void>;
  listContainers(labelFilter: string[], signal?: AbortSignal): Promise<ContainerSummary[]>;
  /**
   * Tag `localRef` as `registryRef` and push it. Error events in the stream reject. On failure the
   * tag is removed again (a removal that fails is told to `note`); on success the caller removes `ref` when done.
   */
  pushImage(localRef: string, registryRef: string, signal?: AbortSignal, note?: CleanupNote): Promise<PushResult>;
  /** Pull `ref` through the daemon; error events reject. The pulled tag stays: the caller removes it. */
  pullImage(ref: string, signal?: AbortSignal): Promise<PullResult>;
  /**
   * Prune the build-cache records that this engine's own builds started at or after `since` (ms epoch) provably
   * created, and no other record. Records still used by an image stay (`kept`); records of builds during which
   * another client was active are left and counted (`unproven`).
   */
  pruneBuildCacheSince(since: number, signal?: AbortSignal): Promise<PruneReport>;
  /** Which registries the engine talks plain HTTP to (`insecure-registries`, as `GET /info` reports them). */
  registryTrust?(host: string, signal?: AbortSignal): Promise<RegistryTrust>;
}
