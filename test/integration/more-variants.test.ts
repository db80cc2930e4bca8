import { beforeAll, describe, expect, it } from 'vitest';
import { containerLabels } from '../../src/engine/labels.js';
import { checkRun } from '../../src/run/check-input.js';
import { silentProgress } from '../../src/run/progress.js';
import { type RunOutcome, run } from '../../src/run/run.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';
import { runProblems } from '../support/run-problems.js';

// The five published variants plus one real teaching pair (the cheap one: its Dockerfile is scratch's).
const VARIANTS = [
  'multistage-debian',
  'busybox',
  'distroless',
  'builder-pattern',
  'cgo-dynamic',
  'no-dockerignore',
  'dockerignore',
];
const PT_INTERP = 3;

/** The ELF64 program interpreter (dynamic loader) a binary asks for, or null for a static binary. */
function elfInterpreter(elf: Buffer): string | null {
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) throw new Error('not a 64-bit LE ELF file');
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const size = elf.readUInt16LE(0x36);
  for (let i = 0; i < elf.readUInt16LE(0x38); i++) {
    const ph = phoff + i * size;
    if (elf.readUInt32LE(ph) !== PT_INTERP) continue;
    const offset = Number(elf.readBigUInt64LE(ph + 8));
    const length = Number(elf.readBigUInt64LE(ph + 32));
    return elf
      .subarray(offset, offset + length)
      .toString('utf8')
      .replace(/\0+$/, '');
  }
  return null;
}

/** Files read from a created, never started, container of `image`; null for each one that is absent. */
async function readFiles(image: string, paths: string[]): Promise<(Buffer | null)[]> {
  const id = await engine.createContainer({ image, labels: containerLabels('more-variants-test'), cmd: ['/x'] });
  try {
    return await Promise.all(paths.map((p) => engine.readFile(id, p)));
  } finally {
    await engine.removeContainer(id);
  }
}

describe('more published variants and a teaching pair (local profile)', () => {
  let outcome: RunOutcome;

  beforeAll(async () => {
    const opts = await testRunOptions({ variants: VARIANTS, metrics: ['size'] });
    outcome = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
  });

  const value = (variant: string, metric: string) =>
    outcome.result.measurements.find((m) => m.variant === variant && m.metric === metric)?.value ?? Number.NaN;

  it('builds every one and each answers GET / with Hello World, exit 0', () => {
    expect(outcome.result.variants.map((v) => `${v.variant}:${v.status}:${v.error}`)).toEqual(
      VARIANTS.map((v) => `${v}:ok:null`),
    );
    for (const v of VARIANTS) expect(value(v, 'smoke')).toBe(1);
    expect(outcome.exitCode, runProblems(outcome)).toBe(0);
  });

  it('reports the builder pattern’s build image beside its final image, and removes the build image at the end', async () => {
    const final = value('builder-pattern', 'image_size');
    const build = value('builder-pattern', 'build_image_size');
    expect(build).toBeGreaterThan(20 * final);
    expect(final).toBeLessThan(20_000_000);
    const report = outcome.result.variants.find((v) => v.variant === 'builder-pattern');
    expect(report?.dockerfile).toMatch(/step 1 of 2 \(build image\)[\s\S]*# --- step 2: runtime image ---/);
    expect(await engine.inspectImage('imagediet/builder-pattern-build:local')).toBeNull();
  });

  it('runs distroless as nonroot with no shell or package manager, on the stand-in it names', async () => {
    const info = await engine.inspectImage('imagediet/distroless:local');
    expect(info?.user).toBe('65532:65532');
    const [sh, dpkg, certs, zone, passwd] = await readFiles('imagediet/distroless:local', [
      '/bin/sh',
      '/usr/bin/dpkg',
      '/etc/ssl/certs/ca-certificates.crt',
      '/usr/share/zoneinfo/Etc/UTC',
      '/etc/passwd',
    ]);
    expect([sh, dpkg]).toEqual([null, null]);
    expect(certs?.length).toBeGreaterThan(100_000);
    expect(zone?.subarray(0, 4).toString()).toBe('TZif');
    expect(passwd?.toString()).toContain('nonroot:x:65532:65532:');
    const report = outcome.result.variants.find((v) => v.variant === 'distroless');
    expect(report?.runsAsRoot).toBe(false);
    expect(report?.bases).toContainEqual({
      role: 'runtime',
      ref: 'local/distroless:bookworm',
      standsFor: 'gcr.io/distroless/static-debian12',
    });
  });

  it('links cgo-dynamic against glibc, and distroless statically', async () => {
    const [dynamic] = await readFiles('imagediet/cgo-dynamic:local', ['/api']);
    const [stat] = await readFiles('imagediet/distroless:local', ['/api']);
    expect(elfInterpreter(dynamic ?? Buffer.alloc(0))).toMatch(/\/ld-linux[-\w.]*\.so\.\d$/);
    expect(elfInterpreter(stat ?? Buffer.alloc(0))).toBeNull();
    expect(value('cgo-dynamic', 'image_size')).toBeGreaterThan(5 * value('distroless', 'image_size'));
  });

  it('sends 50 MB more context without a .dockerignore, for the same image', () => {
    const without = value('no-dockerignore', 'context_bytes');
    const withIgnore = value('dockerignore', 'context_bytes');
    // 50 MiB of junk in, the 412-byte .dockerignore itself out.
    expect(without - withIgnore).toBeGreaterThanOrEqual(50_000_000);
    expect(withIgnore).toBeLessThan(100_000);
    expect(value('no-dockerignore', 'binary_bytes')).toBe(value('dockerignore', 'binary_bytes'));
  });

  it('leaves no labelled container and no image beyond the kept final tags', async () => {
    const runId = outcome.result.runId;
    expect(await engine.listContainers([`imagediet.run=${runId}`])).toEqual([]);
    const images = await engine.listImages([`imagediet.run=${runId}`]);
    const tags = images.filter((i) => i.labels['imagediet.kind'] !== 'base').flatMap((i) => i.tags);
    expect(tags.sort()).toEqual(VARIANTS.map((v) => `imagediet/${v}:local`).sort());
  });
});
