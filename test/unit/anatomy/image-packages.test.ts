import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { imagePackages } from '../../../src/anatomy/image-packages.js';
import { mergeLayers } from '../../../src/anatomy/merged-filesystem.js';
import { readSavedImage } from '../../../src/anatomy/read-saved-image.js';
import { goElf, MODINFO } from './elf-fixture.js';
import { hardlink, type Layout, savedImage, symlink, whiteout, withContent } from './saved-image.js';

const packagesOf = async (buf: Buffer) =>
  imagePackages(mergeLayers((await readSavedImage(Readable.from([buf]))).layers));
const stanza = (name: string, version: string) =>
  `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n`;
const tool = goElf({ layout: 'inline', version: 'go1.22.1', modinfo: MODINFO });
const api = goElf({
  layout: 'inline',
  version: 'go1.23.5',
  modinfo: 'path\timagediet/api\nmod\timagediet/api\t(devel)\t\n',
});

describe('imagePackages, from the contents kept during the one layer read', () => {
  for (const layout of ['legacy', 'oci', 'gzip', 'zstd'] as Layout[])
    it(`takes the topmost database, drops a whited-out binary, reads Go binaries through hard links (${layout})`, async () => {
      const facts = await packagesOf(
        await savedImage(
          [
            [
              withContent(
                '/usr/lib/os-release',
                'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
              ),
              symlink('/etc/os-release', '../usr/lib/os-release'),
              withContent('/var/lib/dpkg/status', `${stanza('base-files', '12.4')}\n${stanza('libc6', '2.36-9')}`),
              withContent('/usr/local/bin/tool', tool, 0o755),
              // The same bytes without an execute bit, and an executable that is no ELF file: neither is read.
              withContent('/srv/tool.bin', tool, 0o644),
              withContent('/usr/local/bin/hello.sh', '#!/bin/sh\necho hello\n', 0o755),
            ],
            [
              withContent(
                '/var/lib/dpkg/status',
                `${stanza('base-files', '12.4')}\n${stanza('libc6', '2.36-9')}\n${stanza('golang-go', '2:1.19~1')}`,
              ),
              whiteout('/usr/local/bin/tool'),
              withContent('/api', api, 0o755),
              hardlink('/api2', 'api'),
            ],
          ],
          { layout },
        ),
      );
      expect(facts.distro).toEqual({ id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
      expect(facts.os.map((p) => `${p.name}=${p.version}`)).toEqual([
        'base-files=12.4',
        'golang-go=2:1.19~1',
        'libc6=2.36-9',
      ]);
      expect(facts.go.map((b) => [b.path, b.goVersion, b.main?.path])).toEqual([
        ['/api', 'go1.23.5', 'imagediet/api'],
        ['/api2', 'go1.23.5', 'imagediet/api'],
      ]);
      expect(facts).toMatchObject({ notRead: [], vulnerabilities: null });
    });

  it("reads distroless's status.d (one file per package, its .md5sums beside it) and apk's installed database", async () => {
    const distroless = await packagesOf(
      await savedImage([
        [
          withContent(
            '/var/lib/dpkg/status.d/tzdata',
            'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n',
          ),
          withContent(
            '/var/lib/dpkg/status.d/tzdata.md5sums',
            'd41d8cd98f00b204e9800998ecf8427e  usr/share/zoneinfo/UTC\n',
          ),
          withContent('/var/lib/dpkg/status.d/netbase', 'Package: netbase\nVersion: 6.4\nArchitecture: all\n'),
        ],
      ]),
    );
    expect(distroless.os.map((p) => p.name)).toEqual(['netbase', 'tzdata']);
    const alpine = await packagesOf(
      await savedImage([
        [
          withContent('/etc/os-release', 'ID=alpine\nVERSION_ID=3.21.3\n'),
          withContent(
            '/lib/apk/db/installed',
            'P:musl\nV:1.2.5-r9\nA:x86_64\nL:MIT\n\nP:busybox\nV:1.37.0-r12\nA:x86_64\nL:GPL-2.0-only\n',
          ),
        ],
      ]),
    );
    expect(alpine.distro?.id).toBe('alpine');
    expect(alpine.os.map((p) => [p.manager, p.name, p.license])).toEqual([
      ['apk', 'busybox', 'GPL-2.0-only'],
      ['apk', 'musl', 'MIT'],
    ]);
  });

  it('finds nothing in scratch but its Go binary', async () => {
    const facts = await packagesOf(await savedImage([[withContent('/api', api, 0o755)]]));
    expect(facts).toMatchObject({ distro: null, os: [], go: [{ path: '/api', goVersion: 'go1.23.5' }] });
  });
});
