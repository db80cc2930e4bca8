import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diveEfficiency } from '../../../src/anatomy/dive-efficiency.js';
import { layerBytes, overlay2ImageBytes } from '../../../src/anatomy/layer-size.js';
import { sniff } from '../../../src/anatomy/layer-stream.js';
import { readSavedImage } from '../../../src/anatomy/read-saved-image.js';
import {
  archive,
  dir,
  file,
  hardlink,
  LAYER_MEDIA_TYPES,
  type Layout,
  layerTar,
  type Member,
  opaque,
  savedImage,
  symlink,
  whiteout,
  zstdStored,
} from './saved-image.js';

const read = async (buf: Buffer) => (await readSavedImage(Readable.from([buf]))).layers;
const LAYOUTS: Layout[] = ['legacy', 'oci', 'gzip', 'zstd'];

describe('readSavedImage', () => {
  it('orders layers as manifest.json lists them, wherever it sits in the stream', async () => {
    const layers = [[file('/a', 1)], [file('/b', 2)], [file('/c', 3)]];
    for (const manifestFirst of [false, true]) {
      const got = await read(await savedImage(layers, { manifestFirst }));
      expect(got.map((l) => l.entries.map((e) => e.path))).toEqual([['/a'], ['/b'], ['/c']]);
    }
  });

  it('records size, mode, kind, link, owner and content digest of each entry, with normalised absolute paths', async () => {
    const [bottom, top] = await read(
      await savedImage([
        [dir('/usr/bin/'), file('/usr/bin/dash', 125_560, 0o755), symlink('/usr/bin/sh', 'dash')],
        // Hard links name their target relative to the archive root.
        [hardlink('/usr/bin/rbash', 'usr/bin/dash', 0o4755)],
      ]),
    );
    const owner = { uid: 0, gid: 0 };
    // The fixture's files hold zeros: the digest is of the content that passed, as sha256sum would give it.
    const zeros = createHash('sha256').update(Buffer.alloc(125_560)).digest('hex');
    expect(bottom?.entries).toEqual([
      { path: '/usr/bin', size: 0, mode: 0o755, kind: 'dir', link: '', ...owner, sha256: '' },
      { path: '/usr/bin/dash', size: 125_560, mode: 0o755, kind: 'file', link: '', ...owner, sha256: zeros },
      { path: '/usr/bin/sh', size: 0, mode: 0o777, kind: 'symlink', link: 'dash', ...owner, sha256: '' },
    ]);
    expect(top?.entries).toEqual([
      { path: '/usr/bin/rbash', size: 0, mode: 0o4755, kind: 'hardlink', link: '/usr/bin/dash', ...owner, sha256: '' },
    ]);
  });

  it('turns .wh.<name> into a deleted path and .wh..wh..opq into an opaque directory, not into entries', async () => {
    const [, top] = await read(
      await savedImage([
        [file('/big', 10)],
        [whiteout('/big'), dir('/opt'), opaque('/opt'), file('/opt/new', 1), file('/x/.wh..wh.plnk', 0)],
      ]),
    );
    expect(top).toMatchObject({
      entries: [
        { path: '/opt', size: 0, mode: 0o755, kind: 'dir', link: '' },
        { path: '/opt/new', size: 1, mode: 0o644, kind: 'file', link: '' },
      ],
      whiteouts: ['/big'],
      opaqueDirs: ['/opt'],
    });
  });

  it('follows a layer.tar that is a symlink to another layer', async () => {
    const got = await read(await savedImage([[file('/a', 1)], []], { linkedLayers: { 1: 0 } }));
    expect(got).toHaveLength(2);
    expect(got[1]).toEqual(got[0]);
  });

  it('streams a layer far larger than its headers', async () => {
    const [layer] = await read(await savedImage([[file('/big', 8 * 1024 * 1024), file('/after', 3)]]));
    expect(layer?.entries.map((e) => [e.path, e.size])).toEqual([
      ['/big', 8 * 1024 * 1024],
      ['/after', 3],
    ]);
  });

  it('rejects an archive without manifest.json', async () => {
    const layer = await layerTar([file('/a', 1)]);
    await expect(read(await archive([{ name: 'abc/layer.tar', content: layer }]))).rejects.toThrow(
      'the archive has no manifest.json',
    );
  });

  it('rejects a manifest that names a layer the archive does not hold', async () => {
    const layer = await layerTar([file('/a', 1)]);
    const manifest = JSON.stringify([{ Config: 'c.json', Layers: ['abc/layer.tar', 'def/layer.tar'] }]);
    const config = JSON.stringify({ history: [{ created_by: 'a' }, { created_by: 'b' }] });
    const bad = await archive([
      { name: 'abc/layer.tar', content: layer },
      { name: 'c.json', content: config },
      { name: 'manifest.json', content: manifest },
    ]);
    await expect(read(bad)).rejects.toThrow('manifest.json lists layer def/layer.tar, which the archive does not hold');
  });

  it('rejects a manifest that is not JSON or describes several images', async () => {
    await expect(read(await archive([{ name: 'manifest.json', content: '[{' }]))).rejects.toThrow(
      /^manifest.json is not JSON/,
    );
    const two = JSON.stringify([{ Layers: [] }, { Layers: [] }]);
    await expect(read(await archive([{ name: 'manifest.json', content: two }]))).rejects.toThrow(
      'manifest.json should describe exactly one image, found 2',
    );
  });

  it('rejects a truncated export', async () => {
    const whole = await savedImage([[file('/big', 100_000)]]);
    await expect(read(whole.subarray(0, 60_000))).rejects.toThrow();
  });

  it('rejects a config whose history does not match the layers', async () => {
    const layer = await layerTar([file('/a', 1)]);
    const bad = await archive([
      { name: 'abc/layer.tar', content: layer },
      { name: 'c.json', content: JSON.stringify({ history: [] }) },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'c.json', Layers: ['abc/layer.tar'] }]) },
    ]);
    await expect(read(bad)).rejects.toThrow(
      "the image config's history has 0 steps with a layer, the manifest lists 1 layers",
    );
  });
});

