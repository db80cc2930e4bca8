/**
 * The run as OpenMetrics text, for the node exporter's textfile collector or a Pushgateway: one gauge family per
 * metric, named with its base unit (`imagediet_image_size_bytes`, `imagediet_startup_seconds`), with `# TYPE`,
 * `# UNIT` and `# HELP`, one sample per variant labelled with the variant, its params, the engine and the image store,
 * and `# EOF`.
 */
import { engineProduct } from '../../engine/engine-kind.js';
import type { MetricUnit } from '../../metrics/catalogue.js';
import type { RunView } from '../view/run-view.js';
import { type ExportRow, exportRows } from './export-rows.js';

/** The OpenMetrics unit a catalogue unit becomes, and the factor from its values: ms are exported as seconds. */
const UNITS: Partial<Record<MetricUnit, { unit: string; factor: number }>> = {
  bytes: { unit: 'bytes', factor: 1 },
  ms: { unit: 'seconds', factor: 1 / 1000 },
  ratio: { unit: 'ratio', factor: 1 },
};

/** The exposition text; null when nothing was measured. */
export function renderOpenMetrics(view: RunView): string | null {
  const env = view.result.environment;
  const families = new Map<string, ExportRow[]>();
  for (const r of exportRows(view.result)) families.set(r.def.name, [...(families.get(r.def.name) ?? []), r]);
  if (families.size === 0) return null;
  const lines: string[] = [];
  for (const rows of families.values()) {
    const def = (rows[0] as ExportRow).def;
    const unit = UNITS[def.unit];
    const name = `imagediet_${def.name}${unit ? `_${unit.unit}` : ''}`;
    lines.push(`# TYPE ${name} gauge`);
    if (unit) lines.push(`# UNIT ${name} ${unit.unit}`);
    lines.push(`# HELP ${name} ${escapeHelp(`${def.label}${def.kind === 'timed' ? ', median' : ''}`)}`);
    for (const { row } of rows) {
      const engine = env ? `${engineProduct(env.engineName)} ${env.engineVersion}` : row.engine_version;
      const labels = {
        variant: row.variant,
        params: row.params,
        engine,
        store: row.image_store ?? '',
      };
      const text = Object.entries(labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      lines.push(`${name}{${text}} ${number(row.value * (unit?.factor ?? 1))}`);
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** A label value: backslash, double quote and newline escaped, as the format requires. */
function escapeLabel(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and newline escaped. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value without float noise; integers as integers. */
function number(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}
