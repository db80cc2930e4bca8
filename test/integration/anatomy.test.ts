import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeImage } from '../../src/anatomy/analyze-image.js';
import { imageBytes } from '../../src/anatomy/image-bytes.js';
import { ensureBases } from '../../src/bases/index.js';
import { imageLabels } from '../../src/engine/labels.js';
import { runsAsRoot } from '../../src/measure/image-user.js';
import { ROOT } from '../../src/paths.js';
import { checkRun } from '../../src/run/check-input.js';
import { silentProgress } from '../../src/run/progress.js';
import { run } from '../../src/run/run.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';
import { runProblems } from '../support/run-problems.js';

const runId = `anatomy-${Date.now().toString(36)}`;
const tag = `imagediet-test/anatomy:${runId}`;
const BASE = 'local/debian:bookworm-slim';
const MIB10 = 10 * 1024 * 1024;

describe('image anatomy on the real engine', () => {
  let built = false;

  beforeAll(async () => {
    // Builds the bases only when they are missing (they are kept, as every base is).
    await ensureBases(engine, ['debian-slim', 'busybox'], { goVersion: '1.23', rebuild: false, runId });
    // The scratch variant's kept image, made by the harness itself, so this file needs nothing another one left.
    const scratch = await run(await checkRun(await testRunOptions({ variants: ['scratch'], metrics: ['size'] })), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    expect(scratch.exitCode, runProblems(scratch)).toBe(0);
    const dockerfile = readFileSync(path.join(ROOT, 'test/fixtures/anatomy/Dockerfile'));
    await engine.build({
      files: [{ name: 'Dockerfile', content: dockerfile }],
      dockerfile: 'Dockerfile',
      tag,
      labels: imageLabels(runId, 'temp', tag),
      builder: 'buildkit',
      timeoutMs: 5 * 60_000,
    });
    built = true;
  });

  afterAll(async () => {
    // Only the image this file built; no prune, since the engine is shared.
    if (built) await engine.removeImage(tag);
  });

  it('counts a 10 MiB file deleted by a later RUN as wasted, exactly, all of it by the Dockerfile', async () => {
    const { anatomy, layers } = await analyzeImage(engine, tag, { baseRef: BASE });
    // The same on every engine and store: the layers' content is the same, whatever format the export uses.
    expect(anatomy.wastedBytes).toBe(MIB10);
    expect(anatomy.userWastedBytes).toBe(MIB10);
    const info = await engine.inspectImage(tag);
    const size = info ? (await imageBytes(engine, tag, info)).bytes : 0;
    expect(anatomy.userWastedShare).toBeCloseTo(anatomy.userWastedBytes / size, 12);
    expect(anatomy.efficiency).toBeLessThan(1);
    expect(layers.filter((l) => !l.fromBase).map((l) => l.instruction)).toEqual([
      'RUN head -c 10485760 /dev/urandom > /big',
      'RUN rm /big',
    ]);
    expect(layers.find((l) => l.instruction.startsWith('RUN head'))?.bytes).toBe(MIB10);
  });

  it('finds /bin/sh, apt and dpkg in debian-slim, which runs as root', async () => {
    const { anatomy } = await analyzeImage(engine, BASE, { baseRef: 'scratch' });
    expect(anatomy.shells).toContain('/bin/sh');
    expect(anatomy.packageManagers).toEqual(expect.arrayContaining(['apt', 'apt-get', 'dpkg']));
    expect(await runsAsRoot(engine, BASE, AbortSignal.timeout(30_000))).toBe(true);
    expect(anatomy.executables).toBeGreaterThan(100);
    expect(anatomy.setuidFiles).toContain('/usr/bin/su');
  });

  it('finds one executable, no shell and no package manager in the scratch variant', async () => {
    const { anatomy } = await analyzeImage(engine, 'imagediet/scratch:local', { baseRef: 'scratch' });
    expect(anatomy).toMatchObject({ executables: 1, shells: [], packageManagers: [], setuidFiles: [] });
    expect(anatomy.wastedBytes).toBe(0);
  });

  it('finds the busybox shell, and its dpkg and rpm applets, through its links', async () => {
    const { anatomy } = await analyzeImage(engine, 'local/busybox:bookworm', { baseRef: 'scratch' });
    expect(anatomy.shells).toEqual(expect.arrayContaining(['/bin/busybox', '/bin/sh']));
    // Debian's busybox-static builds them in: `busybox --install -s` links /bin/dpkg and /bin/rpm to it.
    expect(anatomy.packageManagers).toEqual(['dpkg', 'rpm']);
    expect(anatomy.executables).toBe(1);
  });
});