describe('every export layout', () => {
  const layers: Member[][] = [
    [dir('/bin'), file('/bin/busybox', 1000, 0o755), symlink('/bin/sh', 'busybox'), symlink('/bin/ls', 'busybox')],
    [file('/big', 10 * 1024 * 1024)],
    [whiteout('/big'), hardlink('/bin/cat', 'bin/busybox')],
    // Two empty layers: the OCI layouts store their one blob once.
    [],
    [],
  ];

  it.each(LAYOUTS)('%s: the same entries, whiteouts and imported flags as the legacy layout', async (layout) => {
    const legacy = await read(await savedImage(layers, { imported: [0] }));
    for (const manifestFirst of [false, true]) {
      const got = await read(await savedImage(layers, { layout, imported: [0], manifestFirst }));
      expect(got.map(({ member: _m, format: _f, mediaType: _t, ...rest }) => rest)).toEqual(
        legacy.map(({ member: _m, format: _f, mediaType: _t, ...rest }) => rest),
      );
      expect(got.map((l) => l.format)).toEqual(Array(5).fill(layout === 'legacy' || layout === 'oci' ? 'tar' : layout));
      // The media type is the OCI manifest's, even for the shared empty blob; Docker 20.10's export has none.
      expect(got.map((l) => l.mediaType)).toEqual(
        Array(5).fill(layout === 'legacy' ? null : LAYER_MEDIA_TYPES[layout]),
      );
    }
  });

  it.each(LAYOUTS)('%s: the add-then-delete layers waste exactly 10,485,760 bytes', async (layout) => {
    const got = await read(await savedImage(layers, { layout }));
    expect(diveEfficiency(got).wastedBytes).toBe(10_485_760);
  });

  it.each(LAYOUTS)('%s: counts symlink targets only in imported layers, as overlay2 does', async (layout) => {
    const got = await read(await savedImage(layers, { layout, imported: [0] }));
    expect(got.map(layerBytes)).toEqual([
      { regular: 1000, symlinks: 14 },
      { regular: 10_485_760, symlinks: 0 },
      { regular: 0, symlinks: 0 },
      { regular: 0, symlinks: 0 },
      { regular: 0, symlinks: 0 },
    ]);
    expect(overlay2ImageBytes(got)).toBe(1000 + 14 + 10_485_760);
    const built = await read(await savedImage(layers, { layout }));
    expect(overlay2ImageBytes(built)).toBe(1000 + 10_485_760);
  });

  it('recognises layers by their first bytes, not their names', async () => {
    const tarBytes = await layerTar([file('/a', 1)]);
    expect(sniff(tarBytes.subarray(0, 512))).toBe('tar');
    expect(sniff((await layerTar([])).subarray(0, 512))).toBe('tar');
    expect(sniff(zstdStored(tarBytes).subarray(0, 512))).toBe('zstd');
    expect(sniff(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(sniff(Buffer.from('{"schemaVersion":2}'))).toBe('data');
  });

  it('rejects a zstd layer that is cut short', async () => {
    const whole = await savedImage([[file('/big', 300_000)]], { layout: 'zstd' });
    await expect(read(whole.subarray(0, 200_000))).rejects.toThrow();
  });
});
