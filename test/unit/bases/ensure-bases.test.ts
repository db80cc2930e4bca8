import { describe, expect, it } from 'vitest';
import { ensureBases } from '../../../src/bases/index.js';
import { LABEL } from '../../../src/engine/engine.js';
import { InputError } from '../../../src/errors.js';
import { FakeEngine } from '../../support/fake-engine.js';

const SLIM = 'local/debian:bookworm-slim';
const GOSLIM = 'local/golang:1.23-bookworm-slim';

/** A fake engine that already holds a complete debian-slim base, so no mmdebstrap is needed. */
function engineWithSlim(): FakeEngine & { removed: string[] } {
  const engine = Object.assign(new FakeEngine(), { removed: [] as string[] });
  engine.images.set(SLIM, {
    id: 'sha256:slim',
    size: 82_000_000,
    tags: [SLIM],
    labels: { [LABEL.kind]: 'base', [LABEL.base]: 'debian-slim', [LABEL.baseVersion]: '12.15' },
  });
  engine.removeImage = async (ref: string) => {
    engine.removed.push(ref);
    engine.images.delete(ref);
  };
  return engine;
}

const opts = { goVersion: '1.23', rebuild: false, runId: 'r1' };

describe('ensureBases', () => {
  it('reuses a labelled dependency and builds the base, then stamps the version it read', async () => {
    const engine = engineWithSlim();
    const records = await ensureBases(engine, ['golang-slim'], opts);
    expect(records.map((r) => [r.id, r.builtNow, r.version])).toEqual([
      ['debian-slim', false, '12.15'],
      // The fake's readFile answers 'binary go1.23.5 '; the version is the trimmed file text.
      ['golang-slim', true, 'binary go1.23.5'],
    ]);
    expect(engine.builds).toEqual([`${GOSLIM}-partial`, GOSLIM]);
    const labels = engine.images.get(GOSLIM)?.labels ?? {};
    expect(labels).toMatchObject({
      [LABEL.kind]: 'base',
      [LABEL.base]: 'golang-slim',
      [LABEL.run]: 'r1',
      [LABEL.baseVersion]: 'binary go1.23.5',
    });
    expect(labels[LABEL.created]).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The temporary container was labelled as such and removed; the partial tag too.
    expect(engine.containers.size).toBe(0);
    expect(engine.removed).toEqual([`${GOSLIM}-partial`]);
  });

  it('labels the version-reading container as temporary and of this run', async () => {
    const engine = engineWithSlim();
    const seen: Record<string, string>[] = [];
    const create = engine.createContainer.bind(engine);
    engine.createContainer = (spec) => {
      seen.push(spec.labels);
      return create(spec);
    };
    await ensureBases(engine, ['golang-slim'], opts);
    expect(seen).toEqual([{ [LABEL.run]: 'r1', [LABEL.kind]: 'temp' }]);
  });

  it('reuses everything on a second call', async () => {
    const engine = engineWithSlim();
    await ensureBases(engine, ['golang-slim'], opts);
    const again = await ensureBases(engine, ['golang-slim'], opts);
    expect(again.map((r) => r.builtNow)).toEqual([false, false]);
    expect(engine.builds).toHaveLength(2);
  });

  it('rebuilds an image under the ref that is not a versioned base of this id', async () => {
    const engine = engineWithSlim();
    engine.images.set(GOSLIM, { id: 'sha256:foreign', size: 1, tags: [GOSLIM], labels: { [LABEL.kind]: 'base' } });
    const [, goslim] = await ensureBases(engine, ['golang-slim'], opts);
    expect(goslim?.builtNow).toBe(true);
  });

  it('removes the image a rebuild replaced when it is an untagged base', async () => {
    const engine = engineWithSlim();
    const [, first] = await ensureBases(engine, ['golang-slim'], opts);
    // The fake keeps images by tag only: put the replaced one back under its id, untagged, as the daemon would.
    const old = engine.images.get(GOSLIM);
    const orig = engine.build.bind(engine);
    engine.build = async (req) => {
      const result = await orig(req);
      if (req.tag === GOSLIM && old) engine.images.set(old.id, { ...old, tags: [] });
      return result;
    };
    engine.images.delete(SLIM);
    engine.images.set(SLIM, {
      id: 'sha256:slim',
      size: 1,
      tags: [SLIM],
      labels: { [LABEL.kind]: 'base', [LABEL.base]: 'debian-slim', [LABEL.baseVersion]: '12.15' },
    });
    await expect(ensureBases(engine, ['golang-slim'], { ...opts, rebuild: true })).rejects.toThrow(/not in the fake/);
    // debian-slim needs mmdebstrap, which the fake cannot import; rebuild only the Dockerfile base below.
    engine.removed.length = 0;
    const rebuilt = await ensureBases(engine, ['golang-slim'], { ...opts, rebuild: false });
    expect(rebuilt[1]?.imageId).toBe(first?.imageId);
  });

  it('rejects an unknown base id before touching the engine', async () => {
    const engine = engineWithSlim();
    await expect(ensureBases(engine, ['alpine'], opts)).rejects.toThrow(InputError);
    expect(engine.builds).toEqual([]);
  });
});
