/** Compare the latest run in the history with its baseline, metric by metric, and evaluate the gates. Pure. */
import { M, metricDef } from '../metrics/catalogue.js';
import { BUSY_SHARE } from '../stats/busy.js';
import type { Measurement } from '../types.js';
import { checkStores } from './store-check.js';
import type { TrendConfig } from './trend-config.js';

/** One variant × params × metric line of trend.md. */
export interface TrendLine {
  variant: string;
  params: string;
  metric: string;
  unit: string;
  latest: Measurement;
  baseline: Measurement | null;
  /** latest ÷ baseline; null without a baseline value. */
  ratio: number | null;
  threshold: number | null;
  /**
   * `regression` past the threshold beyond the noise; `noise` past it but the medians' intervals overlap; `busy` past
   * it, but one of the two was timed while other processes took more than a tenth of the machine.
   */
  flag: 'regression' | 'improvement' | 'noise' | 'busy' | null;
  budget: number | null;
  overBudget: boolean;
  /** Whether any gate looked at the row: a ratio against a threshold, or a budget. */
  compared: boolean;
}

/** A failed gate, as `--check` prints it. */
export interface GateFailure {
  kind: 'threshold' | 'budget';
  variant: string;
  params: string;
  metric: string;
  unit: string;
  value: number;
  /** The baseline value or the budget. */
  limit: number;
  ratio: number;
}

export interface Trend {
  latestRun: string | null;
  baselineRun: string | null;
  /** How the baseline was chosen, for the report. */
  baselineSource: string;
  lines: TrendLine[];
  failures: GateFailure[];
  /** Budgets that could not be checked because the latest run has no ok value for them: `variant metric`. */
  unchecked: string[];
  /** About the two runs' image stores: one not recorded, or a mix allowed with --allow-mixed. */
  storeNotes?: string[];
}

const key = (m: Measurement) => `${m.variant}\u0000${m.params}\u0000${m.metric}`;

/** Run ids in the order they first appear (appends are chronological). */
export function runIds(history: Measurement[]): string[] {
  return [...new Set(history.map((m) => m.run_id))];
}

/** The baseline rows for `latest`: the previous run of the same profile, a named run, or rows given (baseline.json). */
export function pickBaseline(
  history: Measurement[],
  latest: string,
  choice: string,
  saved: Measurement[] | null,
): { rows: Measurement[]; run: string | null; source: string } | { problem: string } {
  if (choice === 'saved') {
    if (!saved)
      return { problem: 'baseline "saved": no baseline.json in the output folder; save one with npm run baseline' };
    return { rows: saved, run: saved[0]?.run_id ?? null, source: 'saved baseline (baseline.json)' };
  }
  if (choice === 'previous') {
    const profile = history.find((m) => m.run_id === latest)?.profile;
    const earlier = runIds(history)
      .slice(0, runIds(history).indexOf(latest))
      .filter((id) => history.some((m) => m.run_id === id && m.profile === profile));
    const prev = earlier.at(-1) ?? null;
    return {
      rows: prev ? history.filter((m) => m.run_id === prev) : [],
      run: prev,
      source: prev ? `previous run of profile "${profile}"` : `none: this is the first run of profile "${profile}"`,
    };
  }
  if (!runIds(history).includes(choice))
    return { problem: `baseline run "${choice}" is not in the history; use previous, saved or one of its run ids` };
  return { rows: history.filter((m) => m.run_id === choice), run: choice, source: `run ${choice}` };
}

/**
 * Noise: the two medians' confidence intervals overlap, so the change may be chance. A row without an interval (one
 * sample, a derived value, a record from before intervals were kept) cannot be called noise.
 */
export function withinNoise(a: Measurement, b: Measurement): boolean {
  const [al, ah, bl, bh] = [a.ci_low, a.ci_high, b.ci_low, b.ci_high];
  // typeof, not === null: a baseline.json saved by an older version has no such fields at all.
  if (typeof al !== 'number' || typeof ah !== 'number' || typeof bl !== 'number' || typeof bh !== 'number')
    return false;
  return al <= bh && bl <= ah;
}

