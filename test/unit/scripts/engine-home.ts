/**
 * A throwaway IMAGEDIET_ENGINE_HOME for testing scripts/engine.sh without an engine: decoy engine folders with owner
 * files, processes to own them, and a PATH that holds only the plain tools the script's checks and clean-ups use, so
 * that no mistake in a check could reach `ip`, `unshare`, `mmdebstrap` or `apt-get` and start anything real.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { which } from '../../../src/engine/engine-up.js';
import { ENGINE_SH } from '../../../src/node/engine-sh.js';

/** The decoy engine every home holds. */
export const DECOY = 'decoy-engine';

const TOOLS = ['sh', 'cat', 'head', 'tr', 'grep', 'rm', 'mkdir', 'sed', 'sleep', 'basename', 'id'];

/** Start time of process `pid`, field 22 of /proc/<pid>/stat, counted after the command name's last ") ". */
export async function procStart(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return fields[19] ?? '';
}

/** A process that runs until stopped: an engine's owner that is alive, or a pid that must not be signalled. */
export interface Sleeper {
  pid: number;
  start: string;
  alive(): boolean;
  stop(): void;
}

export async function sleeper(): Promise<Sleeper> {
  const child: ChildProcess = spawn('sleep', ['600'], { stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start sleep');
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  return { pid, start: await procStart(pid), alive: () => !exited, stop: () => child.kill('SIGKILL') };
}

/** The pid of a process that has exited (and been reaped). */
export function exitedPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('true', { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => (child.pid === undefined ? reject(new Error('no pid')) : resolve(child.pid)));
  });
}

export interface EngineHome {
  /** The temporary folder holding the home (and anything a test puts beside it). */
  dir: string;
  home: string;
  /** The environment to run engine.sh in: this home and the restricted PATH. */
  env: NodeJS.ProcessEnv;
  /** Make `engines/<name>` with an owner file of these lines (null: no owner file) and a file inside. */
  engine(name: string, ownerLines: string[] | null): Promise<string>;
  /** Every path under `dir`, sorted: what a test compares before and after. */
  tree(): Promise<string[]>;
  remove(): Promise<void>;
}

export async function engineHome(): Promise<EngineHome> {
  const dir = await mkdtemp(path.join(tmpdir(), 'imagediet-engine-sh-'));
  const home = path.join(dir, 'home');
  const bin = path.join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  for (const tool of TOOLS) {
    const found = await which(tool, process.env.PATH ?? '');
    if (!found) throw new Error(`${tool} is not on PATH; the engine.sh tests need it`);
    await symlink(found, path.join(bin, tool));
  }
  // Decoys: another engine (named as no real one is, should a broken check fall back to the real home), the
  // chroots, a file in the home, and a folder beside the home.
  await mkdir(path.join(home, 'engines', DECOY, 'data'), { recursive: true });
  await writeFile(path.join(home, 'engines', DECOY, 'data', 'layer'), 'x');
  await mkdir(path.join(home, 'roots', 'bookworm-dockerd'), { recursive: true });
  await writeFile(path.join(home, 'roots', 'bookworm-dockerd', '.imagediet-complete'), '');
  await writeFile(path.join(home, 'keep'), '');
  await mkdir(path.join(dir, 'beside'), { recursive: true });
  await writeFile(path.join(dir, 'beside', 'keep'), '');
  const tree = async (): Promise<string[]> => {
    const entries = await readdir(dir, { recursive: true });
    return entries.filter((e) => !e.startsWith('bin')).sort();
  };
  return {
    dir,
    home,
    env: { IMAGEDIET_ENGINE_HOME: home, PATH: bin, LC_ALL: 'C' },
    async engine(name, ownerLines) {
      const s = path.join(home, 'engines', name);
      await mkdir(path.join(s, 'data'), { recursive: true });
      await writeFile(path.join(s, 'data', 'layer'), 'x');
      if (ownerLines) await writeFile(path.join(s, 'owner'), `${ownerLines.join('\n')}\n`);
      return s;
    },
    tree,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface ShResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `sh scripts/engine.sh args…` in `env` (nothing else of this process's environment), from `cwd`. */
export function engineSh(args: string[], env: NodeJS.ProcessEnv, cwd = tmpdir()): Promise<ShResult> {
  return runSh(ENGINE_SH, args, env, cwd);
}

/** `sh SCRIPT args…` in `env` alone, from `cwd`; killed past 60 s, a bound only a hang comes near. */
export function runSh(script: string, args: string[], env: NodeJS.ProcessEnv, cwd = tmpdir()): Promise<ShResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', [script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Exit 2, one line on stderr matching `message`, nothing on stdout: how the scripts refuse. */
export function expectRefused(res: ShResult, message: RegExp): void {
  expect(res.stderr).toMatch(message);
  expect(res.stderr.trim().split('\n')).toHaveLength(1);
  expect(res.stdout).toBe('');
  expect(res.code).toBe(2);
}
