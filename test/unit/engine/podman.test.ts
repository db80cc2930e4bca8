/**
 * Podman behind the Docker API: DockerEngine against a fake daemon that answers `GET /version` as Podman 5.4.2 does
 * (its own version 5.4.2 in Components, the Docker API range it emulates at the top level) and has no BuildKit
 * session; the bases and the run choose the classic builder or say why not. No real Podman runs here.
 */

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sizeNotes } from '../../../src/anatomy/image-bytes.js';
import { importedLayers } from '../../../src/anatomy/read-saved-image.js';
import { ensureBases } from '../../../src/bases/index.js';
import { type BuildRequest, type Engine, LABEL } from '../../../src/engine/engine.js';
import { engineKindFromVersion } from '../../../src/engine/engine-kind.js';
import { imageStoreFromInfo } from '../../../src/engine/image-store.js';
import { InputError } from '../../../src/errors.js';
import { checkRun } from '../../../src/run/check-input.js';
import { silentProgress } from '../../../src/run/progress.js';
import { run } from '../../../src/run/run.js';
import { type FakeDaemon, startFakeDaemon } from '../../support/fake-daemon.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { testRunOptions } from '../../support/run-options.js';

/** `GET /version` as Podman 5.4.2 on Debian trixie answers it, trimmed to the fields anyone reads. */
const PODMAN_VERSION = {
  Platform: { Name: 'linux/amd64/debian-13' },
  Components: [
    { Name: 'Podman Engine', Version: '5.4.2', Details: { APIVersion: '5.4.2', MinAPIVersion: '4.0.0' } },
    { Name: 'Conmon', Version: 'conmon version 2.1.12, commit: unknown' },
    { Name: 'OCI Runtime (crun)', Version: 'crun version 1.21' },
  ],
  Version: '5.4.2',
  ApiVersion: '1.41',
  MinAPIVersion: '1.24',
};

describe('engine kind from GET /version', () => {
  it('tells Podman by its component name and says why BuildKit builds cannot run', () => {
    const kind = engineKindFromVersion(PODMAN_VERSION);
    expect(kind).toMatchObject({ name: 'Podman Engine', version: '5.4.2' });
    expect(kind.noBuildkit).toMatch(/^Podman 5\.4\.2 has no BuildKit/);
  });

  it('takes a Docker daemon (its component is named "Engine") as Docker with BuildKit', () => {
    const docker = { Version: '28.5.2', ApiVersion: '1.51', Components: [{ Name: 'Engine', Version: '28.5.2' }] };
    expect(engineKindFromVersion(docker)).toEqual({ name: 'Docker Engine', version: '28.5.2', noBuildkit: null });
    // 20.10-era answers and odd ones without Components are Docker too.
    expect(engineKindFromVersion({ Version: '20.10.24', Components: null }).name).toBe('Docker Engine');
  });
});

