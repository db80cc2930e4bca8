/**
 * The harness end to end on a real Podman engine (DOCKER_HOST names its socket): detection, the refusal of BuildKit,
 * and a classic-builder run of the core seven variants (size, anatomy, build, start-up), each cell measured or skipped
 * only as the plan announced, with sizes checked against Podman's own `docker save`, no harness code in between. Fails, never skips, when the engine is not Podman: it is only ever run on purpose.
 */
import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { InputError } from '../../src/errors.js';
import { findScanner } from '../../src/measure/vulnerability-scan.js';
import { checkRun } from '../../src/run/check-input.js';
import { silentProgress } from '../../src/run/progress.js';
import { type RunOutcome, run } from '../../src/run/run.js';
import { testRunOptions } from '../support/run-options.js';
import { savedLayerBytes } from '../support/saved-layer-bytes.js';

const engine = new DockerEngine(new Docker());
const docker = new Docker();
const signal = () => new AbortController().signal;

describe('the harness on Podman', () => {
  beforeAll(async () => {
    const kind = await engine.kind(AbortSignal.timeout(30_000));
    if (kind.name !== 'Podman Engine') {
      throw new Error(
        `DOCKER_HOST=${process.env.DOCKER_HOST ?? '(unset)'} is ${kind.name} ${kind.version}, not Podman: ` +
          'run this through `sh scripts/engine.sh run <name> --` on a podman-5 engine',
      );
    }
  });

  it('records Podman, its own version and the Docker API version it emulates', async () => {
    const env = await engine.describe('classic');
    expect(env.engineName).toBe('Podman Engine');
    expect(env.engineVersion).toMatch(/^5\./);
    expect(env.apiVersion).toMatch(/^1\.\d+$/);
    expect(env.imageStore).toMatch(/^Podman containers-storage /);
  });

  it('stops a --builder buildkit run before any build, naming Podman', async () => {
    const opts = await testRunOptions({ variants: ['scratch'], builder: 'buildkit' });
    const outcome = run(await checkRun(opts), { engine, progress: silentProgress, signal: signal() });
    await expect(outcome).rejects.toThrow(InputError);
    await expect(outcome).rejects.toThrow(/Podman 5\.\d+\.\d+ has no BuildKit.*--builder classic/);
  });

  describe('the core seven, --builder classic --metrics size,anatomy,build,startup', () => {
    let outcome: RunOutcome;
    const variants = ['ubuntu', 'golang', 'alpine', 'golang-alpine', 'multistage', 'scratch', 'upx'];

    beforeAll(async () => {
      const opts = await testRunOptions({
        variants,
        builder: 'classic',
        metrics: ['size', 'anatomy', 'build', 'startup'],
      });
      outcome = await run(await checkRun(opts), { engine, progress: silentProgress, signal: signal() });
    });
    const row = (variant: string, metric: string) =>
      outcome.result.measurements.find((m) => m.variant === variant && m.metric === metric);

    it('measures each of the seven, or skips a cell only as the plan announced it, with its reason; exit 0', async () => {
      expect(outcome.result.variants.map((v) => `${v.variant}:${v.status}:${v.error}`)).toEqual(
        variants.map((v) => `${v}:ok:null`),
      );
      const announced = new Map((outcome.result.announced ?? []).map((a) => [a.subject, a.reason]));
      // The classic builder counts no cached steps, and without trivy or grype the anatomy group's vulnerability
      // counts cannot be read: both announced before the first build, and nothing else.
      const scanner = await findScanner();
      expect([...announced.keys()].sort()).toEqual(['build_warm_cache_hits', ...(scanner ? [] : ['vulnerabilities'])]);
      for (const m of outcome.result.measurements) {
        const cell = `${m.variant} ${m.metric}: ${m.status} ${m.error}`;
        if (m.status === 'skipped') expect(m.error, cell).toBe(announced.get(m.metric));
        else expect(m.status, cell).toBe('ok');
      }
      expect(outcome.exitCode).toBe(0);
      for (const v of variants) expect(row(v, 'startup')?.samples).toBeGreaterThanOrEqual(3);
    });

    it("sizes each image as overlay2 would, from Podman's own export, and keeps Podman's figure apart", async () => {
      for (const v of variants) {
        const size = row(v, 'image_size');
        const { regular, symlinks } = await savedLayerBytes(size?.image ?? '');
        expect(size?.value).toBeGreaterThanOrEqual(regular);
        expect(size?.value).toBeLessThanOrEqual(regular + symlinks);
        const inspected = await docker.getImage(size?.image ?? '').inspect();
        expect(row(v, 'engine_reported_size')?.value).toBe(inspected.Size);
      }
    });
  });
});
