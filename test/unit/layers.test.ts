/**
 * Layers point down: no two folders of `src/` import each other, directly or round a longer loop; and inside a folder,
 * no two of its subfolders (or the folder's own files and a subfolder) do either: `report/lesson` may import
 * `report/view`, never the other way round.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';

const SRC = path.join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/**
 * The folder a file lives in, `depth` levels down from src/ (`report`, or at depth 2 `report/lesson`; a file directly
 * in `report/` is in `report`), or null for the shared files at the top (types.ts, errors.ts, …).
 */
function folderOf(file: string, depth: number): string | null {
  const parts = path.relative(SRC, file).split(path.sep).slice(0, -1);
  return parts.length > 0 ? parts.slice(0, depth).join('/') : null;
}

/** folder → the folders its files import from, folders taken `depth` levels down. */
function folderGraph(depth: number): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files(SRC)) {
    const from = folderOf(file, depth);
    if (!from) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import) '(\.[^']+)'/g)) {
      const to = folderOf(path.resolve(path.dirname(file), m[1] as string), depth);
      if (to && to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** Every loop of folders, each as `a → b → … → a`. */
function loops(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const walk = (start: string, at: string, trail: string[]) => {
    for (const next of graph.get(at) ?? []) {
      if (next === start) found.push([...trail, start].join(' → '));
      // Each loop once: from its smallest folder name.
      else if (next > start && !trail.includes(next)) walk(start, next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) walk(start, start, [start]);
  return found;
}

describe('src/ layers', () => {
  it('have no import loop between folders', () => {
    const graph = folderGraph(1);
    expect(graph.get('run')?.has('measure')).toBe(true);
    expect(loops(graph)).toEqual([]);
  });

  it('have no import loop between the folders inside a folder', () => {
    const graph = folderGraph(2);
    // The output stage's own layers: the table imports the renderers, the renderers the view, the view the charts.
    expect(graph.get('report')?.has('report/lesson')).toBe(true);
    expect(graph.get('report/lesson')?.has('report/view')).toBe(true);
    expect(graph.get('report/view')?.has('report/charts')).toBe(true);
    expect(loops(graph)).toEqual([]);
  });
});
