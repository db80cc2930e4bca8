import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contextFiles, DOCKERFILE_NAME } from '../../src/build/build-context.js';
import { junkBytes } from '../../src/build/junk.js';
import type { BuildRequest, Engine } from '../../src/engine/engine.js';
import { buildImageTag, buildRendered } from '../../src/measure/build-steps.js';
import { warmBuild } from '../../src/measure/build-timing.js';
import { APP_DIR, CLAIMS_FILE, VARIANTS_DIR } from '../../src/paths.js';
import { localProfile } from '../../src/profiles/local.js';
import { loadCatalog } from '../../src/variants/catalog.js';
import { loadClaims } from '../../src/variants/published-claims.js';
import { renderVariant } from '../../src/variants/render-variant.js';
import { FakeEngine } from '../support/fake-engine.js';

/** A folder like app-go with the usual hazards: secrets, VCS data and stale build output. */
function messyApp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'imagediet-ctx-'));
  writeFileSync(path.join(dir, '.dockerignore'), 'bin/\n.env\n*.pem\n.git\n');
  writeFileSync(path.join(dir, 'main.go'), 'package main\n');
  writeFileSync(path.join(dir, '.env'), 'TOKEN=secret\n');
  writeFileSync(path.join(dir, 'server.pem'), 'key\n');
  mkdirSync(path.join(dir, '.git'));
  writeFileSync(path.join(dir, '.git', 'config'), '[core]\n');
  mkdirSync(path.join(dir, 'bin'));
  writeFileSync(path.join(dir, 'bin', 'api'), 'old binary\n');
  return dir;
}

const names = (files: { name: string }[]) => files.map((f) => f.name).sort();

describe('variant build contexts', () => {
  it('makes the same junk on every call and every machine', () => {
    expect(createHash('sha256').update(junkBytes(1001)).digest('hex')).toBe(
      'dcfa4fad452e1b888569c51f79bd95a61e329a57cc75322b6dbfc663c06e8165',
    );
    expect(junkBytes(1001)).toBe(junkBytes(1001));
  });

  it('passes the junk through the .dockerignore like a real file at its path', () => {
    const dir = messyApp();
    expect(names(contextFiles(dir, { junkBytes: 10, junkPath: 'bin/junk.bin' }))).toEqual(['.dockerignore', 'main.go']);
    const withJunk = contextFiles(dir, { junkBytes: 10, junkPath: 'testdata/big.bin' });
    expect(names(withJunk)).toEqual(['.dockerignore', 'main.go', 'testdata/big.bin']);
  });

  it('without a .dockerignore sends stale output and junk, but never secrets or .git', () => {
    const files = contextFiles(messyApp(), { junkBytes: 1000, junkPath: 'bin/junk.bin', dockerignore: false });
    expect(names(files)).toEqual(['bin/api', 'bin/junk.bin', 'main.go']);
    expect(files.find((f) => f.name === 'bin/junk.bin')?.content.length).toBe(1000);
  });

  it('leaves the default context as it was: the app minus its .dockerignore, no junk', () => {
    expect(names(contextFiles(messyApp()))).toEqual(['.dockerignore', 'main.go']);
  });
});

