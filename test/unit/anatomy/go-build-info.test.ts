import { describe, expect, it } from 'vitest';
import { parseModInfo, readGoBuildInfo } from '../../../src/anatomy/go-build-info.js';
import { goElf, MODINFO } from './elf-fixture.js';

const hello = {
  goVersion: 'go1.23.5',
  command: 'example.com/hello/cmd/hello',
  main: { path: 'example.com/hello', version: '(devel)' },
  modules: [
    { path: 'golang.org/x/text', version: 'v0.21.0' },
    { path: 'example.com/new', version: 'v1.2.0', replaces: 'example.com/old' },
    { path: '../local', version: '(devel)', replaces: 'example.com/local' },
  ],
  settings: {
    '-buildmode': 'exe',
    '-compiler': 'gc',
    '-ldflags': '-s -w',
    CGO_ENABLED: '0',
    GOARCH: 'amd64',
  },
};

describe('readGoBuildInfo', () => {
  it('reads the inline strings of Go 1.18 and later from the start of the writable segment', () => {
    expect(readGoBuildInfo(goElf({ layout: 'inline', version: 'go1.23.5', modinfo: MODINFO }))).toEqual(hello);
  });

  it('follows the pointers of Go 1.13 to 1.17 to strings in another segment, 64-bit LE and 32-bit BE', () => {
    const old = { layout: 'pointers' as const, version: 'go1.16.15', modinfo: MODINFO };
    expect(readGoBuildInfo(goElf(old))).toEqual({ ...hello, goVersion: 'go1.16.15' });
    expect(readGoBuildInfo(goElf({ ...old, elf32be: true }))).toEqual({ ...hello, goVersion: 'go1.16.15' });
  });

  it('prefers the .go.buildinfo section and ignores the literal magic that cmd/go holds in its text', () => {
    const info = readGoBuildInfo(
      goElf({ layout: 'inline', version: 'go1.22.1', modinfo: MODINFO, section: true, decoyInText: true }),
    );
    expect(info?.goVersion).toBe('go1.22.1');
  });

  it('gives a binary built outside module mode its version and no modules, as go version -m does', () => {
    const info = readGoBuildInfo(goElf({ layout: 'inline', version: 'go1.19.8', modinfo: 'path\tx', unframed: true }));
    expect(info).toEqual({ goVersion: 'go1.19.8', command: '', main: null, modules: [], settings: {} });
  });

  it('returns null for what is no Go ELF binary: other bytes, a truncated header, no blob', () => {
    expect(readGoBuildInfo(Buffer.from('#!/bin/sh\necho hi\n'))).toBeNull();
    const elf = goElf({ layout: 'inline', version: 'go1.23.5', modinfo: MODINFO });
    expect(readGoBuildInfo(elf.subarray(0, 40))).toBeNull();
    const wiped = Buffer.from(elf);
    wiped.fill(0, 0x1000, 0x1010);
    expect(readGoBuildInfo(wiped)).toBeNull();
  });
});

describe('parseModInfo', () => {
  it('unquotes build settings as cmd/go quotes them, keys included', () => {
    expect(parseModInfo('build\t"-gcflags=all"=-N -l\nbuild\tvcs.revision=abc\n').settings).toEqual({
      '-gcflags=all': '-N -l',
      'vcs.revision': 'abc',
    });
  });
});
