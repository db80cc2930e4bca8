import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageLabels } from '../../src/engine/labels.js';
import { enginePullCold } from '../../src/registry/engine-pull-cold.js';
import { freePort, type LocalRegistry, startLocalRegistry } from '../../src/registry/local-registry.js';
import { MANIFEST_ACCEPT } from '../../src/registry/manifest.js';
import { type PullTiming, preparePullTiming } from '../../src/registry/pull-timing.js';
import { coldPull } from '../../src/registry/registry-client.js';
import { engine } from '../support/engine-available.js';

const runId = `regtest${Date.now().toString(36)}`;
const image = `imagediet-test/registry-tiny:${runId}`;
const repo = 'imagediet-test/registry-tiny';
const LAYER_BYTES = 4 * 1024 * 1024;

describe('local registry and pull timing on the real engine', () => {
  let since: number;
  let dataDir: string;
  let registry: LocalRegistry;
  let timing: PullTiming;

  beforeAll(async () => {
    since = Date.now();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'imagediet-regtest-'));
    await engine.build({
      files: [
        { name: 'Dockerfile', content: Buffer.from('FROM scratch\nCOPY f /f\n') },
        // Unique, incompressible content, so no other image shares the layer and a throttled pull must take the
        // time its bytes need at the link's speed.
        { name: 'f', content: randomBytes(LAYER_BYTES) },
      ],
      dockerfile: 'Dockerfile',
      tag: image,
      labels: imageLabels(runId, 'temp', image),
      builder: 'buildkit',
      timeoutMs: 120_000,
    });
    registry = await startLocalRegistry({ dataDir });
    timing = await preparePullTiming(engine, registry, image, repo);
  });

  afterAll(async () => {
    // Each step runs even when an earlier one fails; the first failure is reported.
    const steps = [
      () => timing?.dispose(),
      () => engine.removeImage(image),
      () => (timing ? engine.removeImage(timing.ref) : undefined),
      () => engine.pruneBuildCacheSince(since),
      () => registry?.stop(),
    ];
    const errors: unknown[] = [];
    for (const step of steps) await Promise.resolve(step()).catch((e: unknown) => errors.push(e));
    if (registry) expect(await readdir(dataDir)).toEqual([]);
    await rm(dataDir, { recursive: true, force: true });
    if (errors.length > 0) throw errors[0];
  });

  it('serves /v2/ on 127.0.0.1 at a free port', async () => {
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((await fetch(`http://${registry.host}/v2/`)).status).toBe(200);
  });

  it('reports image_size_compressed equal to the layer sizes in the registry manifest, and keeps no local tag', async () => {
    const res = await fetch(`http://${registry.host}/v2/${repo}/manifests/${timing.tag}`, {
      headers: { Accept: MANIFEST_ACCEPT },
    });
    expect(res.headers.get('docker-content-digest')).toBe(timing.digest);
    const manifest = (await res.json()) as { layers: { size: number }[] };
    expect(manifest.layers).toHaveLength(1);
    expect(timing.image_size_compressed).toBe(manifest.layers.reduce((s, l) => s + l.size, 0));
    expect(timing.image_size_compressed).toBeGreaterThan(0);
    expect(await engine.inspectImage(timing.ref)).toBeNull();
    console.log(`push ${timing.pushMs.toFixed(0)} ms, ${timing.image_size_compressed} bytes compressed`);
  });

  it('pulls cold with every layer digest computed from the bytes and matching the registry', async () => {
    const res = await fetch(`http://${registry.host}/v2/${repo}/manifests/${timing.tag}`, {
      headers: { Accept: MANIFEST_ACCEPT },
    });
    const manifest = (await res.json()) as { layers: { digest: string }[] };
    const r = await coldPull(registry.host, repo, timing.tag);
    expect(r.layers.map((l) => l.digest)).toEqual(manifest.layers.map((l) => l.digest));
    expect(r.compressedBytes).toBe(timing.image_size_compressed);
    expect(r.unpackedBytes).toBeGreaterThan(0);
    // Independently: the registry's blob hashes to its digest.
    const digest = manifest.layers[0]?.digest ?? '';
    const blob = Buffer.from(await (await fetch(`http://${registry.host}/v2/${repo}/blobs/${digest}`)).arrayBuffer());
    expect(`sha256:${createHash('sha256').update(blob).digest('hex')}`).toBe(digest);
    const samples = [await timing.pullCold(), await timing.pullCold(), await timing.pullCold()];
    console.log(`cold pull ms: ${samples.map((s) => s.toFixed(1)).join(', ')}`);
    for (const s of samples) expect(s).toBeGreaterThan(0);
  });

  it('pulls through the throttle proxy no faster than the link allows, at 100 Mbit/s and 1 Gbit/s', async () => {
    const ms: Record<string, number> = {};
    for (const bps of [100e6, 1e9]) {
      expect(timing.linkMethod(bps)).toBe('throttled');
      ms[bps] = await timing.pullAt(bps);
      console.log(`pull at ${bps / 1e6} Mbit/s: ${ms[bps]?.toFixed(1)} ms`);
      // The compressed layer is as big as the random file: it cannot cross the link faster than bytes × 8 / bps.
      expect(ms[bps]).toBeGreaterThanOrEqual(((timing.image_size_compressed * 8) / bps) * 1000 * 0.95);
    }
    expect(timing.image_size_compressed).toBeGreaterThan(LAYER_BYTES);
    expect(ms[100e6]).toBeGreaterThan(ms[1e9] ?? Number.POSITIVE_INFINITY);
  });

  it('pulls cold through the daemon once the build cache is pruned, and gives the image back', async () => {
    const before = await engine.inspectImage(image);
    const r = await enginePullCold(engine, image, timing.ref, { buildCacheSince: since });
    console.log(`engine cold pull: ${JSON.stringify(r)}`);
    expect(r).toMatchObject({ layers: 1 });
    const after = await engine.inspectImage(image);
    expect(after?.id).toBe(before?.id);
    expect(after?.tags).toEqual([image]);
  });

  it('skips a daemon cold pull when another image shares a layer', async () => {
    const other = `${image}-twin`;
    try {
      // A second image built on this one holds the same layer.
      await engine.build({
        files: [{ name: 'Dockerfile', content: Buffer.from(`FROM ${image}\nLABEL twin=1\n`) }],
        dockerfile: 'Dockerfile',
        tag: other,
        labels: imageLabels(runId, 'temp', other),
        builder: 'buildkit',
        timeoutMs: 120_000,
      });
      const r = await enginePullCold(engine, image, timing.ref);
      expect(r).toEqual({ skipped: `layers shared with ${other}` });
      expect((await engine.inspectImage(image))?.tags).toEqual([image]);
    } finally {
      await engine.removeImage(other);
    }
  });

  it('rejects a push to a registry that does not answer, and leaves no tag behind', async () => {
    const dead = `127.0.0.1:${await freePort()}/${repo}:dead`;
    await expect(engine.pushImage(image, dead)).rejects.toThrow(/push .*connection refused/);
    expect(await engine.inspectImage(dead)).toBeNull();
  });

  it('rejects a daemon pull of an unknown tag', async () => {
    // 20.10 passes on the registry's "manifest unknown"; newer engines say the reference resolves to "not found".
    await expect(engine.pullImage(`${registry.host}/${repo}:missing`)).rejects.toThrow(
      /pull .*(manifest unknown|: not found)/,
    );
  });
});
