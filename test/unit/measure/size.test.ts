import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../../src/engine/engine.js';
import type { ImageStore } from '../../../src/engine/image-store.js';
import { measureSize } from '../../../src/measure/size.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { dir, file, savedImage, symlink } from '../anatomy/saved-image.js';

const C8D: ImageStore = { kind: 'containerd', driver: 'overlayfs', label: 'containerd snapshotter overlayfs' };

/** A fake whose images have layers, an inspect Size of the store's kind, and a `docker save` export. */
class StoreFake extends FakeEngine {
  infos = new Map<string, Partial<ImageInfo>>();
  exports = 0;
  constructor(readonly store: ImageStore) {
    super();
  }
  override async imageStore() {
    return this.store;
  }
  override async inspectImage(ref: string): Promise<ImageInfo | null> {
    const i = this.infos.get(ref);
    return i
      ? { id: `id-${ref}`, size: 0, layers: [], tags: [ref], labels: {}, user: '', created: '', env: [], ...i }
      : null;
  }
  override async exportImage(ref: string) {
    this.exports += 1;
    return super.exportImage(ref);
  }
}

async function fake(store: ImageStore) {
  const engine = new StoreFake(store);
  // An imported base: its 7-byte symlink counts, as overlay2 counts it when it walks an imported layer.
  const base = [dir('/bin'), file('/bin/busybox', 1000, 0o755), symlink('/bin/sh', 'busybox')];
  const app = [file('/app', 5000, 0o755), symlink('/bin/app', '/app')];
  engine.infos.set('base:1', { size: 400, layers: ['l1'] });
  engine.infos.set('app:1', { size: 2400, layers: ['l1', 'l2'] });
  engine.savedImages.set('base:1', await savedImage([base], { layout: 'gzip', imported: [0] }));
  engine.savedImages.set('app:1', await savedImage([base, app], { layout: 'gzip', imported: [0] }));
  return engine;
}

describe('measureSize', () => {
  it('reads inspect Size on a graph driver, and exports nothing', async () => {
    const engine = await fake({ kind: 'graph-driver', driver: 'overlay2', label: 'overlay2 graph driver' });
    const size = await measureSize(engine, 'app:1', 'base:1', AbortSignal.timeout(5000));
    expect(size.imageSize).toMatchObject({ bytes: 2400, engineReported: 2400 });
    expect(size.imageSize.note).toBe('docker image inspect Size (overlay2 graph driver)');
    expect(size.ownBytes).toBe(2000);
    expect(engine.exports).toBe(0);
  });

  it('under the containerd store, counts the layers as overlay2 would and keeps the engine’s packed figure apart', async () => {
    const engine = await fake(C8D);
    const size = await measureSize(engine, 'app:1', 'base:1', AbortSignal.timeout(5000));
    // Regular files 1000 + 5000, the imported layer's symlink 7; the built layer's symlink counts 0.
    expect(size.imageSize.bytes).toBe(6007);
    expect(size.imageSize.engineReported).toBe(2400);
    expect(size.ownBytes).toBe(5000);
    expect(size.imageSize.engineNote).toMatch(
      /^docker image inspect Size under the containerd snapshotter overlayfs: the packed content/,
    );
    // Once per image: a second measurement reads nothing again.
    await measureSize(engine, 'app:1', 'base:1', AbortSignal.timeout(5000));
    expect(engine.exports).toBe(2);
  });
});
