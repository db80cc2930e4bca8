/** The source's text stands on its own: no comment sends a reader to a notes file the repository does not hold. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|mjs|js|sh)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('comments', () => {
  it('cite no file outside the repository', () => {
    const sources = ['src', 'scripts', 'test', 'bin'].flatMap((d) => files(path.join(ROOT, d)));
    const cited = new Set<string>();
    for (const f of sources) {
      if (f.endsWith('source-comments.test.ts')) continue;
      for (const m of readFileSync(f, 'utf8').matchAll(/\b([A-Z][A-Z-]+\.md)\b|(§\s?\d)/g)) {
        const name = m[1];
        // A section sign points into some document; a named file must exist at the top of the repository.
        if (!name || !readdirSync(ROOT).includes(name)) cited.add(`${path.relative(ROOT, f)}: ${m[0]}`);
      }
    }
    expect([...cited]).toEqual([]);
  });
});
