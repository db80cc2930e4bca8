import { describe, expect, it } from 'vitest';
import { cleanInstruction, layerReport } from '../../../src/anatomy/layer-report.js';

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
  // As the engine returns it: newest first.
  const history = [
    { createdBy: 'ENTRYPOINT ["/api"]', size: 0, comment: 'buildkit.dockerfile.v0' },
    { createdBy: 'COPY /out/api /api # buildkit', size: 5_060_000, comment: 'buildkit.dockerfile.v0' },
    { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', size: 0, comment: '' },
    { createdBy: '', size: 82_400_000, comment: 'Imported from -' },
  ];

  it('lists steps oldest first and marks the base image’s own', () => {
    expect(layerReport(history, 2)).toEqual([
      { instruction: 'Imported from -', bytes: 82_400_000, fromBase: true },
      { instruction: 'CMD ["bash"]', bytes: 0, fromBase: true },
      { instruction: 'COPY /out/api /api', bytes: 5_060_000, fromBase: false },
      { instruction: 'ENTRYPOINT ["/api"]', bytes: 0, fromBase: false },
    ]);
  });

  it('marks nothing as the base for scratch, and rejects a base longer than the image', () => {
    expect(layerReport(history, 0).every((l) => !l.fromBase)).toBe(true);
    expect(() => layerReport(history, 5)).toThrow("the base's step count must be an integer from 0 to 4, got 5");
  });
});
