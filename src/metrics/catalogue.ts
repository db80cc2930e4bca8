/**
 * Every metric the harness records, defined once: name, unit, group, labels, which way is better, how it is obtained
 * and how it prints. Measuring code, reporters, the lesson, charts and trend read this table and add only their own
 * syntax and order (hyperfine defines its columns once and each exporter supplies the rest). A metric name appears
 * as a string literal in this file only; a unit test checks it.
 */
import type { MetricGroup } from '../types.js';

/** The unit a value is in; `flag` is 1 for yes and 0 for no, `pass` is the smoke test's 1 or 0. */
export type MetricUnit = 'bytes' | 'count' | 'flag' | 'ratio' | 'ms' | 'pass';

/**
 * How a value is obtained: `exact` is read once (a size, a count), `timed` is sampled and summarised (median, margin),
 * `derived` is computed from other samples (the warm build's cache-hit share).
 */
export type MetricKind = 'exact' | 'timed' | 'derived';

/** How a reporter prints a value: each reporter supplies the syntax for these few tags. */
export type MetricFormat = 'size' | 'count' | 'flag' | 'percent' | 'timed' | 'pass';

/** One metric, as every part of the harness knows it. */
export interface MetricDef {
  /** The `metric` column of a row. */
  name: string;
  unit: MetricUnit;
  /** The `--metrics` group that measures it; `smoke` runs always. */
  group: MetricGroup | 'smoke';
  /** Further groups that record it too (the compressed size is a fact of pulls and of deploys). */
  alsoIn?: readonly MetricGroup[];
  /** What prose and comparison tables call it. */
  label: string;
  /** The results.md column header, for metrics the variant table shows. */
  column?: string;
  /** The lesson's longer label for a timing, saying what was timed. */
  timing?: string;
  better: 'lower' | 'higher';
  kind: MetricKind;
  format: MetricFormat;
  /** Default allowed growth against a baseline (1.05 = +5%); absent: shown by trend, not gated. */
  threshold?: number;
  /** A part or a link-speed variant of a headline metric: comparison tables leave it out. */
  breakdown?: boolean;
}

const bytes = { unit: 'bytes', kind: 'exact', format: 'size', better: 'lower' } as const;
const ms = { unit: 'ms', kind: 'timed', format: 'timed', better: 'lower' } as const;
const count = { unit: 'count', kind: 'exact', format: 'count', better: 'lower' } as const;
const flag = { unit: 'flag', kind: 'exact', format: 'flag', better: 'lower' } as const;

