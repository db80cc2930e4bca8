import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFolder, outFolderProblem } from '../../../src/files/out-folder.js';

describe('the output folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'imagediet-out-folder-'));
    await writeFile(path.join(dir, 'file'), 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('accepts an existing or missing folder and leaves nothing behind', async () => {
    expect(await outFolderProblem(dir)).toBeNull();
    expect(await outFolderProblem(path.join(dir, 'a', 'b', 'c'))).toBeNull();
    expect((await readdir(dir)).sort()).toEqual(['file']);
  });

  it('names the file in the way, and a pseudo-filesystem that refuses new folders, at once', async () => {
    expect(await outFolderProblem(path.join(dir, 'file'))).toBe('is a file, not a folder');
    expect(await outFolderProblem(path.join(dir, 'file', 'x', 'y'))).toBe(
      `${path.join(dir, 'file')} is a file, not a folder`,
    );
    // Node's recursive mkdir loops for ever here; one non-recursive call per component answers.
    expect(await outFolderProblem('/proc/imagediet/results')).toMatch(/^cannot create \/proc\/imagediet \(/);
    await expect(ensureFolder('/proc/imagediet/results')).rejects.toThrow(/^\/proc\/imagediet: cannot be created \(/);
  });

  it('says a read-only folder cannot be written (where permissions bind: not for root)', async () => {
    const ro = path.join(dir, 'ro');
    await mkdir(ro);
    await chmod(ro, 0o555);
    const problem = await outFolderProblem(ro);
    if (process.getuid?.() === 0) expect(problem).toBeNull();
    else expect(problem).toMatch(/^cannot write there \(permission denied, EACCES\)$/);
    await chmod(ro, 0o755);
  });

  it('creates every missing component, and accepts one that already exists', async () => {
    const deep = path.join(dir, 'made', 'x', 'y');
    await ensureFolder(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await ensureFolder(deep);
    await expect(ensureFolder(path.join(dir, 'file', 'z'))).rejects.toThrow(
      `${path.join(dir, 'file')}: is a file, not a folder`,
    );
  });
});
