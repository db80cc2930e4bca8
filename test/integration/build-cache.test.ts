/**
 * A run's clean-up removes only build-cache records its own builds provably made. Quiet, it removes them; with
 * another client building the same Dockerfile steps at the same moment, and another run on the same engine, it
 * leaves every record the other client made, and says what it left.
 *
 * The other client is told apart by the test, never by the harness: its payload is large (1 MiB files, where the
 * harness's are a few KiB), so each of its records (context, context copy, COPY a, RUN, COPY c) is over 1 MiB, and
 * each of its builds makes exactly five of them (seen on 20.10 and 28.5). Every build's payload is random, so no record
 * can be served from another build's cache.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ensureBases } from '../../src/bases/index.js';
import { createDockerEngine } from '../../src/engine/docker-engine.js';
import type { Engine } from '../../src/engine/engine.js';
import { LABEL } from '../../src/engine/engine.js';
import { imageLabels } from '../../src/engine/labels.js';
import { localProfile } from '../../src/profiles/local.js';
import { cleanupRun } from '../../src/run/cleanup.js';
import { engine } from '../support/engine-available.js';
import { buildUserImage, docker } from '../support/user-image.js';

const BASE = 'local/busybox:bookworm';
/** The same steps for every build here, the harness's and the other client's. */
const DOCKERFILE = `FROM ${BASE}\nCOPY a /a\nRUN sleep 3 && cat /a > /b\nCOPY c /c\n`;
/** Records at least this big are the other client's, bytes. */
const BIG = 1 << 20;
/** Records each of the other client's builds makes. */
const PER_BUILD = 5;

interface Seen {
  id: string;
  size: number;
  inUse: boolean;
}

/**
 * Every build-cache record on the engine, read without the harness's code (any API version's df shape). The
 * containerd store can fail a df that races a build ("snapshot … does not exist"): asked again.
 */
async function records(attempt = 1): Promise<Seen[]> {
  try {
    const df = await new Promise<{
      BuildCache?: { ID: string; Size: number; InUse: boolean }[] | null;
      BuildCacheUsage?: { Items?: { ID: string; Size: number; InUse: boolean }[] };
    }>((resolve, reject) =>
      docker.modem.dial(
        {
          path: '/system/df?',
          method: 'GET',
          // API 1.52+ lists records only with verbose; older engines ignore the parameter.
          options: { verbose: '1' },
          statusCodes: { 200: true, 404: 'not found', 500: 'server error' },
        },
        (err, data) => (err ? reject(err) : resolve(data as never)),
      ),
    );
    return (df.BuildCacheUsage?.Items ?? df.BuildCache ?? []).map((r) => ({ id: r.ID, size: r.Size, inUse: r.InUse }));
  } catch (err) {
    if (attempt >= 5) throw err;
    await new Promise((r) => setTimeout(r, 200 * attempt));
    return records(attempt + 1);
  }
}

