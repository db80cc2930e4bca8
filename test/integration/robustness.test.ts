import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import {
  CONTAINER_LABEL,
  containerLabels,
  imageLabels,
  OWNER_LABEL,
  ownsImage,
  REF_LABEL,
} from '../../src/engine/labels.js';
import { isEngineGone } from '../../src/errors.js';
import { ROOT } from '../../src/paths.js';
import { checkRun } from '../../src/run/check-input.js';
import { cleanAll } from '../../src/run/cleanup.js';
import { type Progress, silentProgress } from '../../src/run/progress.js';
import { run } from '../../src/run/run.js';
import { newRunId } from '../../src/run/run-id.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';
import { runProblems } from '../support/run-problems.js';
import { buildUserImage, docker, engineSocketPath } from '../support/user-image.js';

const failing = path.join(ROOT, 'test/fixtures/failing');

/**
 * Resources of the harness still present beyond the kept ones: its containers, its temporary images, and tags it
 * built that are not a kept final or base. Images and containers made from the harness's images inherit its labels,
 * so ownership is judged as the harness judges it (src/run/labels.ts).
 */
async function leftovers(): Promise<string[]> {
  const found: string[] = [];
  for (const c of await docker.listContainers({ all: true, filters: JSON.stringify({ label: [CONTAINER_LABEL] }) })) {
    found.push(`container ${c.Id.slice(0, 12)} ${c.Image}`);
  }
  for (const i of await docker.listImages({ filters: JSON.stringify({ label: [REF_LABEL] }) })) {
    const image = { tags: i.RepoTags ?? [], labels: i.Labels ?? {} };
    if (!ownsImage(image)) continue;
    const ref = image.labels[REF_LABEL] ?? '';
    if (image.labels['imagediet.kind'] === 'temp') found.push(`temporary image ${ref}`);
    // Kept finals: `imagediet/<variant>:<profile>[-<params>]`, e.g. `imagediet/scratch:local-goVersion-1.22`.
    else if (!/^imagediet\/[a-z0-9-]+:[A-Za-z0-9._-]+$/.test(ref)) found.push(`tag ${ref}`);
  }
  return found;
}

