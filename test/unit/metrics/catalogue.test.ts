import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOY_PARTS, NODE_LINKS } from '../../../src/deploy/links.js';
import { groupOf, M, METRICS, metricDef, metricsOf } from '../../../src/metrics/catalogue.js';
import { METRIC_GROUPS } from '../../../src/types.js';

const SRC = path.resolve(import.meta.dirname, '../../../src');
const CATALOGUE = 'metrics/catalogue.ts';

/**
 * Literals that spell a metric's name but mean something else, and the only files allowed to hold them: a metric
 * group of the same name, a field of a record that the metric is read from, or an HTML id or class.
 */
const HOMONYMS: Record<string, string[]> = {
  // The start-up group; the lesson's start-up section's HTML id.
  startup: [
    'types.ts',
    'cli/parse-args.ts',
    'stats/sampling-options.ts',
    'run/run.ts',
    'run/timed-phase.ts',
    'run/same-image.ts',
    'run/estimate.ts',
    'run/run-timing.ts',
    'report/lesson/deploy-html.ts',
  ],
  // ImageAnatomy's and dive's fields of the same name; the lesson's layer table's CSS class.
  layers: ['report/lesson/step-html.ts'],
  executables: ['anatomy/attack-surface.ts', 'report/view/attack-surface.ts'],
  efficiency: ['anatomy/dive-efficiency.ts'],
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(SRC, path.join(e.parentPath, e.name)));
}

/** The file without its comments, so a name quoted in prose is not counted as a literal. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('metric catalogue', () => {
  it('is the only file under src/ that spells a metric name as a string literal', async () => {
    const files = await sourceFiles(SRC);
    const texts = new Map(
      await Promise.all(files.map(async (f) => [f, code(await readFile(path.join(SRC, f), 'utf8'))] as const)),
    );
    const holders: Record<string, string[]> = {};
    for (const { name } of METRICS) {
      const literal = new RegExp(`['"\`]${name}['"\`]`);
      holders[name] = files
        .filter((f) => literal.test(texts.get(f) ?? '') && !(HOMONYMS[name] ?? []).includes(f))
        .sort();
    }
    expect(holders).toEqual(Object.fromEntries(METRICS.map(({ name }) => [name, [CATALOGUE]])));
  });

  it('gives every metric one definition with a label', () => {
    const names = METRICS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const def of METRICS) expect(def.label, def.name).not.toBe('');
  });

  it('marks every metric of a group, context_bytes and build_image_size among the sizes', () => {
    const sizes = metricsOf('size').map((d) => d.name);
    expect(sizes).toContain(M.contextBytes);
    expect(sizes).toContain(M.buildImageSize);
    expect(metricsOf('deploy').map((d) => d.name)).toContain(M.imageSizeCompressed);
    expect(metricsOf('pull').map((d) => d.name)).toContain(M.imageSizeCompressed);
    for (const group of METRIC_GROUPS) expect(metricsOf(group).length, group).toBeGreaterThan(0);
  });

  it('names the group of a metric, and a metric it does not know as its own group', () => {
    expect([groupOf('wasted_bytes'), groupOf('build_image_size'), groupOf('deploy_1gbit_ready'), groupOf('x')]).toEqual(
      ['anatomy', 'size', 'deploy', 'x'],
    );
  });

  it('holds a metric for every node link and deploy part, the pull part under the pull metrics earlier runs used', () => {
    for (const link of NODE_LINKS) {
      expect(metricDef(link.deploy)?.group, link.id).toBe('deploy');
      for (const part of DEPLOY_PARTS) expect(metricDef(link.parts[part]), `${link.id} ${part}`).toBeDefined();
    }
    expect(NODE_LINKS.map((l) => l.parts.pull)).toEqual([
      'pull_engine_cold',
      'pull_engine_100mbit',
      'pull_engine_1gbit',
    ]);
    // A pull is a fact of pulls and of deploys: recorded for either group.
    for (const l of NODE_LINKS) expect(metricDef(l.parts.pull)).toMatchObject({ group: 'pull', alsoIn: ['deploy'] });
  });

  it('says which way is better', () => {
    expect(METRICS.filter((d) => d.better === 'higher').map((d) => d.name)).toEqual([
      'smoke',
      'efficiency',
      'build_warm_cache_hits',
    ]);
  });
});
