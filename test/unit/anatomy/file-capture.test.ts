import { describe, expect, it } from 'vitest';
import { captureFor } from '../../../src/anatomy/file-capture.js';
import { goElf, MODINFO } from './elf-fixture.js';

/** Feed `bytes` to the sink for `path` in chunks of `size` bytes, as a layer stream would. */
function capture(path: string, bytes: Buffer, mode: number, size: number) {
  const sink = captureFor(path, { size: bytes.length, mode });
  if (!sink) return 'not kept';
  for (let at = 0; at < bytes.length; at += size) sink.push(bytes.subarray(at, at + size));
  return sink.end();
}

describe('captureFor', () => {
  const elf = goElf({ layout: 'inline', version: 'go1.23.5', modinfo: MODINFO });

  it('finds the Go magic however the stream cuts the file, even across a chunk seam', () => {
    for (const size of [1, 7, 13, 4096, elf.length])
      expect(capture('/usr/bin/hello', elf, 0o755, size)).toMatchObject({
        kind: 'go',
        info: { goVersion: 'go1.23.5' },
      });
  });

  it('keeps nothing of a file without an execute bit, or of an executable that is no ELF file', () => {
    expect(capture('/srv/hello', elf, 0o644, 4096)).toBe('not kept');
    expect(capture('/usr/bin/hello.sh', Buffer.from(`#!/bin/sh\n${'#'.repeat(100)}\n`), 0o755, 16)).toBeNull();
  });

  it('keeps the package databases and os-release as text, only directly inside status.d', () => {
    expect(capture('/var/lib/dpkg/status', Buffer.from('Package: a\n'), 0o644, 3)).toEqual({
      kind: 'text',
      text: 'Package: a\n',
    });
    expect(capture('/var/lib/dpkg/status.d/tzdata', Buffer.from('P'), 0o644, 1)).toMatchObject({ kind: 'text' });
    expect(capture('/var/lib/dpkg/status.d/sub/x', Buffer.from('P'), 0o644, 1)).toBe('not kept');
    expect(capture('/etc/passwd', Buffer.from('root:x:0:0'), 0o644, 4)).toBe('not kept');
  });
});
