import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageLabels } from '../../src/engine/labels.js';
import { startupProbe } from '../../src/measure/startup.js';
import { checkRun } from '../../src/run/check-input.js';
import { silentProgress } from '../../src/run/progress.js';
import { type RunOutcome, run } from '../../src/run/run.js';
import { newRunId } from '../../src/run/run-id.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';

describe('timed metrics on the real engine', () => {
  let outcome: RunOutcome;

  beforeAll(async () => {
    outcome = await run(
      await checkRun(await testRunOptions({ variants: ['scratch'], metrics: ['size', 'build', 'pull', 'startup'] })),
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

  it('pushes to a private registry and pulls cold with n = 3, the pulls being the deploys’ pull parts', () => {
    expect(row('image_size_compressed')?.value).toBeGreaterThan(1_000_000);
    expect(row('image_size_compressed')?.value).toBeLessThan(row('image_size')?.value ?? 0);
    for (const m of ['pull_engine_100mbit', 'pull_engine_1gbit'])
      expect(row(m)).toMatchObject({ status: 'ok', samples: 3 });
    // 100 Mbit/s cannot beat the bytes it has to move.
    const bytes = row('image_size_compressed')?.value ?? 0;
    expect(row('pull_engine_100mbit')?.min).toBeGreaterThanOrEqual(((bytes * 8) / 100e6) * 1000 * 0.95);
    // The node engine is emptied before every sample, so the pull is cold whatever else this engine holds.
    expect(row('pull_engine_cold')).toMatchObject({ status: 'ok', samples: 3 });
  });

  it('measures start-up to the first 200 with its breakdown', () => {
    const total = row('startup');
    expect(total).toMatchObject({ status: 'ok', samples: 3 });
    for (const part of ['startup_create', 'startup_start', 'startup_ready']) expect(row(part)?.status).toBe('ok');
    // The raw samples are kept in the order they were measured, so sample i of each part belongs to sample i of the
    // total; sorting any array on its own (as tinybench does in place) breaks that.
    const raw = (metric: string) => {
      const key = Object.keys(outcome.result.samples).find((k) => k.includes('scratch') && k.endsWith(`|${metric}`));
      return outcome.result.samples[key ?? ''] ?? [];
    };
    const totals = raw('startup');
    expect(totals).toHaveLength(3);
    const [create, start, ready] = [raw('startup_create'), raw('startup_start'), raw('startup_ready')];
    totals.forEach((t, i) => {
      expect((create[i] ?? 0) + (start[i] ?? 0) + (ready[i] ?? 0)).toBeCloseTo(t, 6);
    });
  });

  it('leaves no labelled container or temporary image', async () => {
    const label = `imagediet.run=${outcome.result.runId}`;
    expect(await engine.listContainers([label])).toEqual([]);
    expect(await engine.listImages([label, 'imagediet.kind=temp'])).toEqual([]);
  });
});

describe('start-up readiness', () => {
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