describe('building a multi-step variant', () => {
  let engine: FakeEngine | undefined;
  afterEach(async () => engine?.close());

  const catalog = loadCatalog(VARIANTS_DIR, loadClaims(CLAIMS_FILE));
  const variant = catalog.variants.find((v) => v.id === 'builder-pattern');
  const rv = variant && renderVariant(variant, localProfile.make('1.23'), {});
  if (!rv || 'problems' in rv) throw new Error('builder-pattern does not render');

  it('names the build image after the final tag', () => {
    expect(buildImageTag('imagediet/builder-pattern:local')).toBe('imagediet/builder-pattern-build:local');
    expect(buildImageTag('imagediet-tmp/x:run-1-cold')).toBe('imagediet-tmp/x-build:run-1-cold');
    expect(buildImageTag('localhost:5000/x')).toBe('localhost:5000/x-build');
  });

  it('builds the build image, copies the binary out of a never-started container, then builds the runtime', async () => {
    const fake = new FakeEngine();
    engine = fake;
    const requests: BuildRequest[] = [];
    const build = fake.build.bind(engine);
    fake.build = (req) => {
      requests.push(req);
      return build(req);
    };
    const started: string[] = [];
    (fake as Engine).startContainer = async (id: string) => void started.push(id);
    const result = await buildRendered(fake, rv, {
      appDir: APP_DIR,
      runId: 'r1',
      builder: 'buildkit',
      tag: 'imagediet/builder-pattern:local',
      labels: { 'imagediet.kind': 'final' },
      timeoutMs: 60_000,
      signal: new AbortController().signal,
    });
    expect(fake.builds).toEqual(['imagediet/builder-pattern-build:local', 'imagediet/builder-pattern:local']);
    const [first, last] = requests;
    expect(first?.labels).toMatchObject({
      'imagediet.kind': 'temp',
      'imagediet.ref': 'imagediet/builder-pattern-build:local',
      'imagediet.variant': 'builder-pattern',
    });
    expect(first?.files.some((f) => f.name === 'main.go')).toBe(true);
    // The runtime context holds the copied binary and the Dockerfile, nothing of the app.
    expect(last?.files.map((f) => [f.name, f.mode])).toEqual([
      ['api', 0o755],
      [DOCKERFILE_NAME, undefined],
    ]);
    expect(last?.files[0]?.content.toString()).toBe('binary go1.23.5 ');
    expect(started).toEqual([]);
    expect(fake.containers.size).toBe(0);
    expect(result.buildImage).toEqual({
      tag: 'imagediet/builder-pattern-build:local',
      imageId: `sha256:${'1'.padStart(64, '0')}`,
      size: 1000,
    });
    expect(result.contextBytes).toBe(2048);
    expect(result.totalSteps).toBe(2);
  });

  it("leaves the engine's build-cache snapshots out of its time, as a single build's time leaves them out", async () => {
    const fake = new FakeEngine();
    engine = fake;
    const build = fake.build.bind(engine);
    // A clock of its own: each build call takes 100 ms of it, 30 of them on snapshots; no real time is read.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    fake.build = async (req) => {
      const result = await build(req);
      clock += 100;
      return { ...result, snapshotMs: 30 };
    };
    const result = await buildRendered(fake, rv, {
      appDir: APP_DIR,
      runId: 'r1',
      builder: 'buildkit',
      tag: 'imagediet/builder-pattern:local',
      labels: { 'imagediet.kind': 'final' },
      timeoutMs: 60_000,
      signal: new AbortController().signal,
    });
    now.mockRestore();
    expect(result.snapshotMs).toBe(60);
    // Two calls of 100 ms, less their 2 × 30 ms of snapshots.
    expect(result.ms).toBe(140);
  });
});

describe("a warm build after the engine's content-lock race", () => {
  const catalog = loadCatalog(VARIANTS_DIR, loadClaims(CLAIMS_FILE));
  const variant = catalog.variants.find((v) => v.id === 'scratch');
  const rv = variant && renderVariant(variant, localProfile.make('1.23'), {});
  if (!rv || 'problems' in rv) throw new Error('scratch does not render');
  const race = 'build x: failed to open writer: ref moby/1/abc locked for 3ms (since now): unavailable';

  it('is built again with a new edit, so the retry is a true warm build, and the note says so', async () => {
    const fake = new FakeEngine();
    const edits: string[] = [];
    const build = fake.build.bind(fake);
    fake.build = async (req) => {
      const main = req.files.find((f) => f.name === 'main.go')?.content.toString() ?? '';
      edits.push(/imagediet warm build (\S+)/.exec(main)?.[1] ?? '');
      if (edits.length === 1) throw new Error(race);
      return build(req);
    };
    const notes: string[] = [];
    const opts = {
      appDir: APP_DIR,
      runId: 'r1',
      builder: 'buildkit' as const,
      tag: 'imagediet-tmp/scratch:warm',
      timeoutMs: 60_000,
      signal: new AbortController().signal,
      note: (line: string) => notes.push(line),
    };
    try {
      await warmBuild(fake, rv, opts, 'n7');
      expect(edits).toEqual(['n7', 'n7.2']);
      expect(notes).toEqual([expect.stringContaining('content-lock race')]);
    } finally {
      await fake.close();
    }
  });
});