const DEFS = {
  smoke: {
    name: 'smoke',
    unit: 'pass',
    group: 'smoke',
    label: 'smoke test',
    better: 'higher',
    kind: 'exact',
    format: 'pass',
    breakdown: true,
  },

  imageSize: { ...bytes, name: 'image_size', group: 'size', label: 'image size', column: 'size', threshold: 1.05 },
  engineReportedSize: { ...bytes, name: 'engine_reported_size', group: 'size', label: "the engine's reported size" },
  layers: { ...count, name: 'layers', group: 'size', label: 'layers', column: 'layers', threshold: 1.0 },
  ownBytes: {
    ...bytes,
    name: 'own_bytes',
    group: 'size',
    label: "this Dockerfile's own bytes",
    column: 'own',
    threshold: 1.05,
  },
  binaryBytes: { ...bytes, name: 'binary_bytes', group: 'size', label: 'binary', column: 'binary', threshold: 1.05 },
  contextBytes: { ...bytes, name: 'context_bytes', group: 'size', label: 'build context', column: 'context' },
  buildImageSize: { ...bytes, name: 'build_image_size', group: 'size', label: 'build image', column: 'build image' },

  wastedBytes: {
    ...bytes,
    name: 'wasted_bytes',
    group: 'anatomy',
    label: 'wasted space',
    column: 'wasted',
    threshold: 1.1,
  },
  userWastedBytes: { ...bytes, name: 'user_wasted_bytes', group: 'anatomy', label: 'wasted space above the base' },
  efficiency: {
    unit: 'ratio',
    kind: 'exact',
    format: 'percent',
    better: 'higher',
    name: 'efficiency',
    group: 'anatomy',
    label: 'efficiency',
    column: 'efficiency',
  },
  executables: {
    ...count,
    name: 'executables',
    group: 'anatomy',
    label: 'executable files',
    column: 'executables',
    threshold: 1.1,
  },
  setuidFiles: { ...count, name: 'setuid_files', group: 'anatomy', label: 'setuid files', column: 'setuid' },
  hasShell: { ...flag, name: 'has_shell', group: 'anatomy', label: 'has a shell', column: 'shell?' },
  hasPackageManager: {
    ...flag,
    name: 'has_package_manager',
    group: 'anatomy',
    label: 'has a package manager',
    column: 'pkg mgr?',
  },
  packages: { ...count, name: 'packages', group: 'anatomy', label: 'OS packages', column: 'packages' },
  vulnerabilities: {
    ...count,
    name: 'vulnerabilities',
    group: 'anatomy',
    label: "vulnerabilities (the user's scanner)",
    column: 'vulns',
  },

  buildCold: {
    ...ms,
    name: 'build_cold',
    group: 'build',
    label: 'cold build',
    column: 'cold build',
    timing: 'cold build (no cache)',
    threshold: 1.5,
  },
  buildWarm: {
    ...ms,
    name: 'build_warm',
    group: 'build',
    label: 'warm build',
    column: 'warm build',
    timing: 'warm build (one-line source edit)',
    threshold: 1.5,
  },
  buildWarmCacheHits: {
    unit: 'ratio',
    kind: 'derived',
    format: 'percent',
    better: 'higher',
    name: 'build_warm_cache_hits',
    group: 'build',
    label: 'warm build cache hits',
  },

  imageSizeCompressed: {
    ...bytes,
    name: 'image_size_compressed',
    group: 'pull',
    alsoIn: ['deploy'],
    label: 'compressed (what a pull downloads)',
    column: 'compressed',
    threshold: 1.05,
  },
  // Producing and pushing one form of the image (--compression): the engine's push for gzip, skopeo's recompression
  // and push for the others. What a registry pays once per image, against what each node saves on every pull.
  compressPush: {
    ...ms,
    name: 'compress_push',
    group: 'pull',
    alsoIn: ['deploy'],
    label: 'produce and push this compression',
    breakdown: true,
  },
  // The pulls are the pull part of each deploy sample at that link: one cold pull per sample, recorded under the pull
  // metrics' names (earlier runs measured them in a series of their own) and read by the deploy breakdown too.
  pullEngineCold: {
    ...ms,
    name: 'pull_engine_cold',
    group: 'pull',
    alsoIn: ['deploy'],
    label: 'pull on a fresh node',
    column: 'pull, fresh node',
    timing: 'pull on a fresh node (loopback registry)',
    threshold: 1.5,
  },
  pullEngine100mbit: {
    ...ms,
    name: 'pull_engine_100mbit',
    group: 'pull',
    alsoIn: ['deploy'],
    label: 'pull at 100 Mbit/s',
    column: 'pull @100 Mbit/s',
    breakdown: true,
  },
  pullEngine1gbit: {
    ...ms,
    name: 'pull_engine_1gbit',
    group: 'pull',
    alsoIn: ['deploy'],
    label: 'pull at 1 Gbit/s',
    column: 'pull @1 Gbit/s',
    breakdown: true,
  },

  // The node's CPU time during the pull part of each deploy sample, from its daemon's cgroup: download, decompression
  // and unpacking on the node, in CPU ms (on 2 cores it can exceed the wall time).
  pullEngineColdCpu: {
    ...ms,
    name: 'pull_engine_cold_cpu',
    group: 'pull',
    alsoIn: ['deploy'],
    label: 'node CPU time of a pull at loopback speed',
    breakdown: true,
  },
  pullEngine100mbitCpu: {
    ...ms,
    name: 'pull_engine_100mbit_cpu',
    group: 'pull',
    alsoIn: ['deploy'],
    label: 'node CPU time of a pull at 100 Mbit/s',
    breakdown: true,
  },
  pullEngine1gbitCpu: {
    ...ms,
    name: 'pull_engine_1gbit_cpu',
    group: 'pull',
    alsoIn: ['deploy'],
    label: 'node CPU time of a pull at 1 Gbit/s',
    breakdown: true,
  },

  startup: {
    ...ms,
    name: 'startup',
    group: 'startup',
    label: 'start-up',
    column: 'startup',
    timing: 'start-up (create → first 200)',
    threshold: 1.3,
  },
  startupCreate: { ...ms, name: 'startup_create', group: 'startup', label: 'start-up: create', breakdown: true },
  startupStart: { ...ms, name: 'startup_start', group: 'startup', label: 'start-up: start', breakdown: true },
  startupReady: { ...ms, name: 'startup_ready', group: 'startup', label: 'start-up: first 200', breakdown: true },

  deployLoopback: {
    ...ms,
    name: 'deploy_loopback',
    group: 'deploy',
    label: 'deploy at loopback speed',
    timing: 'deploy on a fresh node, registry on its loopback (pull → first 200)',
    breakdown: true,
  },
  deployLoopbackCreate: {
    ...ms,
    name: 'deploy_loopback_create',
    group: 'deploy',
    label: 'deploy at loopback speed: create',
    breakdown: true,
  },
  deployLoopbackStart: {
    ...ms,
    name: 'deploy_loopback_start',
    group: 'deploy',
    label: 'deploy at loopback speed: start',
    breakdown: true,
  },
  deployLoopbackReady: {
    ...ms,
    name: 'deploy_loopback_ready',
    group: 'deploy',
    label: 'deploy at loopback speed: first 200',
    breakdown: true,
  },
  deploy100mbit: {
    ...ms,
    name: 'deploy_100mbit',
    group: 'deploy',
    label: 'deploy at 100 Mbit/s',
    column: 'deploy @100 Mbit/s',
    timing: 'deploy on a fresh node at 100 Mbit/s (pull → first 200)',
  },
  deploy100mbitCreate: {
    ...ms,
    name: 'deploy_100mbit_create',
    group: 'deploy',
    label: 'deploy at 100 Mbit/s: create',
    breakdown: true,
  },
  deploy100mbitStart: {
    ...ms,
    name: 'deploy_100mbit_start',
    group: 'deploy',
    label: 'deploy at 100 Mbit/s: start',
    breakdown: true,
  },
  deploy100mbitReady: {
    ...ms,
    name: 'deploy_100mbit_ready',
    group: 'deploy',
    label: 'deploy at 100 Mbit/s: first 200',
    breakdown: true,
  },
  deploy1gbit: { ...ms, name: 'deploy_1gbit', group: 'deploy', label: 'deploy at 1 Gbit/s', breakdown: true },
  deploy1gbitCreate: {
    ...ms,
    name: 'deploy_1gbit_create',
    group: 'deploy',
    label: 'deploy at 1 Gbit/s: create',
    breakdown: true,
  },
  deploy1gbitStart: {
    ...ms,
    name: 'deploy_1gbit_start',
    group: 'deploy',
    label: 'deploy at 1 Gbit/s: start',
    breakdown: true,
  },
  deploy1gbitReady: {
    ...ms,
    name: 'deploy_1gbit_ready',
    group: 'deploy',
    label: 'deploy at 1 Gbit/s: first 200',
    breakdown: true,
  },
} as const satisfies Record<string, MetricDef>;

