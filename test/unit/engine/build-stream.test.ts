import { createRequire } from 'node:module';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, readBuildStream } from '../../../src/engine/build-stream.js';

const require = createRequire(import.meta.url);
const StatusResponse = protobuf
  .loadSync(require.resolve('dockerode/lib/proto/buildkit_status.proto'))
  .lookupType('moby.buildkit.v1.StatusResponse');

async function* chunks(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}
const lines = (...evs: object[]) => chunks(evs.map((e) => JSON.stringify(e)).join('\n'));
/** A `moby.buildkit.trace` event as the engine sends it: the StatusResponse protobuf, base64. */
const trace = (msg: object) => ({
  id: 'moby.buildkit.trace',
  aux: Buffer.from(StatusResponse.encode(StatusResponse.fromObject(msg)).finish()).toString('base64'),
});

describe('build progress stream', () => {
  it('reads build-check warnings (trace field 4) once each, with their rule link', async () => {
    const warning = {
      vertex: 'sha256:abc',
      level: 1,
      short: Buffer.from("StageNameCasing: Stage name 'Build' should be lowercase (line 1)"),
      url: 'https://docs.docker.com/go/dockerfile/rule/stage-name-casing/',
    };
    const s = await readBuildStream(
      lines(trace({ warnings: [warning] }), trace({ warnings: [warning] }), {
        id: 'moby.image.id',
        aux: { ID: 'sha256:b2560054ebea368feff4b9b2d31ccdad1bc827a1c1847039c9b3d7e1e552cda1' },
      }),
    );
    expect(s.warnings).toEqual([
      "StageNameCasing: Stage name 'Build' should be lowercase (line 1) (https://docs.docker.com/go/dockerfile/rule/stage-name-casing/)",
    ]);
    expect(s.error).toBeUndefined();
  });

  it('keeps when each step that ran started and completed (daemon clock), leaving out cached steps', async () => {
    const ts = (iso: string) => ({
      seconds: Math.floor(Date.parse(iso) / 1000),
      nanos: (Date.parse(iso) % 1000) * 1e6,
    });
    const s = await readBuildStream(
      lines(
        trace({ vertexes: [{ digest: 'sha256:a', name: '[1/2] COPY r /r', started: ts('2026-11-29T15:56:27.263Z') }] }),
        trace({ vertexes: [{ digest: 'sha256:b', name: '[2/2] RUN make', cached: true }] }),
        trace({ vertexes: [{ digest: 'sha256:a', completed: ts('2026-11-29T15:56:27.300Z') }] }),
        trace({ vertexes: [{ digest: 'sha256:c', name: '[3/3] RUN false', started: ts('2026-11-29T15:56:27.302Z') }] }),
        trace({
          vertexes: [{ digest: 'sha256:c', error: 'process "/bin/sh -c false" did not complete successfully' }],
        }),
        { errorDetail: { message: 'process "/bin/sh -c false" did not complete successfully: exit code: 1' } },
      ),
    );
    expect(s.spans).toEqual([
      {
        name: '[1/2] COPY r /r',
        start: Date.parse('2026-11-29T15:56:27.263Z'),
        end: Date.parse('2026-11-29T15:56:27.300Z'),
        failed: false,
      },
      // Never seen complete (it failed): it ends at the last time the trace mentioned.
      {
        name: '[3/3] RUN false',
        start: Date.parse('2026-11-29T15:56:27.302Z'),
        end: Date.parse('2026-11-29T15:56:27.302Z'),
        failed: true,
      },
    ]);
  });

  it('takes the image id from moby.image.id, a manifest digest under the containerd store', async () => {
    const id = 'sha256:b2560054ebea368feff4b9b2d31ccdad1bc827a1c1847039c9b3d7e1e552cda1';
    const s = await readBuildStream(lines(trace({ vertexes: [] }), { id: 'moby.image.id', aux: { ID: id } }));
    expect(s.imageId).toBe(id);
  });

  it('reports the newer BuildKit error wording with its exit code and the step output', async () => {
    const message =
      'process "/bin/busybox sh -c echo about to fail; exit 3" did not complete successfully: exit code: 3';
    const s = await readBuildStream(
      lines(trace({ logs: [{ vertex: 'sha256:abc', stream: 1, msg: Buffer.from('about to fail\n') }] }), {
        errorDetail: { message },
      }),
    );
    expect(s).toMatchObject({ error: message, exitCode: 3, imageId: undefined });
    expect(s.log).toContain('about to fail');
  });

  it('reads the exit code from every wording the engines use', () => {
    expect(exitCodeOf('executor failed running [/bin/sh -c exit 3]: exit code: 3', undefined)).toBe(3);
    expect(exitCodeOf('process "/bin/sh -c exit 7" did not complete successfully: exit code: 7', undefined)).toBe(7);
    expect(exitCodeOf("The command '/bin/sh -c exit 3' returned a non-zero code: 3", 3)).toBe(3);
    expect(exitCodeOf('failed to compute cache key: "/missing" not found', undefined)).toBeNull();
  });

  it('keeps the first error event when a later one follows', async () => {
    const s = await readBuildStream(lines({ error: 'first', errorDetail: { message: 'first' } }, { error: 'second' }));
    expect(s.error).toBe('first');
  });
});
