import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOCKERD_LOG,
  EngineUnavailableError,
  engineUp,
  type Machine,
  thisMachine,
} from '../../../src/engine/engine-up.js';
import { type FakeBin, fakeBin } from './fake-bin.js';

/** A scripted machine: which commands exist, whether dockerd runs, and the ping answers in order (last repeats). */
function machine(o: {
  env?: NodeJS.ProcessEnv;
  isRoot?: boolean;
  commands?: string[];
  running?: boolean;
  pings?: boolean[];
}): Machine & { calls: string[] } {
  const calls: string[] = [];
  const pings = [...(o.pings ?? [false])];
  const commands = new Set(o.commands ?? ['apt-get']);
  return {
    calls,
    env: o.env ?? { PATH: '/usr/bin' },
    isRoot: o.isRoot ?? true,
    async ping(timeoutMs) {
      calls.push(`ping ${timeoutMs}`);
      return (pings.length > 1 ? pings.shift() : pings[0]) ?? false;
    },
    async which(command) {
      return commands.has(command) ? `/usr/bin/${command}` : null;
    },
    async run(file, args, env) {
      calls.push(`run ${file} ${args.join(' ')} DEBIAN_FRONTEND=${env.DEBIAN_FRONTEND}`);
      // What apt-get install provides becomes visible on PATH.
      if (args[0] === 'install') for (const pkg of args.slice(3)) commands.add(pkg === 'docker.io' ? 'dockerd' : pkg);
    },
    async dockerdRunning() {
      return o.running ?? false;
    },
    async startDetached(file, log) {
      calls.push(`start ${file} > ${log}`);
      return 4242;
    },
    async sleep(ms) {
      calls.push(`sleep ${ms}`);
    },
    note: (line) => calls.push(`note ${line}`),
  };
}

describe('engineUp', () => {
  it('touches nothing when an engine answers', async () => {
    const m = machine({ pings: [true] });
    await expect(engineUp(m, { install: true })).resolves.toBe('answering');
    expect(m.calls).toEqual(['ping 5000']);
  });

  it('names DOCKER_HOST and its value when the engine there does not answer, and installs nothing', async () => {
    const m = machine({ env: { DOCKER_HOST: 'unix:///tmp/nothing.sock' } });
    await expect(engineUp(m, { install: true })).rejects.toThrow(
      'no Docker engine answers at DOCKER_HOST=unix:///tmp/nothing.sock; start that engine, or unset DOCKER_HOST to use a local one',
    );
    expect(m.calls).toEqual(['ping 5000']);
  });

  it('installs nothing when not root, and says how to get an engine', async () => {
    const m = machine({ isRoot: false });
    const err = await engineUp(m, { install: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineUnavailableError);
    expect((err as Error).message).toMatch(/only as root on Debian\/Ubuntu.*install Docker Engine.*or set DOCKER_HOST/);
    expect(m.calls).toEqual(['ping 5000']);
  });

  it('installs nothing where apt-get is missing', async () => {
    const m = machine({ commands: [] });
    await expect(engineUp(m, { install: true })).rejects.toThrow(/only as root on Debian\/Ubuntu/);
    expect(m.calls.some((c) => c.startsWith('run'))).toBe(false);
  });

  it('installs nothing when asked only to check (--clean)', async () => {
    const m = machine({});
    await expect(engineUp(m, { install: false })).rejects.toThrow(/^no Docker engine answers at unix:\/\/\/var\/run/);
    expect(m.calls).toEqual(['ping 5000']);
  });

  it('as root on Debian with no engine: installs the three packages, starts dockerd, waits for it to answer', async () => {
    const m = machine({ pings: [false, false, false, true] });
    await expect(engineUp(m, { install: true })).resolves.toBe('started');
    expect(m.calls).toEqual([
      'ping 5000',
      "note installing docker.io, docker-registry, mmdebstrap from the distribution's packages (once; a few minutes)…",
      'run /usr/bin/apt-get update -q DEBIAN_FRONTEND=noninteractive',
      'run /usr/bin/apt-get install -y -q docker.io docker-registry mmdebstrap DEBIAN_FRONTEND=noninteractive',
      `note starting dockerd in the background (log: ${DOCKERD_LOG})…`,
      `start /usr/bin/dockerd > ${DOCKERD_LOG}`,
      'ping 2000',
      'sleep 1000',
      'ping 2000',
      'sleep 1000',
      'ping 2000',
      'note Docker engine is up',
    ]);
  });

  it('installs only the packages whose commands are missing, and does not start a dockerd that is already running', async () => {
    const m = machine({ commands: ['apt-get', 'dockerd', 'mmdebstrap'], running: true, pings: [false, true] });
    await expect(engineUp(m, { install: true })).resolves.toBe('started');
    expect(m.calls.filter((c) => c.startsWith('run') || c.startsWith('start'))).toEqual([
      'run /usr/bin/apt-get update -q DEBIAN_FRONTEND=noninteractive',
      'run /usr/bin/apt-get install -y -q docker-registry DEBIAN_FRONTEND=noninteractive',
    ]);
  });

  it('names the log when the dockerd it started never answers', async () => {
    const m = machine({ commands: ['apt-get', 'dockerd', 'docker-registry', 'mmdebstrap'] });
    await expect(engineUp(m, { install: true, startTimeoutMs: 0 })).rejects.toThrow(
      `dockerd did not answer within 0 s; see ${DOCKERD_LOG}`,
    );
    expect(m.calls.filter((c) => c.startsWith('run'))).toEqual([]);
  });

  it('stops waiting for dockerd when interrupted', async () => {
    const m = machine({ commands: ['apt-get', 'dockerd', 'docker-registry', 'mmdebstrap'] });
    const controller = new AbortController();
    controller.abort(new Error('interrupted by SIGINT'));
    await expect(engineUp(m, { install: true, signal: controller.signal })).rejects.toThrow('interrupted by SIGINT');
    expect(m.calls.filter((c) => c.startsWith('start'))).toHaveLength(1);
  });
});

describe('engineUp on a machine whose PATH has no dockerd and a recording apt-get', () => {
  let dir: string;
  let bin: FakeBin;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imagediet-engine-up-'));
    bin = await fakeBin(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // The check that the fake is sound: with good input and no engine, the real lookups do reach this apt-get (and
  // nothing else), so the CLI tests that find it never called prove something.
  it('finds that apt-get through the real PATH lookup and calls it, reporting its failure', async () => {
    const notes: string[] = [];
    const m: Machine = {
      ...thisMachine((l) => notes.push(l), { PATH: bin.path }),
      isRoot: true,
      ping: async () => false,
    };
    await expect(m.which('dockerd')).resolves.toBeNull();
    await expect(m.which('apt-get')).resolves.toBe(bin.aptGet);
    await expect(engineUp(m, { install: true })).rejects.toThrow(
      `could not install docker.io, docker-registry, mmdebstrap: ${bin.aptGet} update -q exited 100: apt-get is fake in this test`,
    );
    expect(await bin.aptCalls()).toEqual(['update -q']);
  });
});
