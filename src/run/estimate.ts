/**
 * How long a run will take, said before it starts and checked at its end. Each phase is the sum of its cells, each
 * cell its expected samples times the time one sample takes: from the history's last figure for that variant and
 * metric where there is one, otherwise from the image's size (transfer at the link's speed, unpacking at the node's
 * pace) or, before anything is measured, from a plain guess. The history may come from a faster or slower machine:
 * once this run's cold builds are in, their ratio to the history's (`machinePace`) scales the history's CPU work.
 * Pure.
 */
import { chosenLinks, type LinkId } from '../deploy/links.js';
import { M } from '../metrics/catalogue.js';
import { type Compression, DEFAULT_COMPRESSION, withCompression } from '../registry/compression.js';
import type { PrecisionRule } from '../stats/stopping-rule.js';
import { nextNarrowing } from '../stats/stopping-rule.js';
import type { Measurement, MetricGroup } from '../types.js';

/** One cell of the plan: a variant at its parameters, and what is known of its image so far. */
export interface EstimateCell {
  variant: string;
  params: string;
  /** Its Dockerfile installs packages (apt-get, apk): a cold build downloads them. */
  installsPackages: boolean;
  /** Measured sizes, once known (bytes). */
  imageBytes?: number | null;
  compressedBytes?: number | null;
  /** Its image is another variant's, file for file: pulled, deployed and started once for both. */
  sharesImage?: boolean;
}

export interface EstimateInput {
  cells: EstimateCell[];
  metrics: readonly MetricGroup[];
  /** Build samples per cell (`--runs build=`). */
  buildRuns: number;
  rules: { pull: PrecisionRule; startup: PrecisionRule };
  /** Earlier runs' rows, oldest first: the last figure of each cell is used. */
  history: readonly Measurement[];
  /** Offline bases that will be built first. */
  basesToBuild: number;
  /** The forms each image is pushed and deployed in (`--compression`). @default gzip alone */
  compressions?: readonly Compression[];
  /** The links deployed over (`--links`). @default all three */
  links?: readonly LinkId[];
  /**
   * This machine's time for the history's CPU work (`machinePace`): 2 when its cold builds took twice the history's.
   * It scales the builds and deploys read from the history, but not a link's transfer time, which the link sets, nor
   * start-up. @default 1
   */
  pace?: number | null;
}

/** One phase of the estimate. */
export interface PhaseEstimate {
  phase: 'bases' | 'builds' | 'timed builds' | 'deploys' | 'start-up';
  seconds: number;
  /** Samples the phase is expected to take (0 where it is not sampled). */
  samples: number;
}

export interface RunEstimate {
  phases: PhaseEstimate[];
  seconds: number;
  /** What the figures rest on: the history, sizes, or guesses. */
  basis: string;
}

/** A base built from Debian's packages, s (seven took 3–4 min here on 2 cores). */
const BASE_S = 30;
/** Smoke test, size and image facts of one variant, s. */
const MEASURE_EXTRA_S = 3;
/** Reading an image's layers for the anatomy, bytes/s (gzip and hashing in Node on one core). */
const READ_BPS = 150e6;
/** Unpacking and registering layers on the node, uncompressed bytes/s. */
const UNPACK_BPS = 130e6;
/** Emptying the node after a sample, uncompressed bytes/s, and its fixed cost, s. */
const WIPE_BPS = 300e6;
const WIPE_S = 0.2;
/** Pushing an image to the harness's registry (the engine compresses each layer), uncompressed bytes/s, and its fixed cost, s. */
const PUSH_BPS = 16e6;
const PUSH_S = 0.4;
/** Create, start and first answer of a deploy, s. */
const DEPLOY_START_S = 0.4;
/** A start-up sample with its settle and removal, s, when the history has none. */
const STARTUP_SAMPLE_S = 0.85;
/** Guesses before anything is known: a cold build with and without package downloads, a warm one, an image. */
const GUESS = { coldApt: 70, cold: 25, warm: 10, imageBytes: 100e6 };

/** The last ok figure of a cell's metric in the history, with its sample count. */
function last(
  history: readonly Measurement[],
  c: Pick<EstimateCell, 'variant' | 'params'>,
  metric: string,
): { ms: number; n: number } | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i] as Measurement;
    if (
      m.variant === c.variant &&
      m.params === c.params &&
      m.metric === metric &&
      m.status === 'ok' &&
      m.value !== null
    )
      return { ms: m.value, n: m.samples ?? 1 };
  }
  return null;
}

/**
 * This machine's pace against the history's: this run's cold builds (ok rows in `rows`) over the history's last cold
 * build of the same cells, summed; null when no cell has both. A cold build is all CPU work (Go compiling its
 * standard library), so it says how much slower or faster everything else the history holds will run here: on a
 * machine 2.5 times slower than the history's, the first estimate was 42 min and the run took 58.
 */
export function machinePace(rows: readonly Measurement[], history: readonly Measurement[]): number | null {
  let here = 0;
  let there = 0;
  for (const m of rows) {
    if (m.metric !== M.buildCold || m.status !== 'ok' || m.value === null) continue;
    const h = last(history, m, M.buildCold);
    if (!h) continue;
    here += m.value;
    there += h.ms;
  }
  return there > 0 && here > 0 ? here / there : null;
}