/** The records once no build holds any: the engine releases a build's records a little after its stream ends. */
async function settled(): Promise<Seen[]> {
  for (let i = 0; ; i++) {
    const now = await records();
    if (!now.some((r) => r.inUse) || i >= 60) return now;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const idsOf = (rs: Seen[]) => new Set(rs.map((r) => r.id));

/** Prune one build-cache record by id (the test's own "other client" records, after the checks). */
function pruneRecord(id: string): Promise<unknown> {
  return new Promise((resolve, reject) =>
    docker.modem.dial(
      {
        path: '/build/prune?',
        method: 'POST',
        options: { filters: JSON.stringify({ id: [id] }) },
        statusCodes: { 200: true, 500: 'server error' },
      },
      (err, data) => (err ? reject(err) : resolve(data)),
    ),
  );
}

/** One build of "another client": plain dockerode, BuildKit, no labels, large payload; its image is removed after. */
async function otherClientBuild(name: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'imagediet-user-cache-'));
  try {
    await writeFile(path.join(dir, 'Dockerfile'), DOCKERFILE);
    await writeFile(path.join(dir, 'a'), randomBytes(BIG));
    await writeFile(path.join(dir, 'c'), randomBytes(BIG));
    const tag = `user-cache/${name}:${Date.now()}`;
    await buildUserImage(dir, tag, 'Dockerfile', ['a', 'c']);
    // With its image gone the records are unused: exactly what a careless prune would take.
    await docker.getImage(tag).remove();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One harness build of a temporary image of run `runId`, as the bench makes them: the same steps, small payload. */
async function harnessBuild(e: Engine, runId: string, n: number): Promise<void> {
  const tag = `imagediet/cache-test-${n}:${runId}`;
  await e.build({
    files: [
      { name: 'Dockerfile', content: Buffer.from(DOCKERFILE) },
      { name: 'a', content: randomBytes(8192) },
      { name: 'c', content: randomBytes(4096) },
    ],
    dockerfile: 'Dockerfile',
    tag,
    labels: imageLabels(runId, 'temp', tag, { [LABEL.variant]: 'cache-test' }),
    builder: 'buildkit',
    timeoutMs: 600_000,
  });
}

/** A bench in miniature: its own engine connection, two builds, then its run's clean-up. Returns the summary. */
async function bench(runId: string): Promise<string> {
  const e = createDockerEngine();
  const since = Date.now();
  let summary = '';
  try {
    await harnessBuild(e, runId, 1);
    await harnessBuild(e, runId, 2);
  } finally {
    // As run() does: the clean-up runs whatever happened to the builds.
    summary = await cleanupRun(e, runId, since);
  }
  return summary;
}

/** `N build-cache record(s) of this run's builds` and the unproven count of a summary. */
function counts(summary: string): { removed: number; kept: number; left: number } {
  const n = (re: RegExp) => Number(re.exec(summary)?.[1] ?? 0);
  return {
    removed: n(/(\d+) build-cache record\(s\) of this run's builds/),
    kept: n(/\((\d+) more still shared or in use, kept\)/),
    left: n(/left (\d+) record\(s\)/),
  };
}

describe('build-cache clean-up on a real engine', () => {
  beforeAll(async () => {
    await ensureBases(engine, ['busybox'], {
      goVersion: localProfile.defaultGoVersion,
      rebuild: false,
      runId: `cache-test-bases-${Date.now()}`,
    });
  });

  /** Records the test's other client made are pruned at the end of each test, one id at a time. */
  const tidy = (ids: Iterable<string>) =>
    onTestFinished(async () => {
      for (const id of ids) await pruneRecord(id).catch(() => undefined);
    });

  it('quiet: with no other client, a run removes the records its builds made and reports nothing left', async () => {
    const start = idsOf(await settled());
    const runId = `cache-test-quiet-${Date.now()}`;
    const summary = await bench(runId);
    const end = await settled();
    process.stdout.write(`build-cache quiet: "${summary}"\n`);
    expect([...start].filter((id) => !idsOf(end).has(id))).toEqual([]);
    const c = counts(summary);
    expect(summary).not.toContain('not proven');
    expect(c.removed).toBeGreaterThan(0);
    // Whatever of the run's records is still there is what the engine keeps as shared, and the summary says so.
    expect(end.filter((r) => !start.has(r.id))).toHaveLength(c.kept);
  });

  it("leaves the records another client made before and between the run's builds, and removes its own", async () => {
    const start = idsOf(await settled());
    await otherClientBuild('before');
    // "Between" means wholly between: the engine has released the other build's records before ours begins.
    await settled();
    const runId = `cache-test-between-${Date.now()}`;
    const e = createDockerEngine();
    const since = Date.now();
    await harnessBuild(e, runId, 1);
    await otherClientBuild('between');
    await settled();
    await harnessBuild(e, runId, 2);
    const built = await settled();
    const theirs = built.filter((r) => !start.has(r.id) && r.size >= BIG).map((r) => r.id);
    tidy(theirs);
    const summary = await cleanupRun(e, runId, since);
    const end = idsOf(await settled());
    process.stdout.write(`build-cache before/between: other client made ${theirs.length}; "${summary}"\n`);
    expect(theirs).toHaveLength(2 * PER_BUILD);
    expect(theirs.filter((id) => !end.has(id))).toEqual([]);
    expect(summary).not.toContain('not proven');
    expect(counts(summary).removed).toBeGreaterThan(0);
  });

  it('contended: two runs at once while another client builds the same steps: all of its records stay', async () => {
    const start = idsOf(await settled());
    const stamp = Date.now();
    const runs = [`cache-test-a-${stamp}`, `cache-test-b-${stamp}`];
    onTestFinished(async () => {
      // Only if a run failed before its own clean-up removed them.
      for (const runId of runs)
        for (const n of [1, 2]) await engine.removeImage(`imagediet/cache-test-${n}:${runId}`).catch(() => undefined);
    });
    // All start at once, and every build's RUN sleeps 3 s: the windows overlap on purpose. The other client builds
    // twice in a row, so it is still building while the runs make their second builds and clean up.
    const [, ...summaries] = await Promise.all([
      otherClientBuild('during-1').then(() => otherClientBuild('during-2')),
      ...runs.map((runId) => bench(runId)),
    ]);
    const end = await settled();
    const theirs = end.filter((r) => !start.has(r.id) && r.size >= BIG).map((r) => r.id);
    tidy(theirs);
    const ours = end.filter((r) => !start.has(r.id) && r.size < BIG).length;
    process.stdout.write(
      `build-cache contended: other client's records present ${theirs.length} of ${2 * PER_BUILD}; ` +
        `runs' records left on the engine ${ours}; ${summaries.map((s) => `"${s}"`).join(' / ')}\n`,
    );
    // Every record the other client made is still there: none was taken for a run's own.
    expect(theirs).toHaveLength(2 * PER_BUILD);
    // Each run's first build overlapped the other run's and the other client's: it says what it left, and why.
    for (const s of summaries) {
      expect(s).toContain('not proven its own');
      expect(counts(s ?? '').left).toBeGreaterThan(0);
    }
  });
});
