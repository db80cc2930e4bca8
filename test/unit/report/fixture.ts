/** Hand-made run records for reporter tests: three variants, one with published figures, one failed. */
import type { Measurement, PublishedClaim, RunResult, VariantRecord } from '../../../src/types.js';

const RUN = {
  run_id: 'r-20250301-1004',
  profile: 'local',
  builder: 'buildkit',
  engine_version: '20.10.24',
  image_store: 'overlay2 graph driver',
} as const;

/** A measurement row with run-level fields filled in; sizes are exact: value = median, samples = 1, no spread. */
export function row(
  variant: string,
  metric: string,
  value: number | null,
  extra: Partial<Measurement> = {},
): Measurement {
  return {
    ...RUN,
    timestamp: '2025-03-01T10:05:00.000Z',
    git_sha: 'abc1234def5678',
    variant,
    params: '',
    metric,
    unit: metric === 'layers' ? 'count' : 'bytes',
    status: 'ok',
    value,
    mean: value,
    median: value,
    min: value,
    max: value,
    sd: null,
    rme: null,
    samples: value === null ? null : 1,
    image: `imagediet/${variant}:local`,
    base: null,
    error: null,
    note: null,
    ci_low: null,
    ci_high: null,
    other_cpu: null,
    ...extra,
  };
}

/** A timed row: value is the median, ms; `margin` (%) sets the median's interval (and the mean's rme), none for n = 1. */
export function timedRow(
  variant: string,
  metric: string,
  median: number,
  margin: number,
  samples: number,
  extra: Partial<Measurement> = {},
): Measurement {
  const spread = samples > 1;
  return row(variant, metric, median, {
    unit: 'ms',
    mean: spread ? median * 1.01 : median,
    min: spread ? median * 0.97 : median,
    max: spread ? median * 1.04 : median,
    sd: spread ? median * 0.02 : null,
    rme: spread ? margin : null,
    ci_low: spread ? median * (1 - margin / 100) : null,
    ci_high: spread ? median * (1 + margin / 100) : null,
    samples,
    ...extra,
  });
}

const claim = (source: string, variant: string, reportedSizeMb: string | null, notes = ''): PublishedClaim => ({
  source,
  published: '2019-03-25',
  variant,
  baseImages: '',
  reportedSizeMb,
  notes,
});

/** A variant report with neutral defaults; `extra` sets what a test cares about. */
export function report(variant: string, extra: Partial<VariantRecord>): VariantRecord {
  return {
    variant,
    title: variant,
    teaching: '',
    params: '',
    status: 'ok',
    image: `imagediet/${variant}:local`,
    bases: [],
    finalBase: null,
    dockerfile: 'FROM scratch\n',
    goVersion: 'go1.19.8',
    runsAsRoot: null,
    published: [],
    order: 0,
    pairWith: null,
    layers: null,
    anatomy: null,
    error: null,
    identity: null,
    packages: null,
    ...extra,
  };
}

const BUILD_ERROR = 'build scratch: go build ./... | tee build.log: exit code 2\n#12 0.31 main.go:3:2: missing import';

