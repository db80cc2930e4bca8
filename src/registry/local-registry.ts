/** The local registry: Debian's `docker-registry` started on a free 127.0.0.1 port, or one the user already runs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { releaseOnDispose } from '../disposable.js';
import { which } from '../engine/engine-up.js';
import { type CleanupNote, InputError } from '../errors.js';
import { assertLoopback } from './registry-client.js';

/** A registry the harness can push to and pull from over plain HTTP; disposing it stops it, as `stop` does. */
export interface LocalRegistry extends AsyncDisposable {
  /** `127.0.0.1:<port>`: the registry part of an image reference. */
  host: string;
  port: number;
  /** The filesystem storage of a registry the harness started: a second process can serve it in another namespace. */
  storageDir?: string;
  /** Stop the process and delete its storage; does nothing for a registry the harness did not start. */
  stop(): Promise<void>;
}

export interface StartRegistryOptions {
  /** Folder in which the registry's temporary folder (config + storage) is made. @default os.tmpdir() */
  dataDir?: string;
  signal?: AbortSignal;
  /** The registry binary. @default `docker-registry` on PATH, else /usr/bin/docker-registry */
  binary?: string;
  /** How long to wait for `GET /v2/` to answer 200, ms. @default 15000 */
  readyTimeoutMs?: number;
  /** Told when the registry cannot be stopped at disposal. */
  note?: CleanupNote | undefined;
}

export const REGISTRY_NOT_FOUND =
  'docker-registry not found: install it (apt-get install docker-registry) or pass --registry host:port';

/**
 * The registry's config. JSON is YAML, so nothing needs escaping. Debian's packaged config cannot serve as-is: it
 * listens on :5000 on every address and asks for htpasswd credentials from a directory, so every request gets 401.
 */
export function registryConfig(storageDir: string, port: number, secret: string): string {
  return JSON.stringify({
    version: '0.1',
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: storageDir }, delete: { enabled: true } },
    http: { addr: `127.0.0.1:${port}`, secret },
  });
}

/** The docker-registry binary: `binary`, else on PATH, else /usr/bin; null when none is there. */
export async function findBinary(binary: string | undefined): Promise<string | null> {
  // `binary` is returned as given: `which` hands `./docker-registry` back as `docker-registry`, which spawn would
  // look up on PATH.
  if (binary) return (await which(path.basename(binary), path.dirname(binary))) ? binary : null;
  // /usr/bin last: Debian's package puts it there, and a PATH trimmed by sudo or cron may leave it out.
  return which('docker-registry', [process.env.PATH ?? '', '/usr/bin'].join(path.delimiter));
}

/** A port the kernel just said is free on 127.0.0.1 (port 5000 may belong to someone else's registry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Start `docker-registry serve` on 127.0.0.1 with a temporary storage folder; resolves once `/v2/` answers 200. */
export async function startLocalRegistry(opts: StartRegistryOptions = {}): Promise<LocalRegistry> {
  const bin = await findBinary(opts.binary);
  if (!bin) throw new InputError([REGISTRY_NOT_FOUND]);
  const dir = await mkdtemp(path.join(opts.dataDir ?? os.tmpdir(), 'imagediet-registry-'));
  let lastError: unknown;
  // freePort() and the registry's bind can race with another process: a lost race is retried on a new port.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const cfg = path.join(dir, 'config.yml');
    await writeFile(cfg, registryConfig(path.join(dir, 'storage'), port, randomBytes(16).toString('hex')));
    // REGISTRY_* variables override the config file; the user's environment must not move our registry.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
    const child = spawn(bin, ['serve', cfg], { stdio: ['ignore', 'ignore', 'pipe'], env });
    const stderr: string[] = [];
    child.on('error', (err) => stderr.push(`cannot run ${bin}: ${err.message}`));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => {
      stderr.push(...t.trimEnd().split('\n'));
      stderr.splice(0, stderr.length - 10);
    });
    const onExit = () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    const stop = once(async () => {
      process.off('exit', onExit);
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
    });
    try {
      await waitReady(port, child, stderr, opts.readyTimeoutMs ?? 15_000, opts.signal);
      const host = `127.0.0.1:${port}`;
      const disposable = releaseOnDispose(`stop the registry at ${host} and delete its storage`, stop, opts.note);
      return { host, port, storageDir: path.join(dir, 'storage'), stop, ...disposable };
    } catch (err) {
      lastError = err;
      process.off('exit', onExit);
      await terminate(child);
      if (!/address already in use/.test(stderr.join('\n'))) break;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => {
    p ??= fn();
    return p;
  };
}

async function waitReady(port: number, child: ChildProcess, stderr: string[], timeoutMs: number, signal?: AbortSignal) {
  const url = `http://127.0.0.1:${port}/v2/`;
  const deadline = performance.now() + timeoutMs;
  let last = 'no attempt';
  while (performance.now() < deadline) {
    signal?.throwIfAborted();
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      const why = stderr.join(' | ') || 'no output';
      throw new Error(`docker-registry exited (${child.exitCode ?? child.signalCode}) before answering: ${why}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String((err as Error).cause ?? (err as Error).message);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`registry: GET ${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A registry the user already runs (`--registry host:port`): checked, never stopped. */
export async function useExistingRegistry(host: string, signal?: AbortSignal): Promise<LocalRegistry> {
  try {
    assertLoopback(host);
  } catch (err) {
    throw new InputError([(err as Error).message]);
  }
  const url = `http://${host}/v2/`;
  const timeout = AbortSignal.timeout(5_000);
  let status: number;
  try {
    const res = await fetch(url, { redirect: 'error', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await res.arrayBuffer();
    status = res.status;
  } catch (err) {
    const why = String((err as Error).cause ?? (err as Error).message);
    throw new Error(`registry ${host}: GET ${url} did not answer within 5 s (${why})`, { cause: err });
  }
  if (status !== 200) {
    const hint = status === 401 ? ': it requires authentication, which the harness does not do' : '';
    throw new Error(`registry ${host}: GET ${url} answered ${status}, not 200${hint}`);
  }
  const nothing = async () => {};
  return { host, port: Number(host.split(':')[1]), stop: nothing, [Symbol.asyncDispose]: nothing };
}
