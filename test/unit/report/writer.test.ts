import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishProgress } from '../../../src/publish/publish-run.js';
import { renderCsv } from '../../../src/report/format/csv.js';
import { RESULTS_SCHEMA_VERSION } from '../../../src/report/json.js';
import { renderResultsMarkdown } from '../../../src/report/markdown/results-markdown.js';
import { viewOf } from '../../../src/report/outputs.js';
import { assertWritable, writeFiles } from '../../../src/report/writer.js';
import { sizeRun } from './fixture.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagediet-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the results rewritten while a run goes on', () => {
  it('writes the three reports and leaves no temp file behind', async () => {
    const out = join(dir, 'results');
    const run = sizeRun();
    const paths = await publishProgress(out, run);
    expect(paths).toEqual([join(out, 'results.csv'), join(out, 'results.json'), join(out, 'results.md')]);
    expect((await readdir(out)).sort()).toEqual(['results.csv', 'results.json', 'results.md']);
    expect(await readFile(join(out, 'results.csv'), 'utf8')).toBe(renderCsv(run.measurements));
    expect(await readFile(join(out, 'results.md'), 'utf8')).toBe(renderResultsMarkdown(viewOf(run)));
    expect(JSON.parse(await readFile(join(out, 'results.json'), 'utf8'))).toEqual({
      ...run,
      schemaVersion: RESULTS_SCHEMA_VERSION,
    });
  });

  it('replaces earlier reports in place', async () => {
    await publishProgress(dir, sizeRun());
    await publishProgress(dir, { ...sizeRun(), runId: 'second' });
    expect(await readFile(join(dir, 'results.md'), 'utf8')).toContain('Run `second`');
    expect(await readdir(dir)).toHaveLength(3);
  });
});

describe('writeFiles', () => {
  it('writes each file atomically and removes the one with nothing to write', async () => {
    await writeFile(join(dir, 'stale.svg'), 'old');
    const paths = await writeFiles(dir, [
      ['a.txt', 'a'],
      ['stale.svg', null],
    ]);
    expect(paths).toEqual([join(dir, 'a.txt')]);
    expect(await readdir(dir)).toEqual(['a.txt']);
  });
});

describe('assertWritable', () => {
  it('accepts a missing folder without creating it, so a rejected command line leaves nothing behind', async () => {
    const out = join(dir, 'a', 'b');
    await assertWritable(out);
    expect(await readdir(dir)).not.toContain('a');
  });

  it('rejects a path under a regular file, naming the folder and the fix', async () => {
    const file = join(dir, 'plain-file');
    await writeFile(file, 'x');
    const out = join(file, 'results');
    await expect(assertWritable(out)).rejects.toThrow(
      `--out "${out}": ${file} is a file, not a folder; choose a writable folder with --out`,
    );
  });

  it('rejects a path that is a file', async () => {
    const file = join(dir, 'plain-file');
    await writeFile(file, 'x');
    await expect(assertWritable(file)).rejects.toThrow(`--out "${file}": is a file, not a folder`);
  });
});
