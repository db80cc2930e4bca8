import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeName } from '../../src/node/node-engine.js';
import { checkRun } from '../../src/run/check-input.js';
import { silentProgress } from '../../src/run/progress.js';
import { type RunOutcome, run } from '../../src/run/run.js';
import type { Measurement } from '../../src/types.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';
import { runProblems } from '../support/run-problems.js';

/** What the user's engine holds: every image id with its tags, and the build-cache record ids. */
async function userEngineState() {
  const images = (await engine.listImages([])).map((i) => `${i.id} ${[...i.tags].sort().join(',')}`).sort();
  return images;
}

describe('pulls and deploys on a node engine the harness starts and owns', () => {
  let outcome: RunOutcome;
  let before: string[];
  let after: string[];
  const kept = 'imagediet/scratch:local';

  beforeAll(async () => {
    // The final image is built (and kept) by the run; everything else on the engine must stay as it was.
    before = (await userEngineState()).filter((i) => !i.includes(kept));
    outcome = await run(
      await checkRun(
        await testRunOptions({
          variants: ['scratch'],
          metrics: ['pull', 'deploy'],
          runs: { build: 1, pull: 2, startup: 1 },
        }),
      ),
      { engine, progress: silentProgress, signal: new AbortController().signal },
    );
    after = (await userEngineState()).filter((i) => !i.includes(kept));
  });

  const row = (metric: string) => outcome.result.measurements.find((m) => m.metric === metric) as Measurement;

  it('pulls cold on the node at loopback speed, as the pull part of each loopback deploy', () => {
    expect(row('pull_engine_cold')).toMatchObject({ status: 'ok', samples: 2 });
    expect(row('pull_engine_cold').note).toBe(
      'the pull part of each deploy_loopback sample: a cold pull over loopback inside the node namespace, no limit',
    );
    expect(row('deploy_loopback')).toMatchObject({ status: 'ok', samples: 2 });
  });

  it('pulls through the limited links no faster than physics allows', () => {
    const bytes = row('image_size_compressed').value ?? 0;
    expect(bytes).toBeGreaterThan(1_000_000);
    for (const [metric, bps] of [
      ['pull_engine_100mbit', 100e6],
      ['pull_engine_1gbit', 1e9],
    ] as const) {
      const m = row(metric);
      expect(m, metric).toMatchObject({ status: 'ok', samples: 2 });
      expect(m.min, metric).toBeGreaterThanOrEqual(0.95 * ((bytes * 8) / bps) * 1000);
    }
    // A link ten times slower shows: the 100 Mbit/s pull takes longer than the 1 Gbit/s one.
    expect(row('pull_engine_100mbit').value).toBeGreaterThan(row('pull_engine_1gbit').value ?? 0);
  });

  it('deploys to the first 200 with a breakdown that adds up, sample by sample', () => {
    const pulls = { loopback: 'pull_engine_cold', '100mbit': 'pull_engine_100mbit', '1gbit': 'pull_engine_1gbit' };
    for (const [link, pull] of Object.entries(pulls)) {
      expect(row(`deploy_${link}`)).toMatchObject({ status: 'ok', samples: 2 });
      const key = (m: string) => Object.keys(outcome.result.samples).find((k) => k.endsWith(`|${m}`)) ?? '';
      const total = outcome.result.samples[key(`deploy_${link}`)] ?? [];
      const parts = [pull, `deploy_${link}_create`, `deploy_${link}_start`, `deploy_${link}_ready`].map(
        (m) => outcome.result.samples[key(m)],
      );
      total.forEach((t, i) => {
        expect(parts.reduce((s, p) => s + (p?.[i] ?? 0), 0)).toBeCloseTo(t, 6);
      });
    }
  });

  it("leaves the user's engine as it found it, and stops its node engine", () => {
    expect(after).toEqual(before);
    const netns = `/run/netns/imagediet-${nodeName(outcome.result.runId)}`;
    expect(existsSync(netns)).toBe(false);
    expect(outcome.exitCode, runProblems(outcome)).toBe(0);
  });
});
