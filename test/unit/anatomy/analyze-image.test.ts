import { describe, expect, it } from 'vitest';
import { analyzeImage } from '../../../src/anatomy/analyze-image.js';
import type { HistoryEntry, ImageInfo } from '../../../src/engine/engine.js';
import type { ImageStore } from '../../../src/engine/image-store.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { dir, file, LAYER_MEDIA_TYPES, type Layout, savedImage, symlink, whiteout } from './saved-image.js';

const step = (createdBy: string, size: number): HistoryEntry => ({ createdBy, size, comment: '' });

/** The fake with per-image layers, user and history, which the plain fake does not model. */
class AnatomyFake extends FakeEngine {
  infos = new Map<string, Partial<ImageInfo>>();
  histories = new Map<string, HistoryEntry[]>();
  store: ImageStore = { kind: 'graph-driver', driver: 'overlay2', label: 'overlay2 graph driver' };

  override async imageStore() {
    return this.store;
  }
  override async inspectImage(ref: string): Promise<ImageInfo | null> {
    const i = this.infos.get(ref);
    if (!i) return null;
    return { id: ref, size: 0, layers: [], tags: [ref], labels: {}, user: '', created: '', env: [], ...i };
  }
  // Optional only because the plain fake's imageHistory() takes no argument.
  override async imageHistory(ref?: string): Promise<HistoryEntry[]> {
    return this.histories.get(ref ?? '') ?? [];
  }
}

async function fixture(layout: Layout = 'legacy') {
  const engine = new AnatomyFake();
  engine.infos.set('base:1', { size: 1000, layers: ['sha256:b1'] });
  engine.histories.set('base:1', [step('/bin/sh -c #(nop)  CMD ["sh"]', 0), step('', 1000)]);
  engine.infos.set('app:1', { size: 1000 + 4096, layers: ['sha256:b1', 'sha256:u1', 'sha256:u2'], user: '65534' });
  engine.histories.set('app:1', [
    step('RUN /bin/sh -c rm /big # buildkit', 0),
    step('RUN /bin/sh -c head -c 4096 /dev/urandom > /big # buildkit', 4096),
    ...(engine.histories.get('base:1') ?? []),
  ]);
  const baseLayer = [dir('/bin'), file('/bin/busybox', 1000, 0o755), symlink('/bin/sh', 'busybox')];
  engine.savedImages.set(
    'app:1',
    await savedImage([baseLayer, [file('/big', 4096)], [whiteout('/big')]], {
      layout,
      imported: [0],
      emptySteps: { 0: '/bin/sh -c #(nop)  CMD ["sh"]' },
      createdBy: [
        '',
        'RUN /bin/sh -c head -c 4096 /dev/urandom > /big # buildkit',
        'RUN /bin/sh -c rm /big # buildkit',
      ],
    }),
  );
  return engine;
}

