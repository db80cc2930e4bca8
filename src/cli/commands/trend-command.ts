/** `imagediet trend [--out DIR] [--config FILE] [--baseline previous|saved|RUN] [--check]`: trend.md and the gates. */
import { join, resolve } from 'node:path';
import { historyPath, readHistory } from '../../history/history-file.js';
import { LINKED_FILES } from '../../report/outputs.js';
import { writeFiles } from '../../report/writer.js';
import { loadBaseline } from '../../trend/baseline-file.js';
import { computeTrend } from '../../trend/compute-trend.js';
import { gateMessage } from '../../trend/gate-messages.js';
import { renderTrend } from '../../trend/render-trend.js';
import { loadTrendConfig } from '../../trend/trend-config.js';
import type { Measurement } from '../../types.js';
import { type CommandIo, commandProgram, runCommand } from './command-program.js';

const TREND_FILE = 'trend.md';
const CONFIG_FILE = 'imagediet.config.json';

/** Exit 0: written (and gates pass with --check); 1: a gate failed under --check; 2: bad input. */
export function trendCommand(argv: string[], io: CommandIo): Promise<number> {
  const cmd = commandProgram('trend')
    .option('--out <dir>', 'folder holding history.csv; trend.md is written there', 'results')
    .option('--config <file>', `thresholds and budgets (default: ./${CONFIG_FILE} if present)`)
    .option('--baseline <which>', 'previous (default), saved (baseline.json), or a run id; overrides the config')
    .option('--check', 'exit 1 when a gate fails, naming each failure', false)
    .option('--allow-mixed', 'compare runs measured on different image stores (overlay2, containerd)', false);
  return runCommand(cmd, argv, io, async (o) => {
    const out = resolve(String(o.out));
    const config = await loadTrendConfig(resolve(String(o.config ?? CONFIG_FILE)), o.config !== undefined);
    if ('problems' in config) return io.fail(config.problems);
    if (o.baseline) config.baseline = String(o.baseline);
    const history = await readHistory(out);
    if (history.length === 0)
      return io.fail([`${historyPath(out)} holds no run; run the bench first (npm run bench -- --out ${o.out})`]);
    const saved = config.baseline === 'saved' ? await loadBaseline(out) : null;
    const trend = computeTrend(history, config, saved, { allowMixed: Boolean(o.allowMixed) });
    if ('problem' in trend) return io.fail([trend.problem]);
    for (const note of trend.storeNotes ?? []) io.print(`warning: ${note}`);
    const chart = await trendChartSvg(history);
    const name = chart === null ? null : LINKED_FILES.charts.trend;
    await writeFiles(out, [
      [LINKED_FILES.charts.trend, chart],
      [TREND_FILE, renderTrend(trend, name)],
    ]);
    const flagged = trend.lines.filter((l) => l.flag === 'regression').length;
    io.print(
      `wrote ${join(out, TREND_FILE)}: run ${trend.latestRun} against ${trend.baselineSource}; ${trend.lines.length} comparisons, ${flagged} regression(s), ${trend.failures.length} failed gate(s)`,
    );
    for (const f of trend.failures) io.print(`gate failed: ${gateMessage(f)}`);
    return o.check && trend.failures.length > 0 ? 1 : 0;
  });
}

/** The trend chart beside trend.md; null (and no stale file) when the history has one run. */
async function trendChartSvg(history: Measurement[]): Promise<string | null> {
  const { trendChart } = await import('../../report/charts/trend-chart.js');
  return trendChart(history);
}