/** Sizes only: ubuntu and multistage measured, scratch (a params sweep point) failed to build. */
export function sizeRun(): RunResult {
  const scratchParams = { params: 'ldflags=-s -w' };
  return {
    runId: RUN.run_id,
    startedAt: '2025-03-01T10:04:12.345Z',
    finishedAt: '2025-03-01T10:09:00.000Z',
    gitSha: 'abc1234def5678',
    profile: 'local',
    profileReason: 'no registry access, so offline bases built from Debian packages',
    builder: 'buildkit',
    environment: {
      engineVersion: '20.10.24',
      apiVersion: '1.41',
      storageDriver: 'overlay2',
      imageStore: 'overlay2 graph driver',
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-18-amd64',
      architecture: 'x86_64',
      cpus: 2,
      memoryBytes: 8_336_138_240,
      builder: 'buildkit',
      node: 'v20.20.2',
    },
    variants: [
      report('ubuntu', {
        teaching: 'One stage carries the whole toolchain into production.',
        bases: [{ role: 'runtime', ref: 'local/debian-go:bookworm', standsFor: 'ubuntu:18.04' }],
        finalBase: { ref: 'local/debian-go:bookworm', standsFor: 'ubuntu:18.04' },
        runsAsRoot: true,
        published: [claim('do-tutorial-2019', 'ubuntu', '636')],
      }),
      report('multistage', {
        teaching: 'Copy only the binary\ninto a small runtime.',
        bases: [
          { role: 'builder', ref: 'local/golang:1.19-bookworm', standsFor: 'golang:1.10-alpine3.8' },
          { role: 'runtime', ref: 'local/alpine:3.8', standsFor: 'alpine:3.8' },
        ],
        finalBase: { ref: 'local/alpine:3.8', standsFor: 'alpine:3.8' },
        runsAsRoot: false,
        goVersion: 'go1.19.8',
        published: [
          claim('do-tutorial-2019', 'multistage', '11.3'),
          claim('ggicci-2018', 'multistage', '11'),
          claim('go-chronicles', 'multistage', '~11.8'),
        ],
      }),
      report('scratch', {
        ...scratchParams,
        teaching: 'A static binary needs no base at all.',
        status: 'failed',
        image: null,
        bases: [{ role: 'runtime', ref: 'scratch', standsFor: null }],
        finalBase: { ref: 'scratch', standsFor: null },
        goVersion: 'go1.21.0',
        published: [claim('optimize-guide', 'scratch', null, 'strips debug info: 20-30% smaller binary')],
        error: BUILD_ERROR,
      }),
    ],
    measurements: [
      row('ubuntu', 'image_size', 612_345_678, { base: 'local/debian-go:bookworm' }),
      row('ubuntu', 'layers', 5),
      row('ubuntu', 'binary_bytes', 7_340_032),
      row('ubuntu', 'own_bytes', 482_000_001),
      row('multistage', 'image_size', 11_300_000, { base: 'local/alpine:3.8' }),
      row('multistage', 'layers', 3),
      row('multistage', 'binary_bytes', 1_982_259),
      row('multistage', 'own_bytes', 5_000_000),
      row('scratch', 'image_size', null, { ...scratchParams, status: 'failed', image: null, error: BUILD_ERROR }),
    ],
    samples: {},
    warnings: [],
    announced: [],
    cleanupFailures: [],
  };
}

/** The size run plus timing rows and compressed sizes; multistage's cold pull failed. */
export function timedRun(): RunResult {
  const base = sizeRun();
  const pullError = 'pull 127.0.0.1:5000/imagediet/multistage: timed out after 120 s';
  return {
    ...base,
    measurements: [
      ...base.measurements,
      row('ubuntu', 'image_size_compressed', 231_456_789),
      row('multistage', 'image_size_compressed', 5_432_100),
      timedRow('ubuntu', 'build_cold', 48_213.4, 3.04567, 3),
      timedRow('multistage', 'build_cold', 12_400, 2.1, 3),
      timedRow('ubuntu', 'build_warm', 812.4, 2.1, 5),
      timedRow('multistage', 'build_warm', 640, 0.55, 5),
      timedRow('ubuntu', 'pull_engine_cold', 9_870, 4.2, 3),
      row('multistage', 'pull_engine_cold', null, { unit: 'ms', status: 'failed', error: pullError }),
      timedRow('ubuntu', 'startup', 312.6, 1.25, 10),
      timedRow('multistage', 'startup', 41.2, 12.5, 10),
    ],
    samples: { 'ubuntu||build_cold': [47_000, 48_213.4, 49_900] },
    warnings: ['startup: multistage rme 12.5% > 10%; raise --runs for a steadier median'],
  };
}