describe('image size on Podman', () => {
  it('names containers-storage as the store, so image_size is computed from the layers, not taken from inspect', () => {
    const store = imageStoreFromInfo('overlay', [['Backing Filesystem', 'extfs']], true);
    expect(store).toEqual({
      kind: 'containers-storage',
      driver: 'overlay',
      label: 'Podman containers-storage overlay',
    });
    // Without the engine's word the same /info reads as a graph driver.
    expect(imageStoreFromInfo('overlay', [['Backing Filesystem', 'extfs']]).kind).toBe('graph-driver');
    expect(sizeNotes(store).engineNote).toMatch(/layer tar streams, headers and padding included/);
  });

  it("counts a layer Podman imported as imported, as Docker's import is", () => {
    const step = (comment: string) => ({
      createdBy: '/bin/sh -c #(nop) ADD file:3c92 in /',
      comment,
      emptyLayer: false,
    });
    expect(importedLayers([step('imported from tarball'), step('Imported from -'), step('')], 3)).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('DockerEngine against a Podman 5.4-like daemon', () => {
  let daemon: FakeDaemon;
  let requests: string[];

  beforeEach(async () => {
    daemon = await startFakeDaemon((p, req, res, json) => {
      // Podman serves the compatible API under any /vX.Y prefix, and unversioned.
      const unversioned = p.replace(/^\/v\d+\.\d+\//, '/');
      if (unversioned === '/version') return json(PODMAN_VERSION);
      if (unversioned === '/info')
        return json({ Driver: 'overlay', DriverStatus: [['Backing Filesystem', 'extfs']], OperatingSystem: 'debian' });
      if (unversioned === '/session') return json({ cause: 'image not known', message: 'not found' }, 404);
      if (unversioned === '/build') {
        // Buildah's classic build stream, as Podman sends it.
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          for (const line of [
            { stream: 'STEP 1/1: FROM local/debian:bookworm\n' },
            { stream: 'COMMIT imagediet/x:1\n' },
            { aux: { ID: 'sha256:e84145cfc4c8ff7da8c884c14357706d2f8f0043a87f6e124d3464108fa765e5' } },
            { stream: 'Successfully built e84145cfc4c8\n' },
          ])
            res.write(`${JSON.stringify(line)}\n`);
          res.end();
        });
        return;
      }
      return json({ message: `unexpected ${p}` }, 404);
    });
    requests = daemon.requests;
  });
  afterEach(() => daemon.close());

  const engine = () => daemon.engine();
  const request = (builder: BuildRequest['builder']): BuildRequest => ({
    files: [{ name: 'Dockerfile', content: Buffer.from('FROM local/debian:bookworm\n') }],
    dockerfile: 'Dockerfile',
    tag: 'imagediet/x:1',
    labels: {},
    builder,
    timeoutMs: 10_000,
  });

  it('pins the Docker API version Podman emulates (1.41), not its own 5.4.2, and records the engine as Podman', async () => {
    const facts = await engine().describe('classic');
    expect(facts).toMatchObject({
      engineName: 'Podman Engine',
      engineVersion: '5.4.2',
      apiVersion: '1.41',
      engineApiVersion: '1.41',
      imageStore: 'Podman containers-storage overlay',
    });
    expect(requests).toEqual(['GET /version', 'GET /v1.41/version', 'GET /v1.41/info']);
  });

  it('refuses a BuildKit build before sending it, naming Podman and the way out', async () => {
    const e = engine();
    await expect(e.build(request('buildkit'))).rejects.toThrow(
      /build imagediet\/x:1: Podman 5\.4\.2 has no BuildKit .*; build with --builder classic/,
    );
    expect(requests.filter((r) => /\/(build|session)\b/.test(r))).toEqual([]);
  });

  it('builds with the classic builder: no version=2, the image id from the aux message', async () => {
    const built = await engine().build(request('classic'));
    expect(built.imageId).toBe('sha256:e84145cfc4c8ff7da8c884c14357706d2f8f0043a87f6e124d3464108fa765e5');
    const build = requests.find((r) => r.startsWith('POST /v1.41/build'));
    expect(build).toBeDefined();
    expect(build).not.toMatch(/version=2/);
  });
});

/** A fake engine that calls itself Podman and keeps each build's builder. */
function podmanFake(bases: Record<string, number> = {}): FakeEngine & { builders: string[] } {
  const fake = Object.assign(new FakeEngine(bases), { builders: [] as string[] });
  const build = fake.build.bind(fake);
  (fake as Engine).kind = async () => engineKindFromVersion(PODMAN_VERSION);
  fake.build = async (req) => {
    fake.builders.push(`${req.tag} ${req.builder}`);
    return build(req);
  };
  return fake;
}

describe('the harness on Podman', () => {
  let fake: FakeEngine | undefined;
  afterEach(async () => fake?.close());

  it('builds Dockerfile bases with the classic builder and says why', async () => {
    const engine = podmanFake();
    fake = engine;
    const slim = 'local/debian:bookworm-slim';
    engine.images.set(slim, {
      id: 'sha256:slim',
      size: 82_000_000,
      tags: [slim],
      labels: { [LABEL.kind]: 'base', [LABEL.base]: 'debian-slim', [LABEL.baseVersion]: '12.15' },
    });
    const steps: string[] = [];
    await ensureBases(engine, ['golang-slim'], {
      goVersion: '1.23',
      rebuild: false,
      runId: 'r1',
      onStep: (m) => steps.push(m),
    });
    expect(engine.builders).toEqual([
      'local/golang:1.23-bookworm-slim-partial classic',
      'local/golang:1.23-bookworm-slim classic',
    ]);
    expect(steps).toContain(
      'local/golang:1.23-bookworm-slim: classic builder (Podman 5.4.2 has no BuildKit ' +
        '(it builds with Buildah; POST /session answers 404))',
    );
  });

  it('stops a --builder buildkit run before any build, naming Podman and --builder classic', async () => {
    const engine = podmanFake({ 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 });
    fake = engine;
    const opts = await testRunOptions({
      profile: 'hub',
      variantsDir: path.resolve(import.meta.dirname, '../../fixtures/variants'),
    });
    const outcome = run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    await expect(outcome).rejects.toThrow(InputError);
    await expect(outcome).rejects.toThrow(/--builder buildkit: Podman 5\.4\.2 has no BuildKit.*--builder classic/);
    expect(engine.builders).toEqual([]);
  });
});
