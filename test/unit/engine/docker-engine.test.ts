/**
 * DockerEngine against a fake daemon on a unix socket that speaks like Docker 29.x (API 1.53, oldest 1.44): which
 * paths and queries the harness really sends. No real engine of that version runs here.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeDaemon, startFakeDaemon } from '../../support/fake-daemon.js';

const record = (ID: string) => ({
  ID,
  Description: 'fileop target',
  InUse: false,
  Shared: false,
  Size: 10,
  CreatedAt: '2026-11-29T15:44:16.73403419Z',
});

describe('DockerEngine against a Docker 29-like daemon', () => {
  let daemon: FakeDaemon;
  let requests: string[];

  beforeEach(async () => {
    daemon = await startFakeDaemon((p, _req, _res, json) => {
      if (p === '/version' || p === '/v1.52/version')
        return json({ Version: '29.1.0', ApiVersion: '1.53', MinAPIVersion: '1.44' });
      // 29.0–29.2 refuse anything older than 1.44, and an unversioned path is answered in the newest shape.
      const m = /^\/v(\d+\.\d+)\//.exec(p);
      if (!m) return json({ message: `unversioned ${p}: answered as API 1.53` });
      if (Number(m[1]?.split('.')[1]) < 44) return json({ message: `client version ${m[1]} is too old` }, 400);
      if (p === '/v1.52/info')
        return json({
          Driver: 'overlayfs',
          DriverStatus: [['driver-type', 'io.containerd.snapshotter.v1']],
          OperatingSystem: 'fake',
          KernelVersion: '6',
          Architecture: 'x86_64',
          NCPU: 2,
          MemTotal: 1,
          SystemTime: new Date().toISOString(),
        });
      if (p === '/v1.52/system/df')
        return json({ BuildCacheUsage: { TotalCount: 2, Items: [record('theirs1'), record('theirs2')] } });
      if (p === '/v1.52/images/imagediet/x:1/history')
        return json([{ CreatedBy: 'COPY a /a # buildkit', Size: 3, Comment: 'buildkit.dockerfile.v0' }]);
      return json({ message: `unexpected ${p}` }, 404);
    });
    requests = daemon.requests;
  });
  afterEach(() => daemon.close());

  const engine = () => daemon.engine();

  it('asks only /version unversioned, then pins 1.52 (its newest) for every path and records both versions', async () => {
    const e = engine();
    const facts = await e.describe('buildkit');
    expect([facts.apiVersion, facts.engineApiVersion]).toEqual(['1.52', '1.53']);
    expect(await e.imageHistory('imagediet/x:1')).toEqual([
      { createdBy: 'COPY a /a # buildkit', size: 3, comment: 'buildkit.dockerfile.v0' },
    ]);
    expect(requests[0]).toBe('GET /version');
    expect(requests.slice(1).filter((r) => !r.startsWith('GET /v1.52/'))).toEqual([]);
  });

  it('prunes nothing when its own builds made no record, although the engine lists unused records', async () => {
    const report = await engine().pruneBuildCacheSince(0);
    expect(report).toEqual({ records: 0, bytes: 0, kept: 0, unproven: { records: 0, bytes: 0, reasons: [] } });
    expect(requests.filter((r) => r.includes('/build/prune'))).toEqual([]);
  });
});

describe('DockerEngine.pushImage when the push fails and so does removing its tag', () => {
  let daemon: FakeDaemon;
  afterEach(() => daemon.close());

  it('tells the failed removal to the note and throws the push error', async () => {
    daemon = await startFakeDaemon((p, req, _res, json) => {
      if (p === '/version' || p === '/v1.52/version')
        return json({ Version: '29.1.0', ApiVersion: '1.53', MinAPIVersion: '1.44' });
      if (req.method === 'POST' && p.endsWith('/tag')) return json({}, 201);
      if (req.method === 'POST' && p.endsWith('/push')) return json({ message: 'registry went away' }, 500);
      if (req.method === 'DELETE') return json({ message: 'image is locked' }, 500);
      // The engine trusts loopback registries, so the push error is not re-explained.
      if (p === '/v1.52/info') return json({ RegistryConfig: { InsecureRegistryCIDRs: ['127.0.0.0/8'] } });
      return json({ message: `unexpected ${p}` }, 404);
    });
    const notes: string[] = [];
    const ref = '127.0.0.1:5000/imagediet/one:t1';
    const pushed = daemon.engine().pushImage('imagediet/one:latest', ref, undefined, (line) => notes.push(line));
    await expect(pushed).rejects.toThrow(/registry went away/);
    expect(notes).toEqual([
      expect.stringMatching(
        /^clean-up: remove the tag 127\.0\.0\.1:5000\/imagediet\/one:t1 of a failed push failed: .*image is locked/,
      ),
    ]);
    expect(daemon.requests.filter((r) => r.startsWith('DELETE '))).toHaveLength(1);
  });
});

describe('DockerEngine: the step images a classic build leaves', () => {
  let daemon: FakeDaemon;
  afterEach(() => daemon.close());

  it('tells a failed removal to the note, and passes over a step image the engine keeps for its children', async () => {
    const kept = 'aaaaaaaaaaaa';
    const stuck = 'bbbbbbbbbbbb';
    const result = 'cccccccccccc';
    daemon = await startFakeDaemon((p, req, res, json) => {
      if (p === '/version' || p === '/v1.52/version')
        return json({ Version: '29.1.0', ApiVersion: '1.53', MinAPIVersion: '1.44' });
      if (p === '/v1.52/build') {
        req.resume();
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const lines = [
          { stream: 'Step 1/3 : FROM scratch\n' },
          { stream: ` ---> ${kept}\n` },
          { stream: 'Step 2/3 : COPY a /a\n' },
          { stream: ` ---> ${stuck}\n` },
          { stream: 'Step 3/3 : COPY b /b\n' },
          { stream: ` ---> ${result}\n` },
          { aux: { ID: `sha256:${result}${'0'.repeat(52)}` } },
        ];
        return res.end(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
      }
      const image = /^\/v1\.52\/images\/([0-9a-f]+)(\/json)?$/.exec(p);
      if (image && req.method === 'GET')
        return json({ Id: `sha256:${image[1]}`, RepoTags: [], Created: new Date().toISOString() });
      if (image?.[1] === kept) return json({ message: 'conflict: image has dependent child images' }, 409);
      if (image?.[1] === stuck) return json({ message: 'driver failed to remove layer' }, 500);
      return json({ message: `unexpected ${p}` }, 404);
    });
    const notes: string[] = [];
    await daemon.engine().build({
      files: [{ name: 'Dockerfile', content: Buffer.from('FROM scratch\n') }],
      dockerfile: 'Dockerfile',
      tag: 'imagediet/x:1',
      labels: {},
      builder: 'classic',
      timeoutMs: 10_000,
      note: (line) => notes.push(line),
    });
    expect(notes).toEqual([
      expect.stringMatching(/^clean-up: remove build step image bbbbbbbbbbbb failed: .*driver failed to remove layer/),
    ]);
    expect(daemon.requests.filter((r) => r.startsWith('DELETE ')).map((r) => r.split('?')[0])).toEqual([
      `DELETE /v1.52/images/${stuck}`,
      `DELETE /v1.52/images/${kept}`,
    ]);
  });
});

describe("DockerEngine: the engine's content-lock race during a build", () => {
  let daemon: FakeDaemon;
  afterEach(() => daemon.close());

  const race =
    'mount callback failed on /engine/data/containerd/daemon/tmpmounts/containerd-mount1: failed to open writer: ' +
    'ref moby/1/mlacw9rr79ryxia762lh0x072 locked for 7.134397ms (since 2026-12-03 06:51:41.33 +0000 UTC): unavailable';

  /** A daemon whose first `failures` builds end with `error`, and whose later builds succeed. */
  async function daemonFailing(failures: number, error: string): Promise<FakeDaemon> {
    let builds = 0;
    return startFakeDaemon((p, req, res, json) => {
      if (p === '/version' || p === '/v1.52/version')
        return json({ Version: '29.1.0', ApiVersion: '1.53', MinAPIVersion: '1.44' });
      if (p === '/v1.52/build') {
        req.resume();
        builds++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const lines =
          builds <= failures
            ? [{ stream: 'Step 1/1 : FROM scratch\n' }, { errorDetail: { message: error }, error }]
            : [{ stream: 'Step 1/1 : FROM scratch\n' }, { aux: { ID: `sha256:${'c'.repeat(64)}` } }];
        return res.end(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
      }
      return json({ message: `unexpected ${p}` }, 404);
    });
  }
  const builds = (d: FakeDaemon) => d.requests.filter((r) => r.startsWith('POST /v1.52/build')).length;
  const request = (extra: { noCache?: boolean; retryRace?: boolean }, notes: string[]) => ({
    files: [{ name: 'Dockerfile', content: Buffer.from('FROM scratch\n') }],
    dockerfile: 'Dockerfile',
    tag: 'imagediet/x:1',
    labels: {},
    builder: 'classic' as const,
    timeoutMs: 10_000,
    note: (line: string) => notes.push(line),
    ...extra,
  });

  it('builds again after the race when the build reruns every step, and says so', async () => {
    daemon = await daemonFailing(1, race);
    const notes: string[] = [];
    const result = await daemon.engine().build(request({ noCache: true }, notes));
    expect(result.imageId).toBe(`sha256:${'c'.repeat(64)}`);
    expect(builds(daemon)).toBe(2);
    expect(notes).toEqual([expect.stringContaining("imagediet/x:1: the engine's content-lock race")]);
  });

  it('reports the race after three attempts, each a whole build', async () => {
    daemon = await daemonFailing(5, race);
    await expect(daemon.engine().build(request({ retryRace: true }, []))).rejects.toThrow(/locked for .*: unavailable/);
    expect(builds(daemon)).toBe(3);
  });

  it('does not retry a cached build whose time is read (a warm sample), nor any other error', async () => {
    daemon = await daemonFailing(1, race);
    await expect(daemon.engine().build(request({}, []))).rejects.toThrow(/unavailable/);
    expect(builds(daemon)).toBe(1);
    await daemon.close();
    daemon = await daemonFailing(1, 'failed to solve: process "/bin/sh -c false" did not complete successfully');
    await expect(daemon.engine().build(request({ noCache: true }, []))).rejects.toThrow(/did not complete/);
    expect(builds(daemon)).toBe(1);
  });
});
