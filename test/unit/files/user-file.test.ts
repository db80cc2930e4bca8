import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUserFile, readUserFileSync } from '../../../src/files/user-file.js';

describe('reading a file a user named', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'imagediet-user-file-'));
    await writeFile(path.join(dir, 'plain'), 'hello');
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    await symlink(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
    await symlink(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a regular file, and says null for a missing one (async) or names it (sync)', async () => {
    expect(await readUserFile(path.join(dir, 'plain'))).toBe('hello');
    expect(readUserFileSync(path.join(dir, 'plain'))).toBe('hello');
    expect(await readUserFile(path.join(dir, 'none'))).toBeNull();
    expect(() => readUserFileSync(path.join(dir, 'none'))).toThrow(`${path.join(dir, 'none')}: does not exist`);
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = path.join(dir, 'fifo');
    await expect(readUserFile(fifo)).rejects.toThrow(`${fifo}: is a FIFO (named pipe), not a file`);
    expect(() => readUserFileSync(fifo)).toThrow('is a FIFO (named pipe), not a file');
  });

  it('refuses a device that never ends, a folder and a loop of symbolic links', async () => {
    await expect(readUserFile('/dev/zero')).rejects.toThrow('/dev/zero: is a device, not a file');
    await expect(readUserFile(dir)).rejects.toThrow(`${dir}: is a folder, not a file`);
    await expect(readUserFile(path.join(dir, 'loop-a'))).rejects.toThrow('is a loop of symbolic links');
    expect(() => readUserFileSync(path.join(dir, 'loop-a'))).toThrow('is a loop of symbolic links');
  });

  it('stops at its size limit, also where the file system gives no size (procfs)', async () => {
    await expect(readUserFile(path.join(dir, 'plain'), 3)).rejects.toThrow('is 5 bytes, more than the 3 read');
    expect(() => readUserFileSync('/proc/self/maps', 10)).toThrow('holds more than the 10 bytes read');
  });
});
