/**
 * The compression section of a run's view: the facts, the tables, the story and the chart's points, derived once from
 * the pivoted rows. Null when the run has fewer than two compressions.
 */

import type { CompressionChartData } from '../charts/compression-chart.js';
import { formatTimed } from '../format/format-timed.js';
import { type CompressionFacts, compressionFacts } from './compression-facts.js';
import { type CompressionStory, compressionStory } from './compression-story.js';
import { type CompressionTables, compressionTables } from './compression-tables.js';
import type { PivotRow } from './pivot.js';

/** Everything the reports say about the run's compressions. */
export interface CompressionView extends CompressionTables {
  facts: CompressionFacts;
  story: CompressionStory;
  chart: CompressionChartData;
}

/** The compression view of the pivoted rows (every form's rows, the engine's gzip among them). */
export function compressionView(rows: readonly PivotRow[]): CompressionView | null {
  const facts = compressionFacts(rows);
  if (!facts) return null;
  return { facts, ...compressionTables(facts), story: compressionStory(facts), chart: chartPoints(facts) };
}

/** One point per variant × form × link with an ok deploy. */
function chartPoints(facts: CompressionFacts): CompressionChartData {
  const points = facts.variants.flatMap((v) =>
    v.forms.flatMap((f) =>
      f.links.flatMap((c) => {
        const d = c.deploy;
        if (f.bytes === null || d?.status !== 'ok' || d.value === null) return [];
        return [
          {
            variant: v.name,
            compression: f.compression,
            link: c.link.label,
            bytes: f.bytes,
            seconds: d.value / 1000,
            low: d.ci_low === null ? null : d.ci_low / 1000,
            high: d.ci_high === null ? null : d.ci_high / 1000,
            label: formatTimed(d),
          },
        ];
      }),
    ),
  );
  return { points, compressions: facts.compressions, links: facts.links.map((l) => l.label) };
}
