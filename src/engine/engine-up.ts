/**
 * Bring up a Docker engine once the input is known to be good: where one answers (DOCKER_HOST honoured), touch
 * nothing; on a Debian-family machine with none, as root, install docker.io (plus docker-registry and mmdebstrap,
 * which the harness uses) from the distribution's packages and start dockerd in the background.
 */
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where a dockerd started here writes its log and its pid (the pid file lets CI stop what it started). */
export const DOCKERD_LOG = '/var/log/imagediet-dockerd.log';
const DOCKERD_PIDFILE = '/run/imagediet-dockerd.pid';

/** The command each Debian package provides; a package is installed only when its command is missing. */
const PACKAGES: [command: string, pkg: string][] = [
  ['dockerd', 'docker.io'],
  ['docker-registry', 'docker-registry'],
  ['mmdebstrap', 'mmdebstrap'],
];

/** No engine answers and none can be brought up here; the message names what was tried and the way out. */
export class EngineUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineUnavailableError';
  }
}

/** What engineUp needs from the machine; tests pass their own. */
export interface Machine {
  env: NodeJS.ProcessEnv;
  isRoot: boolean;
  /** Does an engine answer within `timeoutMs`? */
  ping(timeoutMs: number): Promise<boolean>;
  /** Absolute path of `command` on the machine's PATH, or null. */
  which(command: string): Promise<string | null>;
  /** Run to completion; rejects naming the command, its exit code and its last stderr line. */
  run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void>;
  /** Is the default dockerd already running (still starting, say), as its pid file says? */
  dockerdRunning(): Promise<boolean>;
  /** Start `file` detached, output to `log`; returns its pid. */
  startDetached(file: string, log: string): Promise<number>;
  sleep(ms: number): Promise<void>;
  note(line: string): void;
}

/** `install: false` only checks that an engine answers (e.g. for --clean, where installing one makes no sense). */
export interface EngineUpOptions {
  install: boolean;
  /** How long a freshly started dockerd may take to answer, ms. @default 60000 */
  startTimeoutMs?: number;
  /** Ctrl-C: stop waiting for dockerd (it keeps starting in the background). */
  signal?: AbortSignal;
}

/** Resolves `'answering'` when an engine already answered, `'started'` when this call brought one up. */
export async function engineUp(m: Machine, options: EngineUpOptions): Promise<'answering' | 'started'> {
  if (await m.ping(5000)) return 'answering';
  const host = m.env.DOCKER_HOST;
  if (host)
    throw new EngineUnavailableError(
      `no Docker engine answers at DOCKER_HOST=${host}; start that engine, or unset DOCKER_HOST to use a local one`,
    );
  const aptGet = await m.which('apt-get');
  if (!options.install || !m.isRoot || !aptGet)
    throw new EngineUnavailableError(
      `no Docker engine answers at unix:///var/run/docker.sock; ${options.install ? 'imagediet installs one only as root on Debian/Ubuntu, so ' : ''}install Docker Engine (docs.docker.com/engine/install) and start it, or set DOCKER_HOST`,
    );

  const missing: string[] = [];
  for (const [command, pkg] of PACKAGES) if (!(await m.which(command))) missing.push(pkg);
  if (missing.length > 0) {
    m.note(`installing ${missing.join(', ')} from the distribution's packages (once; a few minutes)…`);
    const env = { ...m.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      await m.run(aptGet, ['update', '-q'], env);
      await m.run(aptGet, ['install', '-y', '-q', ...missing], env);
    } catch (err) {
      throw new EngineUnavailableError(`could not install ${missing.join(', ')}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const dockerd = await m.which('dockerd');
  if (!dockerd) throw new EngineUnavailableError(`docker.io is installed but dockerd is not on PATH (${m.env.PATH})`);
  // A dockerd that is running but not answering yet (still starting) is waited for, not started twice.
  if (!(await m.dockerdRunning())) {
    m.note(`starting dockerd in the background (log: ${DOCKERD_LOG})…`);
    await m.startDetached(dockerd, DOCKERD_LOG);
  }
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await m.ping(2000))) {
    options.signal?.throwIfAborted();
    if (Date.now() >= deadline)
      throw new EngineUnavailableError(
        `dockerd did not answer within ${Math.round((options.startTimeoutMs ?? 60_000) / 1000)} s; see ${DOCKERD_LOG}`,
      );
    await m.sleep(1000);
  }
  m.note('Docker engine is up');
  return 'started';
}

/** This machine: dockerode's ping (DOCKER_HOST honoured), PATH lookups, apt-get, a detached dockerd. */
export function thisMachine(note: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Machine {
  return {
    env,
    isRoot: process.getuid?.() === 0,
    async ping(timeoutMs) {
      // Loaded here, after validation: dockerode takes most of a second to import.
      const { default: Docker } = await import('dockerode');
      // dockerode honours abortSignal on ping; its typings omit the options argument.
      const docker = new Docker() as unknown as { ping(o: { abortSignal: AbortSignal }): Promise<unknown> };
      return docker
        .ping({ abortSignal: AbortSignal.timeout(timeoutMs) })
        .then(() => true)
        .catch(() => false);
    },
    which: (command) => which(command, env.PATH ?? ''),
    run: runToEnd,
    dockerdRunning: defaultDockerdRunning,
    async startDetached(file, log) {
      const fd = openSync(log, 'a');
      try {
        const child = spawn(file, [], { detached: true, stdio: ['ignore', fd, fd], env });
        child.unref();
        if (child.pid === undefined) throw new EngineUnavailableError(`could not start ${file}; see ${log}`);
        await writeFile(DOCKERD_PIDFILE, `${child.pid}\n`);
        return child.pid;
      } finally {
        closeSync(fd);
      }
    },
    sleep: (ms) => sleep(ms),
    note,
  };
}

/** The first executable `command` on `path`, or null. */
export async function which(command: string, path: string): Promise<string | null> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return null;
}

/** How long one package step (apt-get update, apt-get install) may take, ms: a stalled mirror is not waited out. */
const PACKAGE_STEP_MS = 20 * 60_000;

function runToEnd(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env, timeout: PACKAGE_STEP_MS });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const last = stderr.trim().split('\n').pop() ?? '';
      reject(new Error(`${file} ${args.join(' ')} exited ${code ?? signal}${last ? `: ${last}` : ''}`));
    });
  });
}

/**
 * dockerd writes its pid to /var/run/docker.pid by default. Only that one counts: other engines on the machine (with
 * their own sockets and pid files) say nothing about whether the default socket will answer.
 */
async function defaultDockerdRunning(): Promise<boolean> {
  const pid = (await readFile('/var/run/docker.pid', 'utf8').catch(() => '')).trim();
  if (!/^\d+$/.test(pid)) return false;
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
  return comm.trim() === 'dockerd';
}
