import { describe, expect, it } from 'vitest';
import { pruneSummary } from '../../../src/run/prune-summary.js';

describe("the clean-up's build-cache line", () => {
  it('says what went and, when nothing was unproven, nothing more', () => {
    const r = { records: 3, bytes: 4096, kept: 0, unproven: { records: 0, bytes: 0, reasons: [] } };
    expect(pruneSummary(r)).toBe("3 build-cache record(s) of this run's builds, 4096 bytes");
  });

  it('names what was kept, and what was left unproven with its bytes and reasons', () => {
    const r = {
      records: 2,
      bytes: 100,
      kept: 1,
      unproven: {
        records: 7,
        bytes: 12345,
        reasons: [
          'another build was running as it began (2 builds)',
          "another build's context appeared while it ran (1 build)",
        ],
      },
    };
    expect(pruneSummary(r)).toBe(
      "2 build-cache record(s) of this run's builds, 100 bytes (1 more still shared or in use, kept); " +
        'left 7 record(s), 12345 bytes, that appeared during its builds, not proven its own: ' +
        "another build was running as it began (2 builds); another build's context appeared while it ran (1 build)",
    );
  });
});
