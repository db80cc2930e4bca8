/**
 * A PATH for a machine with no Docker engine and no docker.io: node, npm and sh only, plus an `apt-get` that records
 * each call and fails, so a test can prove that nothing was installed (and see it when something would have been).
 */
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { which } from '../../../src/engine/engine-up.js';

export interface FakeBin {
  /** The PATH value: this folder alone. */
  path: string;
  aptGet: string;
  /** The argument lines apt-get was called with, in order; empty when it never ran. */
  aptCalls(): Promise<string[]>;
}

export async function fakeBin(dir: string): Promise<FakeBin> {
  const bin = path.join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  const real = process.env.PATH ?? '';
  for (const tool of ['node', 'npm', 'sh']) {
    const found = await which(tool, real);
    if (!found) throw new Error(`${tool} is not on PATH; the fake machine needs it`);
    await symlink(found, path.join(bin, tool));
  }
  const record = path.join(dir, 'apt-get.calls');
  const aptGet = path.join(bin, 'apt-get');
  await writeFile(aptGet, `#!/bin/sh\necho "$*" >> '${record}'\necho "apt-get is fake in this test" >&2\nexit 100\n`);
  await chmod(aptGet, 0o755);
  return {
    path: bin,
    aptGet,
    aptCalls: () =>
      readFile(record, 'utf8').then(
        (text) => text.trim().split('\n'),
        () => [],
      ),
  };
}