describe('robustness on the real engine', () => {
  // Sentinels: an image and a container of "the user", without the harness's labels, that no run may touch.
  const sentinelTag = `sentinel/user-image:${newRunId().toLowerCase()}`;
  let sentinelImageId = '';
  let sentinelContainerId = '';

  beforeAll(async () => {
    sentinelImageId = await buildUserImage(path.join(ROOT, 'test/fixtures/sentinel'), sentinelTag);
    sentinelContainerId = (await docker.createContainer({ Image: sentinelTag, Cmd: ['true'] })).id;
  });

  afterAll(async () => {
    // The sentinels are the test's own: it removes them, after checking they survived.
    await docker
      .getContainer(sentinelContainerId)
      .remove({ force: true })
      .catch(() => undefined);
    await docker
      .getImage(sentinelTag)
      .remove({ force: true })
      .catch(() => undefined);
  });

  async function expectSentinelsUntouched() {
    expect((await docker.getImage(sentinelTag).inspect()).Id).toBe(sentinelImageId);
    const c = await docker.getContainer(sentinelContainerId).inspect();
    expect(c.Image).toBe(sentinelImageId);
  }

  it('turns each failure into data: the others are measured, reports written, exit 1', async () => {
    const opts = await testRunOptions({
      variantsDir: failing,
      variants: ['ok', 'no-compile', 'run-fails', 'exits-at-once', 'never-answers', 'port-clash'],
      metrics: ['size', 'pull'],
      // Nothing listens on port 9: the registry is unreachable.
      registry: '127.0.0.1:9',
      smokeTimeoutMs: 4_000,
    });
    const outcome = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    expect(outcome.exitCode).toBe(1);
    const byId = Object.fromEntries(outcome.result.variants.map((v) => [v.variant, v]));
    expect(byId.ok?.status).toBe('ok');
    expect(byId['no-compile']?.error).toMatch(/cannot use "not an int"/);
    expect(byId['run-fails']?.error).toMatch(/exit code: 3[\s\S]*about to fail/);
    expect(byId['exits-at-once']?.error).toMatch(/exited with code 4 before answering.*cannot open config/);
    expect(byId['never-answers']?.error).toMatch(/did not answer within 4 s.*warming caches forever/);
    expect(byId['port-clash']?.error).toMatch(/exited with code 1 before answering.*[Aa]ddress (already )?in use/);
    const okRows = outcome.result.measurements.filter((m) => m.variant === 'ok');
    expect(okRows.find((m) => m.metric === 'image_size')?.status).toBe('ok');
    // An unreachable registry is a failure of the pull cells, never a skip: nothing announced it.
    const pull = okRows.find((m) => m.metric === 'image_size_compressed');
    expect(pull?.status).toBe('failed');
    expect(pull?.error).toMatch(/127\.0\.0\.1:9/);
    const csv = readFileSync(path.join(opts.out, 'results.csv'), 'utf8');
    for (const id of Object.keys(byId)) expect(csv).toContain(`,${id},`);
    expect(readFileSync(path.join(opts.out, 'results.md'), 'utf8')).toContain('failed: ');
    expect(await leftovers()).toEqual([]);
    await expectSentinelsUntouched();
  });

  it('stops with one clear error when the engine goes away mid-run, keeps what it measured, and re-runs cleanly', async () => {
    // The engine is reached through a socket proxy that the test closes when the second variant starts.
    const sock = path.join(await mkdtemp(path.join(os.tmpdir(), 'imagediet-sock-')), 'docker.sock');
    const conns = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const up = net.connect(engineSocketPath());
      conns.add(client).add(up);
      client.pipe(up).pipe(client);
      const kill = () => {
        client.destroy();
        up.destroy();
      };
      client.on('error', kill);
      up.on('error', kill);
    });
    await new Promise<void>((r) => proxy.listen(sock, r));
    const progress: Progress = {
      ...silentProgress,
      start(label) {
        if (label.startsWith('exits-at-once')) {
          proxy.close();
          for (const c of conns) c.destroy();
        }
      },
    };
    const opts = await testRunOptions({ variantsDir: failing, variants: ['ok', 'exits-at-once'], metrics: ['size'] });
    const viaProxy = new DockerEngine(new Docker({ socketPath: sock }));
    const err = await run(await checkRun(opts), {
      engine: viaProxy,
      progress,
      signal: new AbortController().signal,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isEngineGone(err)).toBe(true);
    const json = JSON.parse(readFileSync(path.join(opts.out, 'results.json'), 'utf8'));
    expect(json.variants.map((v: { variant: string }) => v.variant)).toEqual(['ok']);
    expect(readFileSync(path.join(opts.out, 'results.csv'), 'utf8')).toContain(',ok,,image_size,');

    const again = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    expect(again.result.variants.map((v) => v.variant)).toEqual(['ok', 'exits-at-once']);
    expect(await leftovers()).toEqual([]);
    await expectSentinelsUntouched();
  });

  /** Start the CLI on never-answers and resolve once its smoke test is polling a running container. */
  async function startHungRun(out: string) {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli.ts',
        '--profile',
        'local',
        '--variants-dir',
        failing,
        '--variants',
        'ok,never-answers',
      ].concat(['--metrics', 'size', '--smoke-timeout', '120', '--out', out]),
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('never-answers: build:')) resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 1500));
    return { child, stderr: () => stderr };
  }

  it('on SIGINT aborts, removes what it created, keeps partial results and exits 130 within 15 s', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'imagediet-int-'));
    const { child, stderr } = await startHungRun(out);
    const t0 = performance.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(stderr()).toContain('SIGINT');
    expect(readFileSync(path.join(out, 'results.csv'), 'utf8')).toContain(',ok,,image_size,');
    expect(await leftovers()).toEqual([]);
    await expectSentinelsUntouched();
  });

  it('on SIGTERM does the same and exits 143', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'imagediet-term-'));
    const { child } = await startHungRun(out);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(143);
    expect(await leftovers()).toEqual([]);
  });

  it('cleans up after a run that was killed outright, on the next run', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'imagediet-kill-'));
    const { child } = await startHungRun(out);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect((await leftovers()).some((l) => l.startsWith('container'))).toBe(true);
    const opts = await testRunOptions({ variantsDir: failing, variants: ['ok'], metrics: ['size'] });
    await run(await checkRun(opts), { engine, progress: silentProgress, signal: new AbortController().signal });
    expect(await leftovers()).toEqual([]);
    await expectSentinelsUntouched();
  });

  it("--clean removes the kept images of finished runs, and leaves a live run's, the sentinels and the bases", async () => {
    // A finished run's kept final image, made here so this test needs nothing another test left behind.
    const done = await run(
      await checkRun(await testRunOptions({ variantsDir: failing, variants: ['ok'], metrics: ['size'] })),
      {
        engine,
        progress: silentProgress,
        signal: new AbortController().signal,
      },
    );
    expect(done.exitCode, runProblems(done)).toBe(0);
    // A concurrent bench's final image: owned by a process of this host that is still running.
    const bench = spawn('sleep', ['600'], { stdio: 'ignore' });
    const liveTag = `imagediet/live-run:local-${newRunId().toLowerCase()}`;
    try {
      const live = { ...imageLabels(newRunId(), 'final', liveTag), [OWNER_LABEL]: `${os.hostname()}:${bench.pid}` };
      await engine.build({
        files: [{ name: 'Dockerfile', content: Buffer.from('FROM local/busybox:bookworm\nLABEL live=1\n') }],
        dockerfile: 'Dockerfile',
        tag: liveTag,
        labels: live,
        builder: 'buildkit',
        timeoutMs: 120_000,
      });
      const finals = async () =>
        (await docker.listImages({ filters: JSON.stringify({ label: ['imagediet.kind=final'] }) }))
          .filter((i) => ownsImage({ tags: i.RepoTags ?? [], labels: i.Labels ?? {} }))
          .flatMap((i) => i.RepoTags ?? []);
      expect(await finals()).toContain('imagediet/ok:local');
      expect(await cleanAll(engine)).toMatch(/left 1 resource\(s\) of runs still in progress/);
      expect(await finals()).toEqual([liveTag]);
      expect(
        (await docker.listImages({ filters: JSON.stringify({ label: ['imagediet.kind=base'] }) })).length,
      ).toBeGreaterThan(0);
      await expectSentinelsUntouched();
    } finally {
      bench.kill();
      await engine.removeImage(liveTag, { force: true }).catch(() => undefined);
    }
  });
});

describe('how the harness runs what it builds', () => {
  it('publishes on 127.0.0.1 only, never privileged, and the optimised image runs as non-root', async () => {
    const runId = newRunId();
    const opts = await testRunOptions({ variants: ['scratch'], metrics: ['size'] });
    await run(await checkRun(opts), { engine, progress: silentProgress, signal: new AbortController().signal });
    const id = await engine.createContainer({
      image: 'imagediet/scratch:local',
      labels: containerLabels(runId),
      port: 3000,
    });
    try {
      const c = await docker.getContainer(id).inspect();
      expect(c.HostConfig.PortBindings?.['3000/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: '' }]);
      expect(c.HostConfig.Privileged).toBe(false);
      expect(c.Config.User).toBe('65534:65534');
    } finally {
      await engine.removeContainer(id);
    }
  });
});
