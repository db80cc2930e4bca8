import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults, readResults } from '../../../src/results/read-results.js';
import { type RunResult, UNORDERED } from '../../../src/types.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/hub-shard');

describe('readResults', () => {
  it('fills what an older results.json lacks, in one place', async () => {
    const read = await readResults(FIXTURE, 'report');
    if ('problem' in read) throw new Error(read.problem);
    const v = read.result.variants[0] as RunResult['variants'][number];
    expect([v.order, v.pairWith, v.layers, v.anatomy]).toEqual([UNORDERED, null, null, null]);
    const m = read.result.measurements[0] as RunResult['measurements'][number];
    expect([m.image_store, m.ci_low, m.ci_high]).toEqual([null, null, null]);
    expect(read.result).not.toHaveProperty('schemaVersion');
  });

  it('fills the final base and runsAsRoot of a file from before they were recorded, as that version meant them', () => {
    const older = {
      variant: 'multistage',
      status: 'ok',
      image: 'imagediet/multistage:local',
      bases: [
        { role: 'build', ref: 'local/golang:1.23-bookworm', standsFor: 'golang:1.23-alpine' },
        { role: 'runtime', ref: 'local/busybox:bookworm', standsFor: 'alpine:3.21' },
      ],
      anatomy: { user: '', runsAsRoot: true, executables: 3 },
    };
    const lastBase = {
      ...older,
      variant: 'scratch',
      bases: [{ role: 'build', ref: 'b', standsFor: null }],
      anatomy: null,
    };
    const parsed = parseResults(
      JSON.stringify({ ...minimal(), schemaVersion: 1, variants: [older, lastBase] }),
      'f.json',
    );
    if ('problem' in parsed) throw new Error(parsed.problem);
    const [v, w] = parsed.variants;
    expect(v?.finalBase).toEqual({ ref: 'local/busybox:bookworm', standsFor: 'alpine:3.21' });
    expect(v?.runsAsRoot).toBe(true);
    expect(v?.anatomy).toEqual({ user: '', executables: 3 });
    expect([w?.finalBase, w?.runsAsRoot]).toEqual([{ ref: 'b', standsFor: null }, null]);
  });

  it('keeps a recorded final base as written, null included', () => {
    const skipped = { variant: 'x', status: 'skipped', image: null, bases: [], finalBase: null, error: 'no registry' };
    const parsed = parseResults(JSON.stringify({ ...minimal(), variants: [skipped] }), 'f.json');
    if ('problem' in parsed) throw new Error(parsed.problem);
    expect(parsed.variants[0]?.finalBase).toBeNull();
  });

  it('keeps the packages, layer media and largest files as written, and reads a file without them as not read', () => {
    const packages = {
      distro: null,
      os: [],
      go: [{ path: '/api', goVersion: 'go1.23.5', command: 'imagediet/api', main: null, modules: [], settings: {} }],
      notRead: [],
      vulnerabilities: { skipped: 'neither trivy nor grype is on PATH' },
    };
    const anatomy = {
      user: '',
      layerMedia: [{ mediaType: null, compression: 'none' }],
      largestFiles: [{ path: '/api', bytes: 5, layer: 0, instruction: 'COPY /out/api /api', fromBase: false }],
    };
    const now = { variant: 'scratch', status: 'ok', image: 'i', packages, anatomy };
    const before = { variant: 'upx', status: 'ok', image: 'j' };
    const parsed = parseResults(JSON.stringify({ ...minimal(), variants: [now, before] }), 'f.json');
    if ('problem' in parsed) throw new Error(parsed.problem);
    expect(parsed.variants[0]?.packages).toEqual(packages);
    expect(parsed.variants[0]?.anatomy).toEqual(anatomy);
    expect(parsed.variants[1]?.packages).toBeNull();
  });

  it('keeps fields it does not name', () => {
    const text = JSON.stringify({ ...minimal(), extra: 'kept' });
    expect(parseResults(text, 'f.json')).toMatchObject({ extra: 'kept' });
  });

  it('names the command, the folder and the way out when there is no results.json', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'imagediet-read-'));
    expect(await readResults(dir, 'merge')).toEqual({
      problem: `merge: ${dir} has no results.json; pass folders written by the bench (--out)`,
    });
  });

  it('refuses a file that is not a results.json, naming the first wrong field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'imagediet-read-'));
    await writeFile(path.join(dir, 'results.json'), JSON.stringify({ runId: 'x' }));
    const read = await readResults(dir, 'report');
    expect(read).toEqual({
      problem: expect.stringMatching(/^report: .*results\.json is not an imagediet results\.json \(startedAt: /),
    });
  });

  it('refuses a file with a newer schema version than it reads', () => {
    expect(parseResults(JSON.stringify({ ...minimal(), schemaVersion: 99 }), 'f.json')).toEqual({
      problem: expect.stringContaining('f.json has schema version 99, newer than this imagediet reads'),
    });
  });

  it('keeps every value the committed fixture holds, adding only the defaults', async () => {
    const raw = JSON.parse(await readFile(path.join(FIXTURE, 'results.json'), 'utf8'));
    expect(parseResults(JSON.stringify(raw), 'f.json')).toMatchObject(raw);
  });
});

function minimal() {
  return {
    runId: 'r1',
    startedAt: '2026-11-29T00:00:00.000Z',
    profile: 'hub',
    builder: 'buildkit',
    variants: [],
    measurements: [],
  };
}
