/**
 * The exit code never lies, on a real engine: a node engine whose dockerd dies while deploys are sampled, and a
 * registry that refuses every push, each end with failed cells that name the reason and a run that exits 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeName } from '../../src/node/node-engine.js';
import { checkRun } from '../../src/run/check-input.js';
import { type Progress, silentProgress } from '../../src/run/progress.js';
import { run } from '../../src/run/run.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';

const ENGINES = path.join(process.env.IMAGEDIET_ENGINE_HOME ?? '/var/tmp/imagediet', 'engines');

describe('a failure while a group runs fails the run', () => {
  it('a node whose dockerd is killed during the deploys: those cells failed with the reason, exit 1', async () => {
    let runId = '';
    let killed = '';
    const progress: Progress = {
      ...silentProgress,
      note: (line) => {
        runId ||= /^run (\S+):/.exec(line)?.[1] ?? '';
      },
      start: (label) => {
        // The second link's deploys start: the first link measured, then the node's daemon dies under the run.
        if (!label.startsWith('deploys at 1 Gbit/s') || killed) return;
        const pid = readFileSync(path.join(ENGINES, nodeName(runId), 'daemon.pid'), 'utf8').trim();
        process.kill(Number(pid), 'SIGKILL');
        killed = pid;
      },
    };
    const opts = await testRunOptions({
      variants: ['scratch'],
      metrics: ['size', 'deploy'],
      runs: { build: 1, pull: 2, startup: 1 },
    });
    const outcome = await run(await checkRun(opts), { engine, progress, signal: new AbortController().signal });
    expect(killed).not.toBe('');
    const row = (metric: string) => outcome.result.measurements.find((m) => m.metric === metric);
    expect(row('deploy_100mbit')?.status).toBe('ok');
    expect(row('deploy_1gbit')).toMatchObject({ status: 'failed' });
    // The node's own words: its socket no longer answers (refused, or reset mid-request).
    expect(row('deploy_1gbit')?.error).toMatch(
      /^deploy_1gbit: .*(ECONNREFUSED|ECONNRESET|EPIPE|ENOENT|socket|connect)/,
    );
    expect(outcome.exitCode).toBe(1);
    // The node is still stopped and its namespace gone, though its daemon died first.
    expect(existsSync(`/run/netns/imagediet-${nodeName(outcome.result.runId)}`)).toBe(false);
  });

  it('a registry that refuses every push: the pull cells failed with the registry’s answer, exit 1', async () => {
    // A registry that answers the version check and refuses every upload, as a full or read-only one does.
    const registry = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
      if (req.url === '/v2/') return res.end('{}');
      if (req.method === 'HEAD') {
        res.statusCode = 404;
        return res.end();
      }
      res.statusCode = 403;
      res.end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'pushes are refused here' }] }));
    });
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
    try {
      const port = (registry.address() as AddressInfo).port;
      const opts = await testRunOptions({
        variants: ['scratch'],
        metrics: ['size', 'pull'],
        registry: `127.0.0.1:${port}`,
        runs: { build: 1, pull: 2, startup: 1 },
      });
      const outcome = await run(await checkRun(opts), {
        engine,
        progress: silentProgress,
        signal: new AbortController().signal,
      });
      const compressed = outcome.result.measurements.find((m) => m.metric === 'image_size_compressed');
      expect(compressed).toMatchObject({ status: 'failed' });
      // The registry's own message: engines word the rest differently ("denied: …" on 20.10, "error from registry: …"
      // on 28.5 with the containerd store).
      expect(compressed?.error).toMatch(/^push failed: .*pushes are refused here/);
      expect(outcome.result.measurements.filter((m) => m.status === 'skipped')).toEqual([]);
      expect(outcome.exitCode).toBe(1);
    } finally {
      await new Promise((r) => registry.close(r));
    }
  });
});
