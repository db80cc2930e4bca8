import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../../src/engine/engine.js';
import { type Built, findSameImages, sharedRows } from '../../../src/run/same-image.js';
import type { BuiltVariant } from '../../../src/run/timed-phase.js';
import type { Measurement } from '../../../src/types.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { file, savedImage } from '../anatomy/saved-image.js';
import { report, row } from '../report/fixture.js';

/** Images of the same size, each with its own layer digest, and the saved archives the fake hands out. */
class Images extends FakeEngine {
  override async inspectImage(ref: string): Promise<ImageInfo | null> {
    const info = await super.inspectImage(ref);
    return info && { ...info, size: 5_062_808, layers: [`sha256:${ref.length}${ref}`] };
  }
}

function built(engine: Images, variant: string): Built {
  const image = `imagediet/${variant}:local`;
  engine.images.set(image, { id: `sha256:${variant}`, size: 1, labels: {}, tags: [image] });
  const record = report(variant, {
    identity: {
      layerDigests: [`sha256:${image.length}${image}`],
      contentKey: null,
      sameImageAs: null,
      sameLayerDigests: null,
      rebuildSameLayerDigests: null,
    },
  });
  const b = { target: { variant, params: '', image, base: 'scratch' }, identity: record.identity } as BuiltVariant;
  return { built: b, record };
}

describe('the same image measured once', () => {
  it('finds images that hold the same files and run the same way, whatever their layer digests', async () => {
    const engine = new Images();
    const api = [[file('/api', 5_062_808, 0o755)]];
    engine.savedImages.set('imagediet/scratch:local', await savedImage(api, { config: { Entrypoint: ['/api'] } }));
    engine.savedImages.set('imagediet/dockerignore:local', await savedImage(api, { config: { Entrypoint: ['/api'] } }));
    // Same size, another user: a different image.
    engine.savedImages.set('imagediet/distroless:local', await savedImage(api, { config: { User: '65532' } }));
    const items = ['scratch', 'dockerignore', 'distroless'].map((v) => built(engine, v));
    const sharedBy = await findSameImages(engine, items, new AbortController().signal);
    expect([...sharedBy].map(([a, b]) => `${a.target.variant} → ${b.target.variant}`)).toEqual([
      'dockerignore → scratch',
    ]);
    expect(items[1]?.record.identity).toMatchObject({ sameImageAs: 'scratch', sameLayerDigests: false });
    expect(items[1]?.record.identity?.contentKey).toBe(items[0]?.record.identity?.contentKey);
    expect(items[2]?.record.identity?.sameImageAs).toBeNull();
    await engine.close();
  });

  it("gives the sharer the measured variant's pull, deploy and start-up rows, saying whose they are", () => {
    const engine = new Images();
    const [scratch, twin] = [built(engine, 'scratch'), built(engine, 'dockerignore')];
    const rows: Measurement[] = [
      { ...row('scratch', 'startup', 133), note: 'precision ±4.1% ≤ 5.0% target (n=9)' },
      row('scratch', 'image_size_compressed', 2_210_012),
      row('scratch', 'build_cold', 21_000),
    ];
    const copies = sharedRows(rows, new Map([[twin?.built as BuiltVariant, scratch?.built as BuiltVariant]]));
    expect(copies.map((m) => [m.variant, m.metric, m.value, m.note])).toEqual([
      [
        'dockerignore',
        'startup',
        133,
        'same image as scratch, file for file: measured once; precision ±4.1% ≤ 5.0% target (n=9)',
      ],
      ['dockerignore', 'image_size_compressed', 2_210_012, 'same image as scratch, file for file: measured once'],
    ]);
    expect(copies[0]?.image).toBe('imagediet/dockerignore:local');
  });
});
