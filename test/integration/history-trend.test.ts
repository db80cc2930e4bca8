/** Issue 4's acceptance on the real engine, through the CLI a user runs: history, trend and gates, shards and merge. */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/history-file.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Run `imagediet ARGS` as `npm run` would; resolves with the exit code and both streams. */
function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'imagediet-trend-'));
const bench = (out: string, ...extra: string[]) =>
  cli(['--profile', 'local', '--variants', 'scratch,upx,multistage', '--metrics', 'size', '--out', out, ...extra]);

describe('history, trend and gates through the CLI', () => {
  // Two runs into one folder, made once; every test works on its own copy, so none depends on another's state or
  // order (a corrupt history in one must not reach the others).
  let seed: string;
  beforeAll(async () => {
    seed = await tmp();
    for (let i = 0; i < 2; i++) expect((await bench(seed)).code).toBe(0);
  });
  const copyOfSeed = async () => {
    const dir = await tmp();
    await cp(seed, dir, { recursive: true });
    return dir;
  };

  it('holds both runs in history.csv and shows their ratios in trend.md', async () => {
    const out = await copyOfSeed();
    const history = await readHistory(out);
    expect(new Set(history.map((r) => r.run_id)).size).toBe(2);
    const trend = await cli(['trend', '--out', out]);
    expect(trend.code).toBe(0);
    const md = await readFile(path.join(out, 'trend.md'), 'utf8');
    expect(md).toMatch(/\| scratch \| image_size \| 5\.\d+MB \| 5\.\d+MB \| 1\.000 \(\+0\.0%\) \| 1\.05× \|/);
    expect(md).toContain('![Each metric over the history](chart-trend.svg)');
    expect(await readFile(path.join(out, 'chart-trend.svg'), 'utf8')).toContain('<svg');
  });

  it('fails the gate after a third run with a size budget below a variant, naming it', async () => {
    const out = await copyOfSeed();
    expect((await bench(out)).code).toBe(0);
    const config = path.join(out, 'budget.json');
    await writeFile(
      config,
      JSON.stringify({ budgets: { scratch: { image_size: '4MB' }, upx: { image_size: '2MB' } } }),
    );
    const gate = await cli(['trend', '--out', out, '--config', config, '--check']);
    expect(gate.code).toBe(1);
    expect(gate.out).toMatch(
      /gate failed: scratch image_size 5\.\d+MB is over its budget 4MB by 1\.\d+MB \(\+2\d\.\d%\)/,
    );
    expect(gate.out).not.toMatch(/gate failed: upx/);
    expect(await readFile(path.join(out, 'trend.md'), 'utf8')).toMatch(/## 1 gate\(s\) failed/);
  });

  it('refuses to run on a corrupt history line, naming the line, and leaves the bytes alone', async () => {
    const out = await copyOfSeed();
    const file = path.join(out, 'history.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[4] = (lines[4] ?? '').replace(/,ok,/, ',fine,');
    await writeFile(file, lines.join('\n'));
    const before = await readFile(file);
    const refused = await bench(out);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /history\.csv line 5: status "fine" is not one of ok, failed, skipped; the file was left unchanged/,
    );
    expect(Buffer.compare(await readFile(file), before)).toBe(0);
    const trend = await cli(['trend', '--out', out]);
    expect(trend.code).toBe(2);
    expect(trend.err).toMatch(/line 5/);
  });

  it('runs two shards whose merge has the same variant set as one unsharded run', async () => {
    const [a, b, merged] = [await tmp(), await tmp(), await tmp()];
    expect((await bench(a, '--shard', '1/2')).code).toBe(0);
    expect((await bench(b, '--shard', '2/2')).code).toBe(0);
    const m = await cli(['merge', a, b, '--out', merged]);
    expect(m.err).toBe('');
    expect(m.code).toBe(0);
    const read = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8'));
    const [ra, rb, rm, whole] = [await read(a), await read(b), await read(merged), await read(seed)];
    expect([ra.shard, rb.shard]).toEqual(['1/2', '2/2']);
    const names = (r: { variants: { variant: string }[] }) => r.variants.map((v) => v.variant).sort();
    expect(names(ra).length + names(rb).length).toBe(3);
    expect(names(rm)).toEqual(names(whole));
    expect(rm.mergedFrom).toEqual([ra.runId, rb.runId]);
    const metrics = (r: { measurements: { variant: string; metric: string }[] }) =>
      r.measurements.map((x) => `${x.variant} ${x.metric}`).sort();
    expect(metrics(rm)).toEqual(metrics(whole));
    // The merge is one run in its history, with every chart and the lesson beside it.
    expect(new Set((await readHistory(merged)).map((r) => r.run_id))).toEqual(new Set([rm.runId]));
    for (const f of ['results.md', 'lesson.md', 'index.html', 'chart-sizes.svg'])
      expect((await readFile(path.join(merged, f), 'utf8')).length).toBeGreaterThan(100);
    const mixed = await cli(['merge', a, path.join(root, 'test/fixtures/hub-shard'), '--out', await tmp()]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(
      /differ in profile \(local in .*, hub in .*hub-shard\); merge like with like, or pass --allow-mixed/,
    );
  });
});
