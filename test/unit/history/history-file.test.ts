import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { appendHistory, checkHistory, historyPath, readHistory } from '../../../src/history/history-file.js';
import { HistoryError, parseHistory } from '../../../src/history/parse-history.js';
import { renderCsv } from '../../../src/report/format/csv.js';
import { MEASUREMENT_COLUMNS } from '../../../src/types.js';
import { row } from '../report/fixture.js';

const tmp = () => mkdtemp(join(tmpdir(), 'imagediet-history-'));
const runRows = (runId: string, n = 3) =>
  Array.from({ length: n }, (_, i) =>
    row(`v${i}`, 'image_size', 1000 + i, { run_id: runId, note: 'a, "quoted" note' }),
  );

describe('history.csv', () => {
  it('holds both runs after two appends, with one header', async () => {
    const dir = await tmp();
    await appendHistory(dir, runRows('run-1'));
    await appendHistory(dir, runRows('run-2'));
    const rows = await readHistory(dir);
    expect(rows.map((r) => r.run_id)).toEqual(['run-1', 'run-1', 'run-1', 'run-2', 'run-2', 'run-2']);
    expect(rows[0]).toEqual(runRows('run-1')[0]);
    const text = await readFile(historyPath(dir), 'utf8');
    expect(text.match(/^run_id,/gm)).toHaveLength(1);
  });

  it('checks only what was added since the last append, and the whole file once its beginning was changed', async () => {
    const dir = await tmp();
    await appendHistory(dir, runRows('run-1'));
    await appendHistory(dir, runRows('run-2'));
    const file = historyPath(dir);
    const appended = await readFile(file, 'utf8');
    // A bad line added by hand after the last append: found, named by its line in the whole file.
    await writeFile(file, `${appended}run-3,not-a-date,,local,buildkit,1,x,v,,m,bytes,ok,1\n`);
    await expect(checkHistory(dir)).rejects.toThrow(/history\.csv line 8: /);
    // A bad line inside the part checked before: the digest no longer matches, so the whole file is parsed again.
    const lines = appended.split('\n');
    lines[2] = lines[2]?.replace(',ok,', ',maybe,') ?? '';
    await writeFile(file, lines.join('\n'));
    await expect(checkHistory(dir)).rejects.toThrow(
      /history\.csv line 3: status "maybe" is not one of ok, failed, skipped/,
    );
    // As the append left it: good, with nothing after the checked part to parse.
    await writeFile(file, appended);
    await expect(checkHistory(dir)).resolves.toBeUndefined();
  });

  it('reads a missing history as empty', async () => {
    expect(await readHistory(await tmp())).toEqual([]);
  });

  it('refuses a corrupt line with its number and leaves the bytes unchanged', async () => {
    const dir = await tmp();
    await appendHistory(dir, runRows('run-1'));
    const file = historyPath(dir);
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[2] = lines[2]?.replace(',ok,', ',maybe,') ?? '';
    await writeFile(file, lines.join('\n'));
    const before = await readFile(file);
    await expect(readHistory(dir)).rejects.toThrow(
      /history\.csv line 3: status "maybe" is not one of ok, failed, skipped/,
    );
    await expect(appendHistory(dir, runRows('run-2'))).rejects.toBeInstanceOf(HistoryError);
    expect(Buffer.compare(await readFile(file), before)).toBe(0);
  });

  it.each([
    [
      'a short line',
      (l: string) => l.split(',').slice(0, 5).join(','),
      new RegExp(`line 2: 5 fields where the header has ${MEASUREMENT_COLUMNS.length}`),
    ],
    [
      'a value that is not a number',
      (l: string) => l.replace(',1000,', ',12kB,'),
      /line 2: value "12kB" is not a number/,
    ],
    ['an unclosed quote', (l: string) => `${l},"open`, /line 2/],
  ])('names the line of %s', (_, spoil, message) => {
    const [header, first = ''] = renderCsv(runRows('r', 1)).split('\n');
    expect(() => parseHistory([header, spoil(first), ''].join('\n'), 'history.csv')).toThrow(message);
  });

  it('reads a history started before the later columns, and appends under a new header line, the old lines untouched', async () => {
    const dir = await tmp();
    const later = ['image_store', 'ci_low', 'ci_high'];
    const older = MEASUREMENT_COLUMNS.filter((c) => !later.includes(c));
    const before = renderCsv(runRows('run-1', 1), older);
    await writeFile(historyPath(dir), before);
    const run2 = [row('v0', 'startup', 351, { run_id: 'run-2', unit: 'ms', ci_low: 300, ci_high: 420 })];
    await appendHistory(dir, run2);
    await appendHistory(dir, [row('v0', 'image_size', 5, { run_id: 'run-3' })]);
    const text = await readFile(historyPath(dir), 'utf8');
    expect(text.startsWith(before)).toBe(true);
    // One new header, before run-2; run-3 goes in under it.
    expect(text.split('\n').filter((l) => l.startsWith('run_id,'))).toEqual([
      older.join(','),
      MEASUREMENT_COLUMNS.join(','),
    ]);
    const rows = await readHistory(dir);
    expect(rows.map((r) => [r.run_id, r.image_store, r.ci_low, r.ci_high])).toEqual([
      ['run-1', null, null, null],
      ['run-2', 'overlay2 graph driver', 300, 420],
      ['run-3', 'overlay2 graph driver', null, null],
    ]);
    expect(rows[1]?.value).toBe(351);
  });

  it('refuses a header from another column list', () => {
    expect(() => parseHistory('run_id,variant\nx,y\n')).toThrow(/line 1: the header is not this version's column list/);
  });

  it('does not interleave concurrent appends (in one process)', async () => {
    const dir = await tmp();
    await Promise.all(Array.from({ length: 6 }, (_, i) => appendHistory(dir, runRows(`run-${i}`, 50))));
    const rows = await readHistory(dir);
    expect(rows).toHaveLength(300);
    // Each run's rows are contiguous: one append per run.
    const order = rows.map((r) => r.run_id).filter((id, i, all) => id !== all[i - 1]);
    expect(new Set(order).size).toBe(order.length);
  });

  it('does not interleave concurrent appends from separate processes', async () => {
    const dir = await tmp();
    const script = `import { appendHistory } from ${JSON.stringify(join(process.cwd(), 'src/history/history-file.ts'))};
      const id = process.argv[1];
      const rows = Array.from({ length: 400 }, (_, i) => ({ run_id: id, timestamp: new Date().toISOString(), git_sha: null, profile: 'local', builder: 'buildkit', engine_version: '20.10', variant: 'v' + i, params: '', metric: 'image_size', unit: 'bytes', status: 'ok', value: i, mean: null, median: null, min: null, max: null, sd: null, rme: null, samples: 1, image: null, base: null, error: null, note: 'x'.repeat(200), ci_low: null, ci_high: null }));
      await appendHistory(${JSON.stringify(dir)}, rows);`;
    const run = promisify(execFile);
    await Promise.all(
      ['p1', 'p2', 'p3'].map((id) =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, id]),
      ),
    );
    const rows = await readHistory(dir);
    expect(rows).toHaveLength(1200);
    const order = rows.map((r) => r.run_id).filter((id, i, all) => id !== all[i - 1]);
    expect(order.sort()).toEqual(['p1', 'p2', 'p3']);
  }, 60_000);
});
