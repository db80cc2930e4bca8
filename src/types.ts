/** Core records shared by every part of the harness. Primitives and null only, so CSV, JSON and Markdown round-trip. */

/** Outcome of one measured cell. */
export type Status = 'ok' | 'failed' | 'skipped';

/** Which image builder the engine uses. */
export type Builder = 'buildkit' | 'classic';

/** Metric groups selectable with `--metrics`. */
export const METRIC_GROUPS = ['size', 'anatomy', 'build', 'pull', 'startup', 'deploy'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

/**
 * The one record every reporter reads: one row per run × variant × metric (long format).
 * Keys are the CSV column names.
 */
export interface Measurement {
  run_id: string;
  /** ISO-8601 time the row was measured. */
  timestamp: string;
  git_sha: string | null;
  profile: string;
  builder: Builder;
  engine_version: string;
  /**
   * Where the engine kept the image: `overlay2 graph driver` or `containerd snapshotter overlayfs`; sizes compare only
   * within one store. null in rows written before the column existed.
   */
  image_store: string | null;
  variant: string;
  /** Template parameters of a sweep, `k=v;k=v`, or '' when none. */
  params: string;
  metric: string;
  unit: string;
  status: Status;
  /** The headline number: the median for timed metrics, the exact value for sizes. */
  value: number | null;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  sd: number | null;
  /** Relative margin of error of the mean (tinybench's), %; null below two samples. */
  rme: number | null;
  /** Number of samples behind the statistics (1 for exact values). */
  samples: number | null;
  /** The image the row describes, e.g. `imagediet/scratch:local`. */
  image: string | null;
  /** The base image the final stage really runs on (`scratch` when none). */
  base: string | null;
  error: string | null;
  /** How the figure was obtained where that varies, e.g. `throttled` or `derived` for link-speed pulls. */
  note: string | null;
  /**
   * Confidence interval of the median, ms: the order statistics that cover it with ≥ 95% (min and max below 6
   * samples); null below two samples and for exact or derived values. The margin reports print and trend test.
   */
  ci_low: number | null;
  ci_high: number | null;
  /**
   * The share of the machine's CPU (0–1) that other processes used while this row was timed; null for exact values
   * and for rows written before it was recorded. Above 0.1 the row was measured on a busy machine.
   */
  other_cpu: number | null;
}

/** Columns in CSV order. One list feeds csv-stringify and the JSON schema. */
export const MEASUREMENT_COLUMNS = [
  'run_id',
  'timestamp',
  'git_sha',
  'profile',
  'builder',
  'engine_version',
  'image_store',
  'variant',
  'params',
  'metric',
  'unit',
  'status',
  'value',
  'mean',
  'median',
  'min',
  'max',
  'sd',
  'rme',
  'samples',
  'image',
  'base',
  'error',
  'note',
  'ci_low',
  'ci_high',
  'other_cpu',
] as const satisfies readonly (keyof Measurement)[];

/** Columns added after the first version of the files: an older history or baseline lacks them, and reads them as null. */
export const LATER_COLUMNS = [
  'image_store',
  'ci_low',
  'ci_high',
  'other_cpu',
] as const satisfies readonly (keyof Measurement)[];

/** The columns that hold numbers (empty for null): read back from CSV as numbers, the rest as text. */
export const NUMERIC_COLUMNS = [
  'value',
  'mean',
  'median',
  'min',
  'max',
  'sd',
  'rme',
  'samples',
  'ci_low',
  'ci_high',
  'other_cpu',
] as const satisfies readonly (keyof Measurement)[];

/** A published figure from the tutorials this project reproduces (variants/published-claims.csv). */
export interface PublishedClaim {
  source: string;
  published: string;
  variant: string;
  baseImages: string;
  /** Reported size as printed, e.g. `11.3`, `~860`, `>1000`; null where only a ratio was published. */
  reportedSizeMb: string | null;
  notes: string;
}

/** Facts about the engine a run measured on, written into results.json and under the Markdown table. */
export interface EnvironmentFacts {
  /** `Docker Engine` or `Podman Engine` (absent in records written before Podman was told apart). */
  engineName?: string;
  engineVersion: string;
  /** The API version the harness spoke: the highest both it and the engine support. */
  apiVersion: string;
  /** The engine's own newest API version (absent in records written before negotiation). */
  engineApiVersion?: string;
  storageDriver: string;
  /** `overlay2 graph driver` or `containerd snapshotter <name>`: what image sizes mean depends on it. */
  imageStore: string;
  os: string;
  kernel: string;
  architecture: string;
  cpus: number;
  memoryBytes: number;
  builder: Builder;
  node: string;
  /** What happens to the files' timestamps in layers: kept as built, and why they are not rewritten. */
  layerTimestamps?: string;
  /** How busy the machine was while each timed phase ran (absent where /proc cannot be read, and in older files). */
  load?: PhaseLoad[];
  /** The engine pulls and deploys ran on (`docker-28 engine "node-…" (Docker 28.5 …)`); absent when none ran. */
  deployNode?: string;
}

/** The load on the machine while one timed phase ran. */
export interface PhaseLoad {
  /** The phase: `before the first build`, `build`, `pull`, `startup`. */
  phase: string;
  seconds: number;
  /** One-minute load average at the phase's start and end. */
  load1Start: number;
  load1End: number;
  /** CPU time that processes other than the harness and its engines used during the phase, s. */
  otherCpuSeconds: number;
  /** otherCpuSeconds ÷ (seconds × CPUs): the share of the machine others took, 0–1. */
  otherShare: number;
}

/**
 * `order` of a variant recorded before variants had one: after every ordered variant, so the lesson and a merge keep
 * the run's own order among them (their sorts are stable). Finite, so a re-written results.json keeps it.
 */
export const UNORDERED = Number.MAX_SAFE_INTEGER;

/** An image a variant builds on, and the image it stands in for (local profile bases), or null. */
export interface BaseImage {
  ref: string;
  standsFor: string | null;
}

/**
 * What a run knows about one variant besides its rows, each fact recorded where it was measured: the rendered
 * Dockerfile, the bases, the Go version, the user, and the variant's outcome. Reporters read it and never re-derive it.
 */
export interface VariantRecord {
  variant: string;
  title: string;
  teaching: string;
  params: string;
  status: Status;
  image: string | null;
  /** Base images really used, role → reference, with what each stands in for. */
  bases: (BaseImage & { role: string })[];
  /** The image the final stage runs on (`scratch` when none), recorded at render time; null when skipped. */
  finalBase: BaseImage | null;
  dockerfile: string;
  goVersion: string | null;
  /** Whether the built image's configured user is root; null when it was not built. */
  runsAsRoot: boolean | null;
  published: PublishedClaim[];
  /** Position in the lesson's walk (variant.json `order`). */
  order: number;
  /** Teaching pairs: the variant this one differs from in exactly one thing, or null. */
  pairWith: string | null;
  /** Each instruction with the bytes it added, oldest first, from the image history; null when not measured. */
  layers: LayerReport[] | null;
  /** What the image's own layer tarballs say: waste, efficiency, attack surface; null when not measured. */
  anatomy: ImageAnatomy | null;
  /** Why `status` is not ok: the failure or the reason it was skipped; null when ok. */
  error: string | null;
  /** What the built image is, as content, and whether another variant's image is the same; null when not built. */
  identity: ImageIdentity | null;
  /** The software the image holds (OS packages, Go modules) and what a scanner found; absent when not read. */
  packages?: PackageFacts | null;
  /** Each form the image was pushed in (`--compression`), as the registry's manifest lists it; absent when not pushed. */
  forms?: CompressedForm[];
}

/** One form of an image in the registry: how its layers are compressed, their bytes, and what it cost to make. */
export interface CompressedForm {
  /** `gzip` (the engine's push), `gzip-9`, `zstd`, `zstd-19` or `none`. */
  compression: string;
  /** The `params` of this form's rows (`compression=zstd`; '' for the engine's gzip). */
  params: string;
  /** The manifest's media type (skopeo writes OCI manifests for zstd: Docker's v2 schema has no zstd layer type). */
  manifestMediaType: string;
  /** Each layer as the manifest lists it, bottom first. */
  layers: { mediaType: string; digest: string; bytes: number }[];
  /** Σ layer bytes: the form's image_size_compressed. */
  bytes: number;
  /** Wall time to produce and push the form, ms (its compress_push row). */
  pushMs: number;
  /** How it was made and what was timed. */
  how: string;
}

/** The software an image holds, read from its own layers, and what a vulnerability scanner found in it. */
export interface PackageFacts {
  /** The distribution, from the image's os-release; null when the image has none (scratch). */
  distro: Distro | null;
  /** OS packages as their package manager's database lists them (dpkg's status file, apk's installed database). */
  os: OsPackage[];
  /** Each Go binary, from the build information the Go toolchain embeds, by path. */
  go: GoBinary[];
  /** What was seen but could not be read, one line each (a Go binary over the read bound, a database too large). */
  notRead: string[];
  /**
   * Vulnerability findings by severity from a scanner the user has (trivy, grype); `skipped` when none is on PATH
   * (the plan said so), `failed` when the scanner ran and gave no report; null when not asked for.
   */
  vulnerabilities: VulnerabilityScan | null;
}

/** A scanner's counts, or why there are none: no scanner on PATH (`skipped`), or it gave no report (`failed`). */
export type VulnerabilityScan = VulnerabilityCounts | { skipped: string } | { failed: string };

/** The distribution an image says it is, from `/etc/os-release` (or `/usr/lib/os-release`). */
export interface Distro {
  /** `ID`: `debian`, `ubuntu`, `alpine`. */
  id: string;
  /** `VERSION_ID`: `12`, `3.21.3`; null when the file has none (Debian testing). */
  versionId: string | null;
  /** `PRETTY_NAME`: `Debian GNU/Linux 12 (bookworm)`. */
  prettyName: string | null;
}

/** One installed OS package. */
export interface OsPackage {
  manager: 'dpkg' | 'apk';
  name: string;
  version: string;
  /** `amd64`, `all`, `x86_64`; null when the database does not say. */
  arch: string | null;
  /** The source package it was built from when its name differs (dpkg `Source`, apk origin `o:`), else null. */
  source: string | null;
  /** The license as the database states it (apk `L:`); dpkg's database has none, so null there. */
  license: string | null;
}

/** One Go executable and what its embedded build information says (what `go version -m` prints). */
export interface GoBinary {
  /** Where it is in the image, e.g. `/api`. */
  path: string;
  /** The toolchain that built it, e.g. `go1.23.5`. */
  goVersion: string;
  /** The command's package path, e.g. `imagediet/api`, `cmd/go`; '' when not recorded. */
  command: string;
  /** The main module, e.g. `imagediet/api` at `(devel)`; null for a binary built outside module mode. */
  main: GoModule | null;
  /** The dependency modules compiled in, a replacement standing for what it replaces. */
  modules: GoModule[];
  /** Build settings the toolchain recorded: `CGO_ENABLED`, `GOARCH`, `-ldflags`, `vcs.revision`, … */
  settings: Record<string, string>;
}

/** A Go module as build information lists it. */
export interface GoModule {
  path: string;
  /** `v1.2.3`, or `(devel)` for the tree that was built. */
  version: string;
  /** The module path it replaces (a `=>` line), else absent. */
  replaces?: string;
}

/** What a vulnerability scanner reported for an image. */
export interface VulnerabilityCounts {
  /** `trivy 0.58.1`, `grype 0.86.1`. */
  scanner: string;
  /** Findings (one vulnerability in one package) by severity, lower case: `critical`, `high`, `medium`, `low`, … */
  bySeverity: Record<string, number>;
  /** All findings. */
  total: number;
}

/** An image's identity: its layer digests as built, its files, and the variant whose image it is, file for file. */
export interface ImageIdentity {
  /** The layer digests (diffIDs) the engine gave the image, bottom first. */
  layerDigests: string[];
  /**
   * `sha256:` over each layer's files (path, mode, owner, size, link, content digest; no timestamps) and how the image
   * runs (entrypoint, command, user, environment, working folder, ports; no labels); null when not read.
   */
  contentKey: string | null;
  /** The variant (`scratch`, `scratch (goVersion=1.22)`) whose image this is, file for file; null when its own. */
  sameImageAs: string | null;
  /** With sameImageAs: did the two builds also give the same layer digests? Reproducible builds do. */
  sameLayerDigests: boolean | null;
  /** Did a rebuild from nothing (the cold build) give the same layer digests? null when none ran. */
  rebuildSameLayerDigests: boolean | null;
}

/** One step of an image's history. */
export interface LayerReport {
  /** The instruction, e.g. `RUN go build -o /out/api .` (BuildKit's `/bin/sh -c #(nop)` prefixes stripped). */
  instruction: string;
  /** Bytes the step added: its layer's uncompressed size as overlay2 counts it (0 for a step without a layer). */
  bytes: number;
  /** Where `bytes` comes from, e.g. `docker save, gzip-compressed tar: regular files`; absent in older results. */
  bytesFrom?: string;
  /** True when the step belongs to the base image (FROM) rather than this Dockerfile. */
  fromBase: boolean;
}

/** Wasted space (as dive defines it) and attack surface, computed from `docker save` layer tarballs. */
export interface ImageAnatomy {
  /** Sum of all file bytes across all layers (what dive calls the image's total). */
  totalLayerBytes: number;
  /** dive's wasted bytes: every copy of a path that more than one layer touches (overwritten or deleted files). */
  wastedBytes: number;
  /** dive's score: sum over paths of the smallest size ÷ sum over paths of all sizes across layers (1 = no waste). */
  efficiency: number;
  /** Wasted bytes caused by this Dockerfile's own layers (base layers excluded). */
  userWastedBytes: number;
  /** userWastedBytes ÷ image size, 0..1. */
  userWastedShare: number;
  /** Regular files with an execute bit in the final filesystem. */
  executables: number;
  /** Shells present in the final filesystem, e.g. `/bin/sh`, `/bin/bash`. */
  shells: string[];
  /** Package managers present, e.g. `apt`, `dpkg`, `apk`. */
  packageManagers: string[];
  /** Files with the setuid or setgid bit. */
  setuidFiles: string[];
  /** The configured user, '' meaning root (whether it is root is the record's `runsAsRoot`). */
  user: string;
  /** Each layer as the export stores it, bottom first (the order of `identity.layerDigests`); absent in older files. */
  layerMedia?: LayerMedia[];
  /** The largest regular files of the final filesystem, largest first, each with the layer that added it; absent in older files. */
  largestFiles?: LargeFile[];
}

/** How one layer is stored in the engine's export. */
export interface LayerMedia {
  /**
   * The media type its OCI manifest gives (`application/vnd.oci.image.layer.v1.tar+gzip`); null when the export has
   * no OCI manifest (Docker 20.10 writes `<id>/layer.tar` with none).
   */
  mediaType: string | null;
  /** What its bytes are, read from their first bytes: plain tar, gzip or zstd. */
  compression: 'none' | 'gzip' | 'zstd';
}

/** One file of the final filesystem, for the list of the largest. */
export interface LargeFile {
  path: string;
  /** Its size, bytes. */
  bytes: number;
  /** The layer that added the surviving copy, 0-based from the bottom. */
  layer: number;
  /** The step that made that layer, e.g. `COPY . .` or `RUN apt-get install …`. */
  instruction: string;
  /** The layer is the base image's, not this Dockerfile's. */
  fromBase: boolean;
}

/** Something the plan said it would not measure, before anything was built: a group or a metric, why, and the way out. */
export interface Announced {
  /** A metric group (`deploy`) or one metric (`build_warm_cache_hits`). */
  subject: string;
  /** Why, in words a person acts on: `no node engine can be started here (not root)`. */
  reason: string;
  /** The option that runs without this line: `` `--metrics` without deploy silences this ``. */
  silence: string;
}

/** Everything a run wrote, as results.json holds it. */
export interface RunResult {
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  gitSha: string | null;
  /** The imagediet version that measured the run (absent in older files); the SBOMs name it as their tool. */
  toolVersion?: string;
  profile: string;
  profileReason: string;
  builder: Builder;
  /** `i/n` when this run measured one shard of the matrix (`--shard`); null for the whole matrix or a merge. */
  shard?: string | null;
  /** For a merge: the run ids it combined. */
  mergedFrom?: string[];
  environment: EnvironmentFacts | null;
  variants: VariantRecord[];
  measurements: Measurement[];
  /** Raw samples per `variant|params|metric` (samplesKey), ms, in the order they were measured. */
  samples: Record<string, number[]>;
  warnings: string[];
  /** What the plan announced as skipped before the first build; nothing else is ever skipped (absent before this field). */
  announced?: Announced[];
  /** Clean-ups that failed, one line each (`clean-up: remove container … failed: …`); any fails the run. */
  cleanupFailures?: string[];
  /** What the run was expected to take, phase by phase, and what each phase took (absent in older files). */
  timing?: RunTiming;
}

/** A run's length: the estimate said at its start, and each phase as it took place, s. */
export interface RunTiming {
  estimate: { seconds: number; basis: string; phases: { phase: string; seconds: number }[] };
  phases: { phase: string; seconds: number }[];
  /** The whole run, start to finish, s; null while it runs. */
  seconds: number | null;
}

/** The key of a cell's raw samples in `RunResult.samples`: `variant|params|metric`. */
export function samplesKey(cell: Pick<Measurement, 'variant' | 'params' | 'metric'>): string {
  return `${cell.variant}|${cell.params}|${cell.metric}`;
}
