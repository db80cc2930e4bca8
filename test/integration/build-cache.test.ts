/**
 * A run's clean-up removes the build-cache records of its own builds and no other: records another client made
 * before the run and while it ran stay. Everything here is built `FROM scratch` with random content, so the file needs
 * no base image and no record of it can already exist.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABEL } from '../../src/engine/engine.js';
import { cleanupRun } from '../../src/run/cleanup.js';
import { imageLabels } from '../../src/run/labels.js';
import { engine } from '../support/engine-available.js';
import { docker } from '../support/user-image.js';

/** Every build-cache record id on the engine, read without the harness's code (any API version's df shape). */
async function recordIds(): Promise<Set<string>> {
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

/** Build as "another client" (plain dockerode, BuildKit, no labels), remove the image, return the records it left. */
async function userRecords(name: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'imagediet-user-cache-'));
  try {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY payload /payload\n');
    await writeFile(path.join(dir, 'payload'), randomBytes(4096));
    const tag = `user-cache/${name}:${Date.now()}`;
    const before = await recordIds();
    const stream = await docker.buildImage({ context: dir, src: ['Dockerfile', 'payload'] }, { t: tag, version: '2' });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (event: { error?: string; errorDetail?: { message?: string } }) => {
          const message = event.errorDetail?.message ?? event.error;
          if (message) reject(new Error(`building ${tag}: ${message}`));
        },
      ),
    );
    // With its image gone the records are unused: exactly what a global prune would take.
    await docker.getImage(tag).remove();
    return [...(await recordIds())].filter((id) => !before.has(id));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One harness build of a temporary image of run `runId`, as the bench makes them. */
async function harnessBuild(runId: string, n: number): Promise<void> {
  const tag = `imagediet/cache-test-${n}:${runId}`;
  await engine.build({
    files: [
      { name: 'Dockerfile', content: Buffer.from('FROM scratch\nCOPY a /a\nCOPY b /b\n') },
      { name: 'a', content: randomBytes(8192) },
      { name: 'b', content: randomBytes(16384) },
    ],
    dockerfile: 'Dockerfile',
    tag,
    labels: imageLabels(runId, 'temp', tag, { [LABEL.variant]: 'cache-test' }),
    builder: 'buildkit',
    timeoutMs: 300_000,
  });
}

describe('build-cache clean-up on a real engine', () => {
  it("removes only its own builds' records: another client's, made before and during the run, stay", async () => {
    const before = await userRecords('before');
    expect(before.length).toBeGreaterThan(0);

    const runId = `cache-test-${Date.now()}`;
    const since = Date.now();
    const atStart = await recordIds();
    await harnessBuild(runId, 1);
    const during = await userRecords('during');
    expect(during.length).toBeGreaterThan(0);
    await harnessBuild(runId, 2);
    const foreign = new Set([...before, ...during]);
    const ours = [...(await recordIds())].filter((id) => !atStart.has(id) && !foreign.has(id));
    expect(ours.length).toBeGreaterThan(0);

    const summary = await cleanupRun(engine, runId, since);
    const after = await recordIds();
    process.stdout.write(
      `build-cache: ${before.length} record(s) before the run and ${during.length} during it from another client, ` +
        `${ours.length} from the run's builds; ${atStart.size + during.length + ours.length} on the engine before ` +
        `clean-up, ${after.size} after ("${summary}")\n`,
    );

    expect([...foreign].filter((id) => !after.has(id))).toEqual([]);
    expect(ours.filter((id) => after.has(id))).toEqual([]);
    // What the clean-up says it removed is what the engine reported deleted, and that is what disappeared.
    expect(summary).toContain(`2 temporary image(s), ${ours.length} build-cache record(s) of this run's builds`);
    expect([...atStart].filter((id) => !after.has(id))).toEqual([]);
  });
});
