import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startupProbe } from '../../src/measure/startup.js';
import { imageLabels } from '../../src/run/labels.js';
import { silentProgress } from '../../src/run/progress.js';
import { type RunOutcome, run } from '../../src/run/run.js';
import { newRunId } from '../../src/run/run-id.js';
import { engine, engineUp } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';

describe.skipIf(!engineUp)('timed metrics on the real engine', () => {
  let outcome: RunOutcome;

  beforeAll(async () => {
    outcome = await run(
      await testRunOptions({ variants: ['scratch'], metrics: ['size', 'build', 'pull', 'startup'] }),
      { engine, progress: silentProgress, signal: new AbortController().signal },
    );
  });

  const row = (metric: string) => outcome.result.measurements.find((m) => m.metric === metric);

  it('times a cold and a warm build, and the warm one reuses cached steps', () => {
    expect(row('build_cold')).toMatchObject({ status: 'ok', samples: 1 });
    expect(row('build_warm')).toMatchObject({ status: 'ok', samples: 1 });
    const hits = row('build_warm_cache_hits');
    expect(hits?.status).toBe('ok');
    // The source edit invalidates COPY and the build; FROM and WORKDIR still come from cache.
    expect(hits?.value).toBeGreaterThan(0);
    expect(hits?.value).toBeLessThan(1);
  });

  it('pushes to a private registry and pulls cold with n = 3', () => {
    expect(row('image_size_compressed')?.value).toBeGreaterThan(1_000_000);
    expect(row('image_size_compressed')?.value).toBeLessThan(row('image_size')?.value ?? 0);
    for (const m of ['pull_cold', 'pull_100mbit', 'pull_1gbit'])
      expect(row(m)).toMatchObject({ status: 'ok', samples: 3 });
    // 100 Mbit/s cannot beat the bytes it has to move.
    const bytes = row('image_size_compressed')?.value ?? 0;
    expect(row('pull_100mbit')?.min).toBeGreaterThanOrEqual(((bytes * 8) / 100e6) * 1000 * 0.95);
    expect(['ok', 'skipped']).toContain(row('pull_engine_cold')?.status);
  });

  it('measures start-up to the first 200 with its breakdown', () => {
    const total = row('startup');
    expect(total).toMatchObject({ status: 'ok', samples: 3 });
    for (const part of ['startup_create', 'startup_start', 'startup_ready']) expect(row(part)?.status).toBe('ok');
    const sum = ['startup_create', 'startup_start', 'startup_ready'].reduce((s, m) => s + (row(m)?.mean ?? 0), 0);
    expect(Math.abs(sum - (total?.mean ?? 0))).toBeLessThan(0.05 * (total?.mean ?? 1));
    expect(outcome.result.samples['scratch||startup']).toHaveLength(3);
  });

  it('leaves no labelled container or temporary image', async () => {
    const label = `imagediet.run=${outcome.result.runId}`;
    expect(await engine.listContainers([label])).toEqual([]);
    expect(await engine.listImages([label, 'imagediet.kind=temp'])).toEqual([]);
  });
});

describe.skipIf(!engineUp)('start-up readiness', () => {
  const runId = newRunId();
  const tag = `imagediet-test/slow-start:${runId.toLowerCase()}`;

  beforeAll(async () => {
    // An app that listens only after a second: docker-proxy accepts TCP at once, so only an HTTP answer is honest.
    const dockerfile =
      'FROM local/busybox:bookworm\nRUN mkdir /www && printf "Hello World!" > /www/index.html\n' +
      'CMD ["sh", "-c", "sleep 1; exec httpd -f -p 3000 -h /www"]\n';
    await engine.build({
      files: [{ name: 'Dockerfile', content: Buffer.from(dockerfile) }],
      dockerfile: 'Dockerfile',
      tag,
      labels: imageLabels(runId, 'temp', tag),
      builder: 'buildkit',
      timeoutMs: 120_000,
    });
  });
  afterAll(async () => {
    await engine.removeImage(tag, { force: true });
  });

  it('waits for an HTTP answer, not a TCP connect', async () => {
    const probe = startupProbe(engine, {
      image: tag,
      port: 3000,
      runId,
      timeoutMs: 15_000,
      signal: new AbortController().signal,
    });
    try {
      const s = await probe.sample();
      expect(s.total).toBeGreaterThanOrEqual(1000);
      expect(s.ready).toBeGreaterThan(s.create);
    } finally {
      await probe.remove();
    }
    expect(await engine.listContainers([`imagediet.run=${runId}`])).toEqual([]);
  });
});
