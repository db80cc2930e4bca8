/**
 * The registry the node engine pulls from. The node's 127.0.0.1 is its own, so the harness's registry cannot be
 * reached from there; a second docker-registry process, started inside the node's namespace, serves the same
 * filesystem storage (no cache is configured, so it sees every push the first one takes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findBinary, REGISTRY_NOT_FOUND, registryConfig } from '../registry/local-registry.js';
import { inNetns } from './netns.js';
import type { Prober } from './ready-probe.js';

/** The port inside the node's namespace: nothing else listens there, the namespace is the harness's alone. */
const NODE_REGISTRY_PORT = 5000;

/** A registry serving inside the node's namespace. */
export interface NodeRegistry {
  /** `127.0.0.1:<port>` as the node engine sees it. */
  host: string;
  port: number;
  stop(): Promise<void>;
}

/** Serve `storageDir` at 127.0.0.1:NODE_REGISTRY_PORT inside `netns`; resolves when `GET /v2/` answers 200 there. */
export async function startNodeRegistry(
  netns: string,
  storageDir: string,
  prober: Prober,
  signal?: AbortSignal,
): Promise<NodeRegistry> {
  const bin = await findBinary(undefined);
  if (!bin) throw new Error(REGISTRY_NOT_FOUND);
  const port = NODE_REGISTRY_PORT;
  const cfg = path.join(path.dirname(storageDir), `node-${netns}.yml`);
  await writeFile(cfg, registryConfig(storageDir, port, randomBytes(16).toString('hex')));
  // REGISTRY_* variables override the config file; the user's environment must not move this registry.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
  const [file, args] = inNetns(netns, bin, ['serve', cfg]);
  const child: ChildProcess = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (t: string) => {
    stderr = (stderr + t).slice(-1000);
  });
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    }
    await rm(cfg, { force: true });
  };
  try {
    const a = await prober.poll(port, '/v2/', 15_000, signal);
    if (a.status !== 200) throw new Error(`GET /v2/ answered ${a.status}`);
  } catch (err) {
    await stop();
    const why = stderr.trim().split('\n').slice(-2).join(' | ');
    throw new Error(`registry inside ${netns}: ${(err as Error).message}${why ? ` (${why})` : ''}`, { cause: err });
  }
  return { host: `127.0.0.1:${port}`, port, stop };
}
