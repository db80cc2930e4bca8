/** imagediet.config.json: per-metric regression thresholds and per-variant budgets (absolute limits, as dive's CI rules). */

import { z } from 'zod';
import { readUserFile, UserFileError } from '../files/user-file.js';
import { METRICS } from '../metrics/catalogue.js';
import { describeIssues } from '../variants/variant-meta.js';

/** Default allowed growth of each metric against the baseline, as a ratio (1.05 = +5%). Metrics without one are shown, not gated. */
const DEFAULT_THRESHOLDS: Record<string, number> = Object.fromEntries(
  METRICS.flatMap((def) => (def.threshold === undefined ? [] : [[def.name, def.threshold]])),
);

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB|KiB|MiB|GiB)?$/;
const FACTORS: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

/** `"12MB"` → 12e6 (Docker's base-1000 units), `"3MiB"`, or a plain number. */
function parseLimit(v: number | string): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  const m = SIZE.exec(v.trim());
  return m ? Number(m[1]) * (FACTORS[m[2] ?? 'B'] ?? 1) : null;
}

const limit = z.union([z.number(), z.string()]).refine((v) => parseLimit(v) !== null, {
  message: 'a number or a size like "12MB", "3.5MiB"',
});

const schema = z.strictObject({
  $schema: z.string().optional(),
  /** previous (default), saved (baseline.json in the output folder), or a run id. */
  baseline: z.string().min(1).default('previous'),
  thresholds: z.record(z.string(), z.number().min(1, 'a ratio of at least 1, e.g. 1.05 for +5%')).default({}),
  budgets: z.record(z.string(), z.record(z.string(), limit)).default({}),
});

export interface TrendConfig {
  baseline: string;
  /** metric → allowed ratio against the baseline. */
  thresholds: Record<string, number>;
  /** variant → metric → absolute limit (bytes, ms, …). */
  budgets: Record<string, Record<string, number>>;
}

/** Validate a config object; returns one-line problems naming the field, or the config with defaults merged. */
export function parseTrendConfig(raw: unknown, file: string): TrendConfig | { problems: string[] } {
  const r = schema.safeParse(raw);
  if (!r.success) return { problems: describeIssues(r.error).map((p) => `${file}: ${p}`) };
  const budgets: TrendConfig['budgets'] = {};
  for (const [variant, metrics] of Object.entries(r.data.budgets)) {
    budgets[variant] = Object.fromEntries(Object.entries(metrics).map(([m, v]) => [m, parseLimit(v) as number]));
  }
  return { baseline: r.data.baseline, thresholds: { ...DEFAULT_THRESHOLDS, ...r.data.thresholds }, budgets };
}

/** Load the config file; a missing file gives the defaults, a bad one one-line problems. */
export async function loadTrendConfig(file: string, mustExist: boolean): Promise<TrendConfig | { problems: string[] }> {
  let text: string | null;
  try {
    text = await readUserFile(file, 16 * 1024 * 1024);
  } catch (err) {
    if (!(err instanceof UserFileError)) throw err;
    return { problems: [`${err.message}; check the --config path`] };
  }
  if (text === null) {
    if (!mustExist) return parseTrendConfig({}, file);
    return { problems: [`${file}: does not exist; check the --config path`] };
  }
  try {
    return parseTrendConfig(JSON.parse(text), file);
  } catch (err) {
    return { problems: [`${file}: not valid JSON (${(err as Error).message}); fix the file`] };
  }
}
