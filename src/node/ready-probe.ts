/**
 * Readiness inside the node's network namespace. A container's published 127.0.0.1 port, and the namespace's
 * registry, are only reachable from inside it, so one long-lived helper process runs there (spawned once with
 * nsenter) and polls on request. It times each poll itself, from the moment the request arrives to the first HTTP
 * answer, so neither the spawn nor the pipe between the processes enters a sample.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pollHttp } from '../measure/http-ready.js';
import { inNetns } from './netns.js';

/** A poll's answer: the HTTP status, the body, and the time from the request to that answer, ms. */
export interface ProbeAnswer {
  status: number;
  body: string;
  ms: number;
}

/** Polls `GET 127.0.0.1:<port><path>` until an answer below 500, where the node's loopback is. */
export interface Prober {
  poll(port: number, path: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeAnswer>;
  close(): Promise<void>;
}

/**
 * The helper's program: JSON lines in (`{id, port, path, timeoutMs}`), JSON lines out (`{id, status, body, ms}` or
 * `{id, error}`). The same rule as the harness's own poll: an HTTP answer below 500, never a TCP connect.
 */
const HELPER_SOURCE = `
const http = require('node:http');
const rl = require('node:readline').createInterface({ input: process.stdin });
const get = (port, path) => new Promise((resolve, reject) => {
  const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 1000 }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c) => { body += c; });
    res.on('end', () => resolve({ status: res.statusCode || 0, body }));
    res.on('error', reject);
  });
  req.on('timeout', () => req.destroy(new Error('no answer within 1000 ms')));
  req.on('error', reject);
});
rl.on('line', async (line) => {
  const t0 = performance.now();
  const q = JSON.parse(line);
  let last = 'no attempt';
  while (performance.now() - t0 < q.timeoutMs) {
    try {
      const a = await get(q.port, q.path);
      if (a.status < 500) {
        const ms = performance.now() - t0;
        process.stdout.write(JSON.stringify({ id: q.id, status: a.status, body: a.body.slice(0, 200), ms }) + '\\n');
        return;
      }
      last = 'HTTP ' + a.status;
    } catch (e) { last = e.message; }
    await new Promise((r) => setTimeout(r, 2));
  }
  process.stdout.write(JSON.stringify({ id: q.id, error: 'GET ' + q.path + ' on 127.0.0.1:' + q.port + ' did not answer within ' + q.timeoutMs / 1000 + ' s (last: ' + last + ')' }) + '\\n');
});
`;

type Reply = { id: number; status: number; body: string; ms: number } | { id: number; error: string };

/** Start the helper inside `netns`; resolves once it runs. */
export async function startNetnsProber(netns: string): Promise<Prober> {
  const [file, args] = inNetns(netns, process.execPath, ['-e', HELPER_SOURCE]);
  const child: ChildProcess = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = new Map<number, (r: Reply) => void>();
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (t: string) => {
    stderr = (stderr + t).slice(-500);
  });
  const gone = (why: string) => {
    for (const [id, settle] of waiting) settle({ id, error: why });
    waiting.clear();
  };
  child.on('exit', (code, sig) => gone(`readiness helper in ${netns} exited (${code ?? sig}): ${stderr.trim()}`));
  child.on('error', (err) => gone(`readiness helper in ${netns} could not run: ${err.message}`));
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const r = JSON.parse(line) as Reply;
      waiting.get(r.id)?.(r);
      waiting.delete(r.id);
    });
  }
  let seq = 0;
  const prober: Prober = {
    poll(port, path, timeoutMs, signal) {
      return new Promise((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          reject(new Error(`readiness helper in ${netns} is not running: ${stderr.trim()}`));
          return;
        }
        const id = ++seq;
        const onAbort = () => {
          waiting.delete(id);
          reject(signal?.reason ?? new Error('aborted'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.set(id, (r) => {
          signal?.removeEventListener('abort', onAbort);
          if ('error' in r) reject(new Error(r.error));
          else resolve({ status: r.status, body: r.body, ms: r.ms });
        });
        child.stdin?.write(`${JSON.stringify({ id, port, path, timeoutMs })}\n`);
      });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.stdin?.end();
      child.kill('SIGTERM');
      await exited;
    },
  };
  // One round trip proves the helper runs (a closed port answers an error, which is fine here).
  await prober.poll(1, '/', 1).catch((err: Error) => {
    if (/not running|exited|could not run/.test(err.message)) throw err;
  });
  return prober;
}

/** A prober in the harness's own namespace, for a node engine that shares its loopback (`--node-engine`). */
export function localProber(): Prober {
  return {
    async poll(port, path, timeoutMs, signal) {
      const t0 = performance.now();
      const a = await pollHttp({ port, path, timeoutMs, intervalMs: 2, ...(signal ? { signal } : {}) });
      return { ...a, ms: performance.now() - t0 };
    },
    close: async () => undefined,
  };
}
