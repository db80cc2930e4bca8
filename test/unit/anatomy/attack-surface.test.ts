import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { attackSurface } from '../../../src/anatomy/attack-surface.js';
import { mergeLayers, resolvePath } from '../../../src/anatomy/merged-filesystem.js';
import { readSavedImage } from '../../../src/anatomy/read-saved-image.js';
import { dir, file, hardlink, type Member, opaque, savedImage, symlink, whiteout } from './saved-image.js';

async function merged(layers: Member[][]) {
  return mergeLayers((await readSavedImage(Readable.from([await savedImage(layers)]))).layers);
}

/** A Debian-like usrmerge root: /bin is a symlink into /usr/bin. */
const usrmerge: Member[] = [
  symlink('/bin', 'usr/bin'),
  symlink('/sbin', 'usr/sbin'),
  dir('/usr'),
  dir('/usr/bin'),
  dir('/usr/sbin'),
  file('/usr/bin/dash', 125_560, 0o755),
  symlink('/usr/bin/sh', 'dash'),
  file('/usr/bin/bash', 1_265_648, 0o755),
  file('/usr/bin/apt', 18_824, 0o755),
  file('/usr/bin/apt-get', 18_824, 0o755),
  file('/usr/bin/dpkg', 300_000, 0o755),
  file('/usr/bin/su', 72_000, 0o4755),
  file('/usr/bin/chage', 80_000, 0o2755),
  dir('/etc'),
  file('/etc/passwd', 900, 0o644),
];

describe('attackSurface', () => {
  it('finds shells and package managers through /bin -> usr/bin, shown under /bin', async () => {
    expect(attackSurface(await merged([usrmerge]))).toEqual({
      executables: 7,
      shells: ['/bin/bash', '/bin/dash', '/bin/sh'],
      packageManagers: ['apt', 'apt-get', 'dpkg'],
      setuidFiles: ['/usr/bin/chage', '/usr/bin/su'],
    });
  });

  it('sees only the final filesystem: deleted files and what an opaque directory hides are gone', async () => {
    const s = attackSurface(
      await merged([
        [...usrmerge, dir('/opt'), file('/opt/tool', 10, 0o755)],
        [dir('/usr/bin'), whiteout('/usr/bin/bash'), whiteout('/usr/bin/apt'), whiteout('/usr/bin/su')],
        [dir('/opt'), opaque('/opt'), file('/opt/other', 10, 0o644)],
      ]),
    );
    expect(s).toEqual({
      executables: 4,
      shells: ['/bin/dash', '/bin/sh'],
      packageManagers: ['apt-get', 'dpkg'],
      setuidFiles: ['/usr/bin/chage'],
    });
  });

  it('does not count a dangling or non-executable shell', async () => {
    const s = attackSurface(
      await merged([
        [dir('/bin'), symlink('/bin/sh', '/bin/dash'), file('/bin/bash', 10, 0o644), file('/api', 9, 0o755)],
      ]),
    );
    expect(s).toEqual({ executables: 1, shells: [], packageManagers: [], setuidFiles: [] });
  });

  it('counts busybox and its hard-linked applets (a hard link is a regular file)', async () => {
    const s = attackSurface(
      await merged([
        [
          dir('/bin'),
          file('/bin/busybox', 1_982_256, 0o755),
          hardlink('/bin/sh', 'bin/busybox'),
          symlink('/bin/ls', 'busybox'),
        ],
      ]),
    );
    expect(s).toEqual({ executables: 2, shells: ['/bin/busybox', '/bin/sh'], packageManagers: [], setuidFiles: [] });
  });

  it('resolves relative links that climb with .., and names pip by its family', async () => {
    const s = attackSurface(
      await merged([
        [
          dir('/usr'),
          dir('/usr/bin'),
          dir('/usr/local'),
          dir('/usr/local/bin'),
          file('/usr/bin/pip3.11', 200, 0o755),
          symlink('/usr/local/bin/pip', '../../bin/pip3.11'),
        ],
      ]),
    );
    expect(s.packageManagers).toEqual(['pip']);
    expect(s.executables).toBe(1);
  });

  it('reports a scratch image with one binary as one executable and nothing else', async () => {
    expect(attackSurface(await merged([[file('/api', 5_060_000, 0o755)]]))).toEqual({
      executables: 1,
      shells: [],
      packageManagers: [],
      setuidFiles: [],
    });
  });
});

describe('mergeLayers and resolvePath', () => {
  it('replaces a directory by a file with its whole subtree', async () => {
    const fs = await merged([[dir('/x'), file('/x/inner', 1)], [file('/x', 2)]]);
    expect([...fs.keys()]).toEqual(['/x']);
  });

  it('stops on a symlink loop instead of hanging', async () => {
    const fs = await merged([[symlink('/a', 'b'), symlink('/b', 'a')]]);
    expect(resolvePath(fs, '/a/sh', true).entry).toBeUndefined();
  });

  it('resolves the directory part but not the last link unless asked', async () => {
    const fs = await merged([usrmerge]);
    expect(resolvePath(fs, '/bin/sh', false)).toMatchObject({ path: '/usr/bin/sh', entry: { kind: 'symlink' } });
    expect(resolvePath(fs, '/bin/sh', true)).toMatchObject({ path: '/usr/bin/dash', entry: { kind: 'file' } });
  });
});
