import { describe, expect, it } from 'vitest';
import { dpkgPackages } from '../../../src/anatomy/dpkg-status.js';

/** Stanzas as dpkg writes them, description and conffiles continuation lines included. */
const STATUS = `Package: adduser
Status: install ok installed
Priority: important
Architecture: all
Multi-Arch: foreign
Version: 3.134
Conffiles:
 /etc/adduser.conf cc3493ecd2d09837ffdcc3e25fdfff18
Description: add and remove users and groups
 This package includes the 'adduser' and 'deluser' commands.
 .
 Version: not a field

Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u13

Package: libc6
Status: install ok installed
Architecture: i386
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u13

Package: libgcc-s1
Status: install ok installed
Architecture: amd64
Source: gcc-12 (12.2.0-14)
Version: 12.2.0-14

Package: old-tool
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: gone
Status: purge ok not-installed
Architecture: amd64

Package: half
Status: install reinstreq half-installed
Architecture: amd64
Version: 2:1.0-1
`;

describe('dpkgPackages', () => {
  it('lists each package instance whose files are on disk, with arch and source, as dpkg-query -W does', () => {
    expect(dpkgPackages(STATUS)).toEqual([
      { manager: 'dpkg', name: 'adduser', version: '3.134', arch: 'all', source: null, license: null },
      { manager: 'dpkg', name: 'libc6', version: '2.36-9+deb12u13', arch: 'amd64', source: 'glibc', license: null },
      { manager: 'dpkg', name: 'libc6', version: '2.36-9+deb12u13', arch: 'i386', source: 'glibc', license: null },
      { manager: 'dpkg', name: 'libgcc-s1', version: '12.2.0-14', arch: 'amd64', source: 'gcc-12', license: null },
      { manager: 'dpkg', name: 'half', version: '2:1.0-1', arch: 'amd64', source: null, license: null },
    ]);
  });

  it('reads a distroless status.d file (one stanza, no Status field) and nothing from an empty file', () => {
    expect(dpkgPackages('Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n')).toMatchObject([
      { name: 'tzdata', version: '2024a-0+deb12u1', arch: 'all' },
    ]);
    expect(dpkgPackages('')).toEqual([]);
  });
});
