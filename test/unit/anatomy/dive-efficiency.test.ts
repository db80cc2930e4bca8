import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diveEfficiency, wasteFacts } from '../../../src/anatomy/dive-efficiency.js';
import { readSavedImage } from '../../../src/anatomy/read-saved-image.js';
import { dir, file, hardlink, type Member, opaque, savedImage, whiteout } from './saved-image.js';

/** Layers as they come out of a real-shaped `docker save` archive. */
async function layersOf(layers: Member[][]) {
  return (await readSavedImage(Readable.from([await savedImage(layers)]))).layers;
}

describe('diveEfficiency', () => {
  it('counts a file added and deleted in a later layer as wasted, at its full size', async () => {
    const d = diveEfficiency(await layersOf([[file('/keep', 3000), file('/big', 1000)], [whiteout('/big')]]));
    expect(d).toEqual({ totalLayerBytes: 4000, wastedBytes: 1000, efficiency: 3 / 4, wastedBytesAtCheckpoint: 0 });
  });

  it('counts both copies of an overwritten file as wasted, as dive does', async () => {
    const d = diveEfficiency(
      await layersOf([
        [dir('/etc'), file('/etc/conf', 2000), file('/etc/other', 1000)],
        [dir('/etc'), file('/etc/conf', 5000)],
      ]),
    );
    // min sizes 2000 + 1000 over all sizes 7000 + 1000.
    expect(d).toMatchObject({ totalLayerBytes: 8000, wastedBytes: 7000, efficiency: 3 / 8 });
  });

  it("reproduces dive's own test (TestEfficency): parents implied, 0.75 and 7000 wasted", async () => {
    const d = diveEfficiency([
      {
        entries: [
          {
            path: '/etc/nginx/nginx.conf',
            size: 2000,
            mode: 0o644,
            kind: 'file',
            link: '',
            uid: 0,
            gid: 0,
            sha256: '',
          },
          { path: '/etc/nginx/public', size: 3000, mode: 0o644, kind: 'file', link: '', uid: 0, gid: 0, sha256: '' },
        ],
        whiteouts: [],
        opaqueDirs: [],
      },
      {
        entries: [
          {
            path: '/etc/nginx/nginx.conf',
            size: 5000,
            mode: 0o644,
            kind: 'file',
            link: '',
            uid: 0,
            gid: 0,
            sha256: '',
          },
          { path: '/etc/athing', size: 10000, mode: 0o644, kind: 'file', link: '', uid: 0, gid: 0, sha256: '' },
        ],
        whiteouts: [],
        opaqueDirs: [],
      },
      { entries: [], whiteouts: ['/etc/nginx'], opaqueDirs: [] },
    ]);
    expect(d.efficiency).toBe(0.75);
    expect(d.wastedBytes).toBe(7000);
  });

  it('counts a deleted directory once, at its subtree size, when its entry exists (as docker writes it)', async () => {
    const d = diveEfficiency(
      await layersOf([
        [dir('/etc'), dir('/etc/nginx'), file('/etc/nginx/nginx.conf', 2000), file('/etc/nginx/public', 3000)],
        [dir('/etc'), dir('/etc/nginx'), file('/etc/nginx/nginx.conf', 5000), file('/etc/athing', 10000)],
        [dir('/etc'), whiteout('/etc/nginx')],
      ]),
    );
    // The whiteout is the path /etc/nginx, seen once, sized 5000 + 3000: no waste, but both sums grow by 8000.
    expect(d.efficiency).toBe(23 / 28);
    expect(d.wastedBytes).toBe(7000);
  });

  it('ignores opaque markers, as dive does', async () => {
    const d = diveEfficiency(
      await layersOf([
        [dir('/opt'), file('/opt/old', 100)],
        [dir('/opt'), opaque('/opt'), file('/opt/new', 50)],
      ]),
    );
    expect(d).toMatchObject({ totalLayerBytes: 150, wastedBytes: 0, efficiency: 1 });
  });

  it('gives hard links and directories no bytes of their own', async () => {
    const d = diveEfficiency(
      await layersOf([
        [dir('/bin'), file('/bin/busybox', 500, 0o755), hardlink('/bin/sh', 'bin/busybox')],
        [dir('/bin'), whiteout('/bin/sh'), dir('/empty')],
        [dir('/empty')],
      ]),
    );
    // /bin/sh is seen twice at 0 bytes and /empty twice at 0 bytes: present in the waste list, worth nothing.
    expect(d).toMatchObject({ totalLayerBytes: 500, wastedBytes: 0, efficiency: 1 });
  });

  it('scores an image with no bytes at all as 1', () => {
    expect(diveEfficiency([]).efficiency).toBe(1);
  });
});

describe('wasteFacts', () => {
  const base = [[file('/usr/lib/a', 4000), file('/var/cache/x', 600)], [file('/var/cache/x', 400)]];

  it('attributes to the user only what the layers above the base add to the waste', async () => {
    const layers = await layersOf([...base, [whiteout('/usr/lib/a'), file('/app', 2000)], [file('/app', 1000)]]);
    const w = wasteFacts(layers, 2, 10_000);
    // Base alone: /var/cache/x 600 + 400. Above it: /usr/lib/a deleted (4000) and /app written twice (3000).
    expect(w).toEqual({
      totalLayerBytes: 8000,
      wastedBytes: 8000,
      // Smallest sizes: /usr/lib/a 0 (deleted), /var/cache/x 400, /app 1000.
      efficiency: 1400 / 8000,
      userWastedBytes: 7000,
      userWastedShare: 0.7,
    });
  });

  it('counts everything as the user’s on scratch, and nothing when no layer is above the base', async () => {
    const layers = await layersOf(base);
    expect(wasteFacts(layers, 0, 5000)).toMatchObject({
      wastedBytes: 1000,
      userWastedBytes: 1000,
      userWastedShare: 0.2,
    });
    expect(wasteFacts(layers, 2, 5000)).toMatchObject({ wastedBytes: 1000, userWastedBytes: 0, userWastedShare: 0 });
  });

  it('rejects a base layer count the image cannot have', async () => {
    const layers = await layersOf(base);
    expect(() => wasteFacts(layers, 3, 1)).toThrow(
      "the base layer count must be an integer from 0 to 2 (the image's layers), got 3",
    );
  });
});
