import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { largestFiles } from '../../../src/anatomy/largest-files.js';
import { mergeLayers } from '../../../src/anatomy/merged-filesystem.js';
import { readSavedImage } from '../../../src/anatomy/read-saved-image.js';
import { dir, file, hardlink, savedImage, whiteout } from './saved-image.js';

describe('largestFiles', () => {
  it('lists the final filesystem’s files by size, each with the layer and step that added the surviving copy', async () => {
    const saved = await readSavedImage(
      Readable.from([
        await savedImage(
          [
            [dir('/usr'), file('/usr/big', 300), file('/usr/mid', 200), file('/gone', 999)],
            [
              file('/usr/mid', 250),
              file('/a', 10),
              file('/b', 10),
              hardlink('/usr/big2', 'usr/big'),
              whiteout('/gone'),
            ],
          ],
          { createdBy: ['ADD rootfs.tar /', 'RUN make # buildkit'], emptySteps: { 0: 'CMD ["sh"]' } },
        ),
      ]),
    );
    const fs = mergeLayers(saved.layers);
    expect(largestFiles(saved, fs, 1, 4)).toEqual([
      { path: '/usr/big', bytes: 300, layer: 0, instruction: 'ADD rootfs.tar /', fromBase: true },
      // Overwritten above the base: the copy that survives is the later one.
      { path: '/usr/mid', bytes: 250, layer: 1, instruction: 'RUN make', fromBase: false },
      // Ties by path; a hard link is no second copy of the bytes, and a deleted file is not in the image.
      { path: '/a', bytes: 10, layer: 1, instruction: 'RUN make', fromBase: false },
      { path: '/b', bytes: 10, layer: 1, instruction: 'RUN make', fromBase: false },
    ]);
  });
});