/** A metric's short id in code, e.g. `imageSize`. */
export type MetricId = keyof typeof DEFS;

/** Metric names by id: `M.imageSize` is `'image_size'`. */
export const M = Object.fromEntries(Object.entries(DEFS).map(([id, def]) => [id, def.name])) as {
  readonly [K in MetricId]: (typeof DEFS)[K]['name'];
};

/** Every metric, in measurement order (the order rows are written in). */
export const METRICS: readonly MetricDef[] = Object.values(DEFS);

const BY_NAME = new Map(METRICS.map((def) => [def.name, def]));

/** The definition of a metric name, or undefined for one this harness does not know (e.g. from a newer file). */
export function metricDef(name: string): MetricDef | undefined {
  return BY_NAME.get(name);
}

/** The definition of a metric the code names through `M`. */
export function defOf(name: (typeof M)[MetricId]): MetricDef {
  return BY_NAME.get(name) as MetricDef;
}

/** The column header a table gives a metric: its short column name, else its label. */
export function columnOf(name: (typeof M)[MetricId]): string {
  const def = defOf(name);
  return def.column ?? def.label;
}

/** Metrics a group records, in measurement order; a failed step marks all of them failed. */
export function metricsOf(group: MetricGroup): MetricDef[] {
  return METRICS.filter((def) => def.group === group || def.alsoIn?.includes(group));
}

/** The group a row belongs to; a metric the catalogue does not know is its own group. */
export function groupOf(metric: string): string {
  return metricDef(metric)?.group ?? metric;
}