/** How many samples a cell takes under `rule` at `sampleS` seconds each, if it never reaches its target early. */
export function expectedCount(rule: PrecisionRule, sampleS: number): number {
  if (rule.minRuns === rule.maxRuns) return rule.minRuns;
  let n = rule.minRuns;
  for (;;) {
    const next = nextNarrowing(n);
    if (next > rule.maxRuns || next * sampleS * 1000 > rule.maxMs) return n;
    n = next;
  }
}

/** The estimate of a run. */
export function estimateRun(input: EstimateInput): RunEstimate {
  const { cells, metrics, history } = input;
  const pace = input.pace ?? 1;
  let fromHistory = 0;
  let fromSizes = 0;
  let guessed = 0;
  const count = (h: unknown, sized: boolean) => {
    if (h) fromHistory++;
    else if (sized) fromSizes++;
    else guessed++;
  };
  const cold = (c: EstimateCell) => {
    const h = last(history, c, M.buildCold);
    count(h, false);
    return h ? (pace * h.ms) / 1000 : c.installsPackages ? GUESS.coldApt : GUESS.cold;
  };
  const bytesOf = (c: EstimateCell) => c.imageBytes ?? last(history, c, M.imageSize)?.ms ?? GUESS.imageBytes;
  const compressedOf = (c: EstimateCell) =>
    c.compressedBytes ?? last(history, c, M.imageSizeCompressed)?.ms ?? bytesOf(c) * 0.4;
  const phases: PhaseEstimate[] = [];
  if (input.basesToBuild > 0) phases.push({ phase: 'bases', seconds: input.basesToBuild * BASE_S, samples: 0 });
  const read = metrics.includes('anatomy');
  phases.push({
    phase: 'builds',
    seconds: cells.reduce((s, c) => s + cold(c) + MEASURE_EXTRA_S + (read ? bytesOf(c) / READ_BPS : 0), 0),
    samples: 0,
  });
  if (metrics.includes('build')) {
    const warm = (c: EstimateCell) => {
      const h = last(history, c, M.buildWarm);
      return h ? (pace * h.ms) / 1000 : GUESS.warm;
    };
    // A variant's measured build is its first cold sample: the phase rebuilds cold only past the first run.
    const coldMore = input.buildRuns - 1;
    phases.push({
      phase: 'timed builds',
      seconds: cells.reduce((s, c) => s + coldMore * cold(c) + input.buildRuns * warm(c), 0),
      samples: (coldMore + input.buildRuns) * cells.length,
    });
  }
  const once = cells.filter((c) => !c.sharesImage);
  if (metrics.includes('pull') || metrics.includes('deploy')) {
    let seconds = 0;
    let samples = 0;
    const forms = input.compressions ?? [DEFAULT_COMPRESSION];
    // An uncompressed form downloads the image's own bytes; the others about what gzip does.
    const formCells = once.flatMap((c) =>
      forms.map((f) => ({ c: { ...c, params: withCompression(c.params, f) }, plain: f === 'none', base: c })),
    );
    for (const { c, plain, base } of formCells) {
      const bytes = bytesOf(base);
      // Each form is pushed to the harness's registry once before its deploys: the engine compresses it.
      seconds += bytes / PUSH_BPS + PUSH_S;
      for (const link of chosenLinks(input.links)) {
        const h = last(history, c, link.deploy);
        const transfer = link.bps === null ? 0 : ((plain ? bytes : compressedOf(base)) * 8) / link.bps;
        const model = Math.max(transfer, bytes / UNPACK_BPS) + DEPLOY_START_S;
        count(h, c.imageBytes != null);
        // The history's figure at this machine's pace, but for the transfer, which the link paces.
        const read = h ? transfer + pace * Math.max(0, h.ms / 1000 - transfer) : model;
        const sampleS = read + bytes / WIPE_BPS + WIPE_S;
        const n = expectedCount(input.rules.pull, sampleS);
        seconds += n * sampleS;
        samples += n;
      }
    }
    phases.push({ phase: 'deploys', seconds, samples });
  }
  if (metrics.includes('startup')) {
    let seconds = 0;
    let samples = 0;
    for (const c of once) {
      const h = last(history, c, M.startup);
      count(h, false);
      // Not scaled by the pace: a start-up sample is mostly the engine's create, start and remove round trips, which
      // were 1.9 times slower on the machine whose cold builds were 2.5–3 times slower.
      const sampleS = h ? h.ms / 1000 + STARTUP_SAMPLE_S - 0.15 : STARTUP_SAMPLE_S;
      const n = h ? Math.max(input.rules.startup.minRuns, Math.min(h.n, input.rules.startup.maxRuns)) : 15;
      seconds += n * sampleS;
      samples += n;
    }
    phases.push({ phase: 'start-up', seconds, samples });
  }
  const total = phases.reduce((s, p) => s + p.seconds, 0);
  const parts = [
    fromHistory ? `${fromHistory} figure(s) from the history` : '',
    fromSizes ? `${fromSizes} from measured sizes` : '',
    guessed ? `${guessed} guessed` : '',
    fromHistory && pace !== 1
      ? `the history's times × ${pace.toFixed(2)}, this machine's pace from its cold builds`
      : '',
  ].filter(Boolean);
  return { phases, seconds: total, basis: parts.join(', ') || 'nothing to time' };
}

/** `about 23 min (bases 3.5 min, builds 6.0 min, …)`: the estimate in one line. */
export function estimateLine(e: RunEstimate): string {
  const min = (s: number) => `${(s / 60).toFixed(1)} min`;
  return `about ${min(e.seconds)} (${e.phases.map((p) => `${p.phase} ${min(p.seconds)}`).join(', ')}; ${e.basis})`;
}
