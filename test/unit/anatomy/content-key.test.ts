import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { contentKey, layerContentDigest } from '../../../src/anatomy/content-key.js';
import { readSavedImage } from '../../../src/anatomy/read-saved-image.js';
import { file, savedImage } from './saved-image.js';

const read = async (layers: Parameters<typeof savedImage>[0], opts: { config?: Record<string, unknown> } = {}) =>
  readSavedImage(Readable.from([await savedImage(layers, opts)]));

describe('the same image, file for file', () => {
  it('gives two exports of the same files the same key, whatever their timestamps and labels', async () => {
    const a = await read([[file('/api', 1000, 0o755)]], { config: { Entrypoint: ['/api'], Labels: { v: 'a' } } });
    const b = await read([[file('/api', 1000, 0o755)]], { config: { Entrypoint: ['/api'], Labels: { v: 'b' } } });
    expect(contentKey(a)).toBe(contentKey(b));
    expect(contentKey(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('tells apart a file of other content, mode or path, and another entrypoint or user', async () => {
    const base = await read([[file('/api', 1000, 0o755)]], { config: { Entrypoint: ['/api'] } });
    const others = [
      await read([[file('/api', 1001, 0o755)]], { config: { Entrypoint: ['/api'] } }),
      await read([[file('/api', 1000, 0o700)]], { config: { Entrypoint: ['/api'] } }),
      await read([[file('/bin/api', 1000, 0o755)]], { config: { Entrypoint: ['/api'] } }),
      await read([[file('/api', 1000, 0o755)]], { config: { Entrypoint: ['/bin/api'] } }),
      await read([[file('/api', 1000, 0o755)]], { config: { Entrypoint: ['/api'], User: '65532' } }),
    ];
    for (const o of others) expect(contentKey(o)).not.toBe(contentKey(base));
  });

  it('keeps layer boundaries: the same files split over two layers are another image', async () => {
    const one = await read([[file('/a', 1), file('/b', 2)]]);
    const two = await read([[file('/a', 1)], [file('/b', 2)]]);
    expect(contentKey(one)).not.toBe(contentKey(two));
    expect(layerContentDigest(one.layers[0] ?? { entries: [], whiteouts: [], opaqueDirs: [] })).not.toBe(
      layerContentDigest(two.layers[0] ?? { entries: [], whiteouts: [], opaqueDirs: [] }),
    );
  });
});