/**
 * A timed row measured on a busy machine (others took more than BUSY_SHARE of the CPU), on either side: a slower
 * median says more about the machine than about the image, so it is shown, and no gate fails on it.
 */
function timedBusy(a: Measurement, b: Measurement): boolean {
  // typeof: rows read from before the column existed have no such field.
  const busy = (m: Measurement) => typeof m.other_cpu === 'number' && m.other_cpu > BUSY_SHARE;
  return busy(a) || busy(b);
}

/** Compare `latestRows` with `baselineRows` under the config's thresholds and budgets. */
export function compareRuns(
  latestRows: Measurement[],
  baselineRows: Measurement[],
  config: TrendConfig,
): Omit<Trend, 'latestRun' | 'baselineRun' | 'baselineSource'> {
  const base = new Map(baselineRows.filter((m) => m.status === 'ok' && m.value !== null).map((m) => [key(m), m]));
  const lines: TrendLine[] = [];
  const failures: GateFailure[] = [];
  for (const latest of latestRows) {
    if (latest.status !== 'ok' || latest.value === null || latest.metric === M.smoke) continue;
    const baseline = base.get(key(latest)) ?? null;
    const ratio = baseline?.value ? latest.value / baseline.value : null;
    const threshold = config.thresholds[latest.metric] ?? null;
    let flag: TrendLine['flag'] = null;
    if (ratio !== null && threshold !== null && baseline) {
      const higherIsBetter = metricDef(latest.metric)?.better === 'higher';
      const worse = higherIsBetter ? ratio < 1 / threshold : ratio > threshold;
      const better = higherIsBetter ? ratio > threshold : ratio < 1 / threshold;
      if (worse) flag = withinNoise(latest, baseline) ? 'noise' : timedBusy(latest, baseline) ? 'busy' : 'regression';
      else if (better) flag = 'improvement';
    }
    const budget = config.budgets[latest.variant]?.[latest.metric] ?? null;
    const overBudget = budget !== null && latest.value > budget;
    lines.push({
      variant: latest.variant,
      params: latest.params,
      metric: latest.metric,
      unit: latest.unit,
      latest,
      baseline,
      ratio,
      threshold,
      flag,
      budget,
      overBudget,
      compared: (ratio !== null && threshold !== null) || budget !== null,
    });
    const at = {
      variant: latest.variant,
      params: latest.params,
      metric: latest.metric,
      unit: latest.unit,
      value: latest.value,
    };
    if (flag === 'regression' && baseline?.value)
      failures.push({ kind: 'threshold', ...at, limit: baseline.value, ratio: ratio as number });
    if (overBudget) failures.push({ kind: 'budget', ...at, limit: budget, ratio: latest.value / budget });
  }
  // A budget for a variant the latest run lacks is not passed silently: it is listed as unchecked.
  const unchecked: string[] = [];
  for (const [variant, metrics] of Object.entries(config.budgets)) {
    for (const metric of Object.keys(metrics)) {
      if (!latestRows.some((m) => m.variant === variant && m.metric === metric && m.status === 'ok'))
        unchecked.push(`${variant} ${metric}`);
    }
  }
  return { lines, failures, unchecked };
}

/** The whole trend: latest run of the history against the chosen baseline (of the same image store unless `allowMixed`). */
export function computeTrend(
  history: Measurement[],
  config: TrendConfig,
  saved: Measurement[] | null,
  { allowMixed = false }: { allowMixed?: boolean } = {},
): Trend | { problem: string } {
  const latest = runIds(history).at(-1) ?? null;
  if (!latest)
    return {
      latestRun: null,
      baselineRun: null,
      baselineSource: 'none: the history is empty',
      lines: [],
      failures: [],
      unchecked: [],
    };
  const picked = pickBaseline(history, latest, config.baseline, saved);
  if ('problem' in picked) return picked;
  const latestRows = history.filter((m) => m.run_id === latest);
  const stores = checkStores({ run: latest, rows: latestRows }, picked, { allowMixed, history });
  if ('problem' in stores) return stores;
  return {
    latestRun: latest,
    baselineRun: picked.run,
    baselineSource: picked.source,
    ...compareRuns(latestRows, picked.rows, config),
    storeNotes: stores.notes,
  };
}
