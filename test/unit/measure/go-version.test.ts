import { describe, expect, it } from 'vitest';
import { goVersionOf } from '../../../src/measure/go-version.js';
import { goElf, MODINFO } from '../anatomy/elf-fixture.js';

describe('goVersionOf', () => {
  it('reads the build information the anatomy reads, in both layouts', () => {
    expect(goVersionOf(goElf({ layout: 'inline', version: 'go1.23.5', modinfo: MODINFO }))).toBe('go1.23.5');
    expect(goVersionOf(goElf({ layout: 'pointers', version: 'go1.16.15', modinfo: MODINFO }))).toBe('go1.16.15');
  });

  it('falls back to the runtime.buildVersion string of a toolchain before Go 1.13, and is null without one', () => {
    expect(goVersionOf(Buffer.from('\x7fELF....\0go1.10.8\0runtime.main'))).toBe('go1.10.8');
    expect(goVersionOf(Buffer.from('UPX!packed'))).toBeNull();
  });
});