describe('analyzeImage', () => {
  it('puts waste, surface, user and steps together', async () => {
    const engine = await fixture();
    expect(await analyzeImage(engine, 'app:1', { baseRef: 'base:1' })).toEqual({
      contentKey: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      anatomy: {
        totalLayerBytes: 5096,
        wastedBytes: 4096,
        efficiency: 1000 / 5096,
        userWastedBytes: 4096,
        userWastedShare: 4096 / 5096,
        executables: 1,
        shells: ['/bin/busybox', '/bin/sh'],
        packageManagers: [],
        setuidFiles: [],
        user: '65534',
        // Docker 20.10's export names no media types; its layers are plain tar.
        layerMedia: [0, 1, 2].map(() => ({ mediaType: null, compression: 'none' })),
        largestFiles: [{ path: '/bin/busybox', bytes: 1000, layer: 0, instruction: 'Imported from -', fromBase: true }],
      },
      packages: { distro: null, os: [], go: [], notRead: [], vulnerabilities: null },
      layers: [
        {
          instruction: 'Imported from -',
          // An imported layer counts its symlink targets too, as overlay2 sized it: 'busybox' is 7 bytes.
          bytes: 1007,
          bytesFrom: 'docker save, uncompressed tar: regular files + symlink targets (imported layer)',
          fromBase: true,
        },
        { instruction: 'CMD ["sh"]', bytes: 0, bytesFrom: 'no layer: the step changed no files', fromBase: true },
        {
          instruction: 'RUN head -c 4096 /dev/urandom > /big',
          bytes: 4096,
          bytesFrom: 'docker save, uncompressed tar: regular files',
          fromBase: false,
        },
        {
          instruction: 'RUN rm /big',
          bytes: 0,
          bytesFrom: 'docker save, uncompressed tar: regular files',
          fromBase: false,
        },
      ],
    });
  });

  it('gives the same waste, efficiency and step bytes from every export layout, and each layout’s media types', async () => {
    const { layerMedia: _, ...legacy } = (await analyzeImage(await fixture('legacy'), 'app:1', { baseRef: 'base:1' }))
      .anatomy;
    const legacyLayers = (await analyzeImage(await fixture('legacy'), 'app:1', { baseRef: 'base:1' })).layers;
    for (const layout of ['oci', 'gzip', 'zstd'] as const) {
      const got = await analyzeImage(await fixture(layout), 'app:1', { baseRef: 'base:1' });
      const { layerMedia, ...rest } = got.anatomy;
      expect(rest).toEqual(legacy);
      expect(layerMedia).toEqual(
        [0, 1, 2].map(() => ({
          mediaType: LAYER_MEDIA_TYPES[layout],
          compression: layout === 'oci' ? 'none' : layout,
        })),
      );
      expect(got.layers.map((l) => [l.instruction, l.bytes])).toEqual(
        legacyLayers.map((l) => [l.instruction, l.bytes]),
      );
    }
  });

  it('under the containerd store, divides the user’s waste by the size computed from the layers', async () => {
    const engine = await fixture('gzip');
    engine.store = { kind: 'containerd', driver: 'overlayfs', label: 'containerd snapshotter overlayfs' };
    // Inspect reports packed content there: far smaller than the files.
    engine.infos.set('app:1', { ...engine.infos.get('app:1'), size: 1234 });
    const { anatomy, layers } = await analyzeImage(engine, 'app:1', { baseRef: 'base:1' });
    expect(anatomy.userWastedShare).toBe(4096 / (1007 + 4096));
    expect(layers[2]?.bytesFrom).toBe('docker save, gzip-compressed tar: regular files');
  });

  it('counts every layer as the user’s on scratch', async () => {
    const { anatomy, layers } = await analyzeImage(await fixture(), 'app:1', { baseRef: 'scratch' });
    expect(anatomy.userWastedBytes).toBe(4096);
    expect(layers.some((l) => l.fromBase)).toBe(false);
  });

  it('refuses a base whose layers are not under the image', async () => {
    const engine = await fixture();
    engine.infos.set('other:1', { layers: ['sha256:zz'] });
    await expect(analyzeImage(engine, 'app:1', { baseRef: 'other:1' })).rejects.toThrow(
      'analyze app:1: the layers of other:1 are not the bottom layers of the image (is it the base?)',
    );
    await expect(analyzeImage(engine, 'app:1', { baseRef: 'missing:1' })).rejects.toThrow(
      'analyze app:1: base image missing:1 does not exist',
    );
  });

  it('names the image when the export does not match inspect', async () => {
    const engine = await fixture();
    engine.savedImages.set('app:1', await savedImage([[file('/a', 1)]]));
    await expect(analyzeImage(engine, 'app:1', { baseRef: 'scratch' })).rejects.toThrow(
      'analyze app:1: the export holds 1 layers, inspect lists 3',
    );
    // A fresh engine: an image's export is read once per image id and kept.
    const other = await fixture();
    other.savedImages.set('app:1', Buffer.from('not a tar at all'.repeat(64)));
    await expect(analyzeImage(other, 'app:1', { baseRef: 'scratch' })).rejects.toThrow(/^export image app:1: /);
  });
});
