/** Helpers for CLI tests that run the commands as a user types them: a spy engine socket and timed spawns. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** A unix socket that accepts connections, counts them and never answers: an engine that must not be contacted. */
export interface SpySocket {
  /** The DOCKER_HOST value naming it. */
  host: string;
  connections(): number;
  close(): Promise<void>;
}

export function spySocket(socketPath: string): Promise<SpySocket> {
  let count = 0;
  const open = new Set<import('node:net').Socket>();
  const server = createServer((socket) => {
    count++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () =>
      resolve({
        host: `unix://${socketPath}`,
        connections: () => count,
        close: () =>
          new Promise((done) => {
            for (const s of open) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, ms. */
  ms: number;
}

/**
 * Run `command args` to its end; killed after `killAfterMs`, a bound only a hang exceeds, so a hang fails the test
 * instead of stalling it (a busy machine is slower, never that slow).
 */
export function spawnTimed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  killAfterMs = 90_000,
): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - start });
    });
  });
}

/** The environment of a spawned command: this one without DOCKER_HOST, plus `extra`. */
export function envWith(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DOCKER_HOST: _ignored, ...rest } = process.env;
  return { ...rest, NO_COLOR: '1', ...extra };
}
