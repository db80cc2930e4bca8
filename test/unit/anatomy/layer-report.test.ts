import { describe, expect, it } from 'vitest';
import { cleanInstruction, layerReport } from '../../../src/anatomy/layer-report.js';
import type { SavedImage, SavedLayer } from '../../../src/anatomy/read-saved-image.js';

describe('cleanInstruction', () => {
  it.each([
    ['/bin/sh -c #(nop)  CMD ["sh"]', 'CMD ["sh"]'],
    ['/bin/sh -c #(nop) COPY file:0a1b in / ', 'COPY file:0a1b in /'],
    ['/bin/sh -c apt-get update', 'RUN apt-get update'],
    ['|1 GOVERSION=1.23 /bin/sh -c go build', 'RUN go build'],
    ['RUN /bin/sh -c head -c 10485760 /dev/urandom > /big # buildkit', 'RUN head -c 10485760 /dev/urandom > /big'],
    ['RUN |1 DEBIAN_FRONTEND=noninteractive /bin/sh -c apt-get update # buildkit', 'RUN apt-get update'],
    ['RUN ["go", "build"] # buildkit', 'RUN ["go", "build"]'],
    ['COPY /out/api /api # buildkit', 'COPY /out/api /api'],
    ['ENTRYPOINT ["/api"]', 'ENTRYPOINT ["/api"]'],
  ])('%s', (createdBy, expected) => {
    expect(cleanInstruction(createdBy)).toBe(expected);
  });

  it('uses the comment for an imported layer, which has no command', () => {
    expect(cleanInstruction('', 'Imported from -')).toBe('Imported from -');
  });
});

describe('layerReport', () => {
  // As an exported config lists it: oldest first, steps without a layer marked.
  const layer = (path: string, size: number, imported = false): SavedLayer => ({
    entries: [{ path, size, mode: 0o644, kind: 'file', link: '', uid: 0, gid: 0, sha256: '' }],
    whiteouts: [],
    opaqueDirs: [],
    member: `blobs/sha256/${path.slice(1)}`,
    format: 'gzip',
    mediaType: null,
    imported,
  });
  const saved: SavedImage = {
    runtime: { entrypoint: ['/api'], cmd: null, user: '', env: [], workingDir: '', exposedPorts: [] },
    steps: [
      { createdBy: '', comment: 'Imported from -', emptyLayer: false },
      { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', comment: '', emptyLayer: true },
      { createdBy: 'COPY /out/api /api # buildkit', comment: 'buildkit.dockerfile.v0', emptyLayer: false },
      { createdBy: 'ENTRYPOINT ["/api"]', comment: 'buildkit.dockerfile.v0', emptyLayer: true },
    ],
    layers: [layer('/rootfs', 82_400_000, true), layer('/api', 5_060_000)],
  };

  it('lists steps oldest first with their layer’s bytes and source, and marks the base image’s own', () => {
    expect(layerReport(saved, 2)).toEqual([
      {
        instruction: 'Imported from -',
        bytes: 82_400_000,
        bytesFrom: 'docker save, gzip-compressed tar: regular files + symlink targets (imported layer)',
        fromBase: true,
      },
      { instruction: 'CMD ["bash"]', bytes: 0, bytesFrom: 'no layer: the step changed no files', fromBase: true },
      {
        instruction: 'COPY /out/api /api',
        bytes: 5_060_000,
        bytesFrom: 'docker save, gzip-compressed tar: regular files',
        fromBase: false,
      },
      {
        instruction: 'ENTRYPOINT ["/api"]',
        bytes: 0,
        bytesFrom: 'no layer: the step changed no files',
        fromBase: false,
      },
    ]);
  });

  it('marks nothing as the base for scratch, and rejects a base longer than the image', () => {
    expect(layerReport(saved, 0).every((l) => !l.fromBase)).toBe(true);
    expect(() => layerReport(saved, 5)).toThrow("the base's step count must be an integer from 0 to 4, got 5");
  });
});
