/** The comparison as Markdown for a pull-request comment or a job summary. Pure. */
import { defOf, M } from '../metrics/catalogue.js';
import { formatDifference } from '../report/format/format-cell.js';
import { formatValue } from '../report/format/format-timed.js';
import { formatChange } from '../trend/format-value.js';
import { gateMessage } from '../trend/gate-messages.js';
import { COMPARED, type CompareCell, type Comparison } from './compare-results.js';

const NONE = '—';

/** `## imagediet: head against base`, the size rule, the table of changes, and the gates. */
export function renderCompare(c: Comparison): string {
  const { base, head } = c;
  const shown = COMPARED.filter((metric) => c.rows.some((r) => r.cells[metric].base || r.cells[metric].head));
  const withPackages = c.rows.some((r) => r.packages.base !== null || r.packages.head !== null);
  const header = ['variant', ...shown.slice(0, 2).map(columnOf), 'packages', ...shown.slice(2).map(columnOf)];
  const body = c.rows.map((r) => [
    r.name,
    ...shown.slice(0, 2).map((metric) => cellText(r.cells[metric])),
    countText(r.packages.base, r.packages.head),
    ...shown.slice(2).map((metric) => cellText(r.cells[metric])),
  ]);
  const lines = [
    `## imagediet: \`${head.result.runId}\` against \`${base.result.runId}\``,
    '',
    `Head: ${head.label}. Base: ${base.label}.`,
    '',
    sizeRuleLine(c),
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...body.map((cells) => `| ${cells.map((t) => t.replace(/\|/g, '\\|')).join(' | ')} |`),
    '',
    'Each cell is base → head and the change. A timed change is *within noise* when the two medians’ 95% ' +
      'confidence intervals overlap, and *beyond noise* when they do not (as `trend` judges it); sizes are exact. ' +
      'Gates are the thresholds and budgets of `imagediet.config.json`.' +
      (withPackages
        ? ' Packages are OS packages and Go modules, as the image’s own databases list them.'
        : ' Neither run recorded its images’ packages (a history holds no package lists).'),
    '',
  ];
  if (c.failures.length > 0)
    lines.push(`**${c.failures.length} gate(s) failed:**`, '', ...c.failures.map((f) => `- 🔴 ${gateMessage(f)}`));
  else lines.push('**All gates pass.**');
  if (c.unchecked.length > 0)
    lines.push('', `Budgets not checked (no ok value in the head run): ${c.unchecked.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

function columnOf(metric: (typeof COMPARED)[number]): string {
  const def = defOf(metric);
  return def.column ?? def.label;
}

/** `5.06MB → 5.57MB (+10.0%)`, `389 ms → 401 ms (+3.1%, within noise)`, `5.06MB (no change)`. */
function cellText(cell: CompareCell): string {
  const fmt = (m: CompareCell['base']) =>
    m === null ? NONE : m.status !== 'ok' || m.value === null ? m.status : formatValue(m.value, m.unit);
  const [b, h] = [fmt(cell.base), fmt(cell.head)];
  if (cell.base === null && cell.head === null) return NONE;
  const flag = cell.failed ? '🔴 ' : '';
  if (cell.ratio === null || cell.base?.value == null || cell.head?.value == null) return `${flag}${b} → ${h}`;
  const noise = cell.noise === null ? '' : cell.noise ? ', within noise' : ', beyond noise';
  if (cell.ratio === 1 && noise === '') return `${flag}${h} (no change)`;
  // An exact figure's change is said in its unit too: 323MB → 323MB would hide a change of a few kB.
  const by = cell.head.unit === 'ms' ? '' : `${formatDifference(cell.base.value, cell.head.value, cell.head.unit)}, `;
  const change = `${by}${formatChange(cell.ratio)}${noise}`;
  return b === h ? `${flag}${h} (${change})` : `${flag}${b} → ${h} (${change})`;
}

function countText(base: number | null, head: number | null): string {
  if (base === null && head === null) return NONE;
  if (base === null || head === null) return `${base ?? NONE} → ${head ?? NONE}`;
  return base === head
    ? `${head} (no change)`
    : `${base} → ${head} (${head > base ? '+' : '−'}${Math.abs(head - base)})`;
}

function sizeRuleLine(c: Comparison): string {
  const { base, head } = c.sizeRule;
  if (base === null && head === null) return `Size rule: neither run recorded how \`${M.imageSize}\` was measured.`;
  if (base === head) return `Size rule: \`${M.imageSize}\` is ${head} in both runs.`;
  return `Size rule: \`${M.imageSize}\` is ${head ?? 'not recorded'} in the head run but ${base ?? 'not recorded'} in the base run; sizes may not compare.`;
}
