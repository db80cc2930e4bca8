import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageLabels } from '../../src/engine/labels.js';
import { freePort, type LocalRegistry, startLocalRegistry } from '../../src/registry/local-registry.js';
import { MANIFEST_ACCEPT } from '../../src/registry/manifest.js';
import { type PullTiming, preparePullTiming } from '../../src/registry/pull-timing.js';
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

  it('serves each layer as the blob its manifest names: the bytes hash to the digest, sized as the manifest says', async () => {
    const res = await fetch(`http://${registry.host}/v2/${repo}/manifests/${timing.tag}`, {
      headers: { Accept: MANIFEST_ACCEPT },
    });
    const manifest = (await res.json()) as { layers: { digest: string; size: number }[] };
    for (const layer of manifest.layers) {
      const blob = Buffer.from(
        await (await fetch(`http://${registry.host}/v2/${repo}/blobs/${layer.digest}`)).arrayBuffer(),
      );
      expect(`sha256:${createHash('sha256').update(blob).digest('hex')}`).toBe(layer.digest);
      expect(blob.length).toBe(layer.size);
    }
    // Incompressible content: the compressed layer is no smaller than the file.
    expect(timing.image_size_compressed).toBeGreaterThan(LAYER_BYTES);
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
