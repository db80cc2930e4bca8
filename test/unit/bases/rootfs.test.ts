import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseCatalog, type RootfsBase } from '../../../src/bases/catalog.js';
import { buildRootfs } from '../../../src/bases/rootfs.js';
import type { Engine } from '../../../src/engine/engine.js';
import { FakeEngine } from '../../support/fake-engine.js';

const spec = baseCatalog('1.23').find((b) => b.id === 'debian-slim') as RootfsBase;

/** A stand-in `mmdebstrap` on PATH: `body` runs with $out set to the tarball path mmdebstrap was given. */
async function fakeMmdebstrap(bin: string, body: string) {
  const script = `#!/bin/sh\nfor a; do case "$a" in *.tar) out="$a";; esac; done\n${body}\n`;
  await writeFile(join(bin, 'mmdebstrap'), script);
  await chmod(join(bin, 'mmdebstrap'), 0o755);
}

/** A fake engine that records imports instead of refusing them. */
function importingEngine() {
  const imports: { ref: string; changes: string[] }[] = [];
  const engine = new FakeEngine();
  (engine as Engine).importImage = async (_tar, ref, changes) => {
    imports.push({ ref, changes });
    return 'sha256:imported';
  };
  return { engine, imports };
}

describe('buildRootfs', () => {
  const path = process.env.PATH;
  let bin: string;

  beforeEach(async () => {
    bin = await mkdtemp(join(tmpdir(), 'imagediet-fakebin-'));
    process.env.PATH = `${bin}:/usr/bin:/bin`;
  });
  afterEach(async () => {
    process.env.PATH = path;
    await rm(bin, { recursive: true, force: true });
  });

  it('says how to get mmdebstrap when it is missing', async () => {
    process.env.PATH = bin;
    await expect(buildRootfs(new FakeEngine(), spec, {})).rejects.toThrow(
      /^mmdebstrap not found: install it \(apt-get install mmdebstrap\) or run scripts\/engine-up\.sh$/,
    );
  });

  it('does not import when mmdebstrap fails, and reports its exit code and last lines', async () => {
    await fakeMmdebstrap(bin, 'echo "E: cannot reach the mirror" >&2; : > "$out"; exit 1');
    const { engine, imports } = importingEngine();
    await expect(buildRootfs(engine, spec, {})).rejects.toThrow(/exited with 1\nE: cannot reach the mirror/);
    expect(imports).toEqual([]);
  });

  it('does not import an empty tarball even when mmdebstrap exits 0', async () => {
    await fakeMmdebstrap(bin, ': > "$out"');
    const { engine, imports } = importingEngine();
    await expect(buildRootfs(engine, spec, {})).rejects.toThrow(/empty tarball/);
    expect(imports).toEqual([]);
  });

  it('imports the tarball with every label, the Debian version, PATH and CMD bash, then deletes it', async () => {
    await fakeMmdebstrap(
      bin,
      // It also notes where it was asked to write, so the test checks that very folder is gone: other
      // processes on a busy machine make their own imagediet-rootfs- folders in the same tmpdir.
      `echo "$out" > ${join(bin, 'out-path')}; d=$(mktemp -d); mkdir "$d/etc"; echo 12.99 > "$d/etc/debian_version"; tar -C "$d" -cf "$out" ./etc; rm -rf "$d"`,
    );
    const { engine, imports } = importingEngine();
    const result = await buildRootfs(engine, spec, { 'imagediet.kind': 'base', 'imagediet.run': 'r 1' });
    expect(result).toEqual({ imageId: 'sha256:imported', version: '12.99' });
    expect(imports).toEqual([
      {
        ref: 'local/debian:bookworm-slim',
        changes: [
          'LABEL imagediet.kind="base"',
          'LABEL imagediet.run="r 1"',
          'LABEL imagediet.base.version="12.99"',
          'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          'CMD ["bash"]',
        ],
      },
    ]);
    const work = dirname((await readFile(join(bin, 'out-path'), 'utf8')).trim());
    expect(basename(work)).toMatch(/^imagediet-rootfs-/);
    expect(existsSync(work)).toBe(false);
  });
});
