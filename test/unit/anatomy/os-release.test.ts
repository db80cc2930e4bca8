import { describe, expect, it } from 'vitest';
import { parseOsRelease } from '../../../src/anatomy/os-release.js';

describe('parseOsRelease', () => {
  it('reads ID, VERSION_ID and PRETTY_NAME with shell quoting', () => {
    const debian =
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
    expect(parseOsRelease(debian)).toEqual({
      id: 'debian',
      versionId: '12',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
    });
    expect(parseOsRelease("ID='alpine'\nVERSION_ID=3.21.3\n")).toEqual({
      id: 'alpine',
      versionId: '3.21.3',
      prettyName: null,
    });
  });

  it('has no version on Debian testing, and no distro without an ID', () => {
    expect(parseOsRelease('PRETTY_NAME="Debian GNU/Linux forky/sid"\nID=debian\n')?.versionId).toBeNull();
    expect(parseOsRelease('NAME=x\n')).toBeNull();
  });
});
