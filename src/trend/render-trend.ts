/** trend.md: the latest run against its baseline, with flags, budgets and the failed gates first. Pure. */
import { formatTimed, headline } from '../report/format/format-timed.js';
import type { Trend, TrendLine } from './compute-trend.js';
import { formatChange, formatValue } from './format-value.js';
import { gateMessage } from './gate-messages.js';

const FLAG: Record<NonNullable<TrendLine['flag']>, string> = {
  regression: '🔴 regression',
  improvement: '🟢 improvement',
  noise: '⚪ within noise',
  busy: '🟡 slower on a busy machine',
};

function cell(line: TrendLine): string[] {
  const fmt = (v: number | null) => (v === null ? '–' : formatValue(v, line.unit));
  // Timed figures as every report prints them: median ± its interval (n).
  const figure = (m: TrendLine['latest'] | null) => (m === null ? '–' : m.unit === 'ms' ? formatTimed(m) : headline(m));
  const flags = [line.flag ? FLAG[line.flag] : '', line.overBudget ? '🔴 over budget' : ''].filter(Boolean);
  return [
    line.params ? `${line.variant} (${line.params})` : line.variant,
    line.metric,
    figure(line.latest),
    figure(line.baseline),
    line.ratio === null ? '–' : `${line.ratio.toFixed(3)} (${formatChange(line.ratio)})`,
    line.threshold === null ? '–' : `${line.threshold}×`,
    line.budget === null ? '–' : fmt(line.budget),
    flags.join(', ') || (line.compared ? '✓' : 'not compared'),
  ];
}

/** Render trend.md; `chart` is the file name of the trend chart beside it, when there is one. */
export function renderTrend(trend: Trend, chart: string | null): string {
  const out = ['# Trend', ''];
  if (!trend.latestRun) return [...out, 'The history is empty: run the bench first (`npm run bench`).', ''].join('\n');
  out.push(
    `Latest run \`${trend.latestRun}\`; baseline: ${trend.baselineSource}${trend.baselineRun ? ` (\`${trend.baselineRun}\`)` : ''}.`,
    '',
  );
  if (trend.failures.length) {
    out.push(`## ${trend.failures.length} gate(s) failed`, '', ...trend.failures.map((f) => `- ${gateMessage(f)}`), '');
  } else out.push('**All gates pass.**', '');
  if (trend.unchecked.length)
    out.push(`Budgets not checked (no ok value in the latest run): ${trend.unchecked.join(', ')}.`, '');
  if (chart) out.push(`![Each metric over the history](${chart})`, '');
  const head = ['variant', 'metric', 'latest', 'baseline', 'ratio', 'threshold', 'budget', 'flag'];
  out.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const line of trend.lines) out.push(`| ${cell(line).join(' | ')} |`);
  out.push(
    '',
    'Ratios are latest ÷ baseline. A row is flagged when the ratio passes its threshold (`imagediet.config.json`); ' +
      'timed metrics whose medians’ confidence intervals overlap are marked "within noise" and do not fail the gate; ' +
      'nor does a timed metric measured while other processes took more than a tenth of the machine (on either side), ' +
      'marked "slower on a busy machine". ' +
      'Budgets are absolute limits per variant. "not compared": no gate applied (no baseline value with a threshold, and no budget).',
    '',
  );
  return out.join('\n');
}
