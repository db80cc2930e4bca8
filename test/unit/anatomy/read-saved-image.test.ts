import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSavedImage } from '../../../src/anatomy/read-saved-image.js';
import { archive, dir, file, hardlink, layerTar, opaque, savedImage, symlink, whiteout } from './saved-image.js';

const read = (buf: Buffer) => readSavedImage(Readable.from([buf]));

describe('readSavedImage', () => {
  it('orders layers as manifest.json lists them, wherever it sits in the stream', async () => {
    const layers = [[file('/a', 1)], [file('/b', 2)], [file('/c', 3)]];
    for (const manifestFirst of [false, true]) {
      const got = await read(await savedImage(layers, { manifestFirst }));
      expect(got.map((l) => l.entries.map((e) => e.path))).toEqual([['/a'], ['/b'], ['/c']]);
    }
  });

  it('records size, mode, kind and link of each entry, with normalised absolute paths', async () => {
    const [bottom, top] = await read(
      await savedImage([
        [dir('/usr/bin/'), file('/usr/bin/dash', 125_560, 0o755), symlink('/usr/bin/sh', 'dash')],
        // Hard links name their target relative to the archive root.
        [hardlink('/usr/bin/rbash', 'usr/bin/dash', 0o4755)],
      ]),
    );
    expect(bottom?.entries).toEqual([
      { path: '/usr/bin', size: 0, mode: 0o755, kind: 'dir', link: '' },
      { path: '/usr/bin/dash', size: 125_560, mode: 0o755, kind: 'file', link: '' },
      { path: '/usr/bin/sh', size: 0, mode: 0o777, kind: 'symlink', link: 'dash' },
    ]);
    expect(top?.entries).toEqual([
      { path: '/usr/bin/rbash', size: 0, mode: 0o4755, kind: 'hardlink', link: '/usr/bin/dash' },
    ]);
  });

  it('turns .wh.<name> into a deleted path and .wh..wh..opq into an opaque directory, not into entries', async () => {
    const [, top] = await read(
      await savedImage([
        [file('/big', 10)],
        [whiteout('/big'), dir('/opt'), opaque('/opt'), file('/opt/new', 1), file('/x/.wh..wh.plnk', 0)],
      ]),
    );
    expect(top).toEqual({
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
    expect(got[1]).toBe(got[0]);
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
    const manifest = JSON.stringify([{ Layers: ['abc/layer.tar', 'def/layer.tar'] }]);
    const bad = await archive([
      { name: 'abc/layer.tar', content: layer },
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
});
