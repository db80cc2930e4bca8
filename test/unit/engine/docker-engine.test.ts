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
    expect(report).toEqual({ records: 0, bytes: 0, kept: 0 });
    expect(requests.filter((r) => r.includes('/build/prune'))).toEqual([]);
  });
});
