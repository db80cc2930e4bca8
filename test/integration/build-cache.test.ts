/**
 * A run's clean-up removes the build-cache records of its own builds and no other: records another client made
 * before the run, between its builds and while one of its builds ran stay. Every build adds random content, so no
 * record of it can already exist; the harness's builds use the busybox base (for a RUN step that lasts), prepared
 * through ensureBases.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ensureBases } from '../../src/bases/index.js';
import { LABEL } from '../../src/engine/engine.js';
import { imageLabels } from '../../src/engine/labels.js';
import { localProfile } from '../../src/profiles/local.js';
import { cleanupRun } from '../../src/run/cleanup.js';
import { engine } from '../support/engine-available.js';
import { buildUserImage, docker } from '../support/user-image.js';

/**
 * Every build-cache record id on the engine, read without the harness's code (any API version's df shape). The
 * containerd store can fail a df that races a build ("snapshot … does not exist"): asked again.
 */
async function recordIds(attempt = 1): Promise<Set<string>> {
  try {
    return await readRecordIds();
  } catch (err) {
    if (attempt >= 5) throw err;
    await new Promise((r) => setTimeout(r, 200 * attempt));
    return recordIds(attempt + 1);
  }
}

async function readRecordIds(): Promise<Set<string>> {
  const df = await new Promise<{
    BuildCache?: { ID: string }[] | null;
    BuildCacheUsage?: { Items?: { ID: string }[] };
  }>((resolve, reject) =>
    docker.modem.dial(
      {
        path: '/system/df?',
        method: 'GET',
        // API 1.52+ lists records only with verbose; older engines ignore the parameter.
        options: { verbose: '1' },
        statusCodes: { 200: true, 500: 'server error' },
      },
      (err, data) => (err ? reject(err) : resolve(data as never)),
    ),
  );
  return new Set((df.BuildCacheUsage?.Items ?? df.BuildCache ?? []).map((r) => r.ID));
}

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

/** Build as "another client" (plain dockerode, BuildKit, no labels), remove the image, return the records it left. */
async function userRecords(name: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'imagediet-user-cache-'));
  try {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY payload /payload\n');
    await writeFile(path.join(dir, 'payload'), randomBytes(4096));
    const tag = `user-cache/${name}:${Date.now()}`;
    const before = await recordIds();
    await buildUserImage(dir, tag, 'Dockerfile', ['payload']);
    // With its image gone the records are unused: exactly what a global prune would take.
    await docker.getImage(tag).remove();
    return [...(await recordIds())].filter((id) => !before.has(id));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One harness build of a temporary image of run `runId`, as the bench makes them, with a RUN step of `runMs`. */
async function harnessBuild(runId: string, n: number, runMs: number): Promise<void> {
  const tag = `imagediet/cache-test-${n}:${runId}`;
  const seconds = (runMs / 1000).toFixed(1);
  await engine.build({
    files: [
      {
        name: 'Dockerfile',
        content: Buffer.from(`FROM ${BASE}\nCOPY a /a\nRUN sleep ${seconds} && cat /a > /b\nCOPY c /c\n`),
      },
      { name: 'a', content: randomBytes(8192) },
      { name: 'c', content: randomBytes(16384) },
    ],
    dockerfile: 'Dockerfile',
    tag,
    labels: imageLabels(runId, 'temp', tag, { [LABEL.variant]: 'cache-test' }),
    builder: 'buildkit',
    timeoutMs: 300_000,
  });
}

const BASE = 'local/busybox:bookworm';

describe('build-cache clean-up on a real engine', () => {
  beforeAll(async () => {
    await ensureBases(engine, ['busybox'], {
      goVersion: localProfile.defaultGoVersion,
      rebuild: false,
      runId: `cache-test-bases-${Date.now()}`,
    });
  });

  it("removes only its own builds' records: another client's, made before, between and during its builds, stay", async () => {
    const before = await userRecords('before');
    expect(before.length).toBeGreaterThan(0);

    const runId = `cache-test-${Date.now()}`;
    onTestFinished(async () => {
      // Only if the test failed before the clean-up under test removed them.
      for (const n of [1, 2]) await engine.removeImage(`imagediet/cache-test-${n}:${runId}`).catch(() => undefined);
    });
    const since = Date.now();
    const atStart = await recordIds();
    await harnessBuild(runId, 1, 100);
    const between = await userRecords('between');
    // The other client builds while the harness's RUN step sleeps: same engine, same seconds, other records.
    const [, during] = await Promise.all([
      harnessBuild(runId, 2, 4000),
      new Promise((r) => setTimeout(r, 1500)).then(() => userRecords('during')),
    ]);
    expect(between.length).toBeGreaterThan(0);
    expect(during.length).toBeGreaterThan(0);
    const foreign = new Set([...before, ...between, ...during]);
    // The other client tidies up its own records at the end, one id at a time, as the harness does.
    onTestFinished(async () => {
      for (const id of foreign) await pruneRecord(id).catch(() => undefined);
    });
    const ours = [...(await recordIds())].filter((id) => !atStart.has(id) && !foreign.has(id));
    expect(ours.length).toBeGreaterThan(0);

    const summary = await cleanupRun(engine, runId, since);
    const after = await recordIds();
    process.stdout.write(
      `build-cache: another client made ${before.length} record(s) before the run, ${between.length} between its ` +
        `builds and ${during.length} during one; the run's builds made ${ours.length}; ` +
        `${atStart.size + between.length + during.length + ours.length} on the engine before clean-up, ` +
        `${after.size} after ("${summary}")\n`,
    );

    expect([...foreign].filter((id) => !after.has(id))).toEqual([]);
    expect([...atStart].filter((id) => !after.has(id))).toEqual([]);
    // What the clean-up says it removed is what the engine reported deleted, and that is what disappeared. A record
    // the engine still counts as shared cannot be pruned without force; it is counted as kept, never forced.
    const left = ours.filter((id) => after.has(id)).length;
    expect(left).toBeLessThan(ours.length);
    expect(summary).toContain(`2 temporary image(s), ${ours.length - left} build-cache record(s) of this run's builds`);
    if (left > 0) expect(summary).toContain(`(${left} more still shared or in use, kept)`);
  });
});
