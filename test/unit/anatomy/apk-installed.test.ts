import { describe, expect, it } from 'vitest';
import { apkPackages } from '../../../src/anatomy/apk-installed.js';

/** Two records as apk writes them, with the file lines (F:, R:, Z:) that repeat. */
const INSTALLED = `C:Q1abc=
P:musl
V:1.2.5-r9
A:x86_64
S:411503
I:649216
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Natanael Copa <ncopa@alpinelinux.org>
F:lib
R:ld-musl-x86_64.so.1
Z:Q1def=

C:Q1ghi=
P:libcrypto3
V:3.3.3-r0
A:x86_64
L:Apache-2.0
o:openssl
F:usr/lib
R:libcrypto.so.3
`;

describe('apkPackages', () => {
  it('reads name, version, arch, license and origin from each record', () => {
    expect(apkPackages(INSTALLED)).toEqual([
      { manager: 'apk', name: 'musl', version: '1.2.5-r9', arch: 'x86_64', source: null, license: 'MIT' },
      {
        manager: 'apk',
        name: 'libcrypto3',
        version: '3.3.3-r0',
        arch: 'x86_64',
        source: 'openssl',
        license: 'Apache-2.0',
      },
    ]);
  });
});
