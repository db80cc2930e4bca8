import { describe, expect, it } from 'vitest';
import { ensureBases } from '../../../src/bases/index.js';
import { type Engine, LABEL } from '../../../src/engine/engine.js';
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
  // Assigned through the Engine type: the fake declares removeImage without parameters.
  (engine as Engine).removeImage = async (ref: string) => {
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
    expect(seen).toEqual([
      expect.objectContaining({ [LABEL.run]: 'r1', [LABEL.kind]: 'temp', 'imagediet.container': 'r1' }),
    ]);
  });

  it('reuses everything on a second call', async () => {
    const engine = engineWithSlim();
    await ensureBases(engine, ['golang-slim'], opts);
    const again = await ensureBases(engine, ['golang-slim'], opts);
    expect(again.map((r) => r.builtNow)).toEqual([false, false]);
    expect(engine.builds).toHaveLength(2);
  });

  it('replaces an interrupted build (no version label) and removes the old image once untagged', async () => {
    const engine = engineWithSlim();
    const old = { id: 'sha256:old', size: 1, labels: { [LABEL.kind]: 'base', [LABEL.base]: 'golang-slim' } };
    engine.images.set(GOSLIM, { ...old, tags: [GOSLIM] });
    // The fake keys images by tag: this entry is what the daemon reports for the old id after the tag moved.
    engine.images.set(old.id, { ...old, tags: [] });
    const [, goslim] = await ensureBases(engine, ['golang-slim'], opts);
    expect(goslim?.builtNow).toBe(true);
    expect(engine.removed).toEqual([`${GOSLIM}-partial`, old.id]);
  });

  it('leaves a replaced image alone when it is not one of our bases', async () => {
    const engine = engineWithSlim();
    const foreign = { id: 'sha256:foreign', size: 1, labels: {} };
    engine.images.set(GOSLIM, { ...foreign, tags: [GOSLIM] });
    engine.images.set(foreign.id, { ...foreign, tags: [] });
    const [, goslim] = await ensureBases(engine, ['golang-slim'], opts);
    expect(goslim?.builtNow).toBe(true);
    expect(engine.removed).toEqual([`${GOSLIM}-partial`]);
  });

  it('rejects an unknown base id before touching the engine', async () => {
    const engine = engineWithSlim();
    await expect(ensureBases(engine, ['alpine'], opts)).rejects.toThrow(InputError);
    expect(engine.builds).toEqual([]);
  });
});
