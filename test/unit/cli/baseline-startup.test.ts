/**
 * `npm run bench:baseline -- <variant> [runs] [profile]` checks its arguments as the bench does: bad input exits 2 with
 * the bench's own one-line messages before any engine is contacted, started or installed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baselineInput, baselineStartupCommand } from '../../../src/cli/commands/baseline-startup-command.js';
import { type FakeBin, fakeBin } from './fake-bin.js';
import { envWith, type SpySocket, spawnTimed, spySocket } from './spawn-cli.js';

const cases: [string, string[], RegExp][] = [
  [
    'an unknown variant',
    ['nosuchvariant'],
    /^--variants: "nosuchvariant" is not a variant in \S+\/variants; known: ubuntu, golang, .*; did you mean "[a-z-]+"\?$/m,
  ],
  ['a misspelled variant', ['scrach'], /^--variants: "scrach" is not a variant in .*; did you mean "scratch"\?$/m],
  ['zero runs', ['scratch', '0'], /^runs must be a whole number from 1 to 1000, got "0"$/m],
  ['runs that are no number', ['scratch', 'many'], /^runs must be a whole number from 1 to 1000, got "many"$/m],
  [
    'a misspelled profile',
    ['scratch', '3', 'locl'],
    /^profile "locl" is not one an image is tagged with; accepted: hub, seed-2019, local; did you mean "local"\?$/m,
  ],
  [
    'profile auto, which tags no image',
    ['scratch', '3', 'auto'],
    /^profile "auto" is not one an image is tagged with/m,
  ],
  ['two variants', ['scratch,upx'], /^the baseline times one variant, got "scratch,upx"; run it once per variant$/m],
  ['no variant', [], /^missing required argument 'variant' \(see imagediet baseline-startup --help\)$/m],
  ['an unknown option', ['--colour'], /^unknown option '--colour'/m],
  ['a stray argument', ['scratch', '3', 'local', 'extra'], /too many arguments/],
  ['a malformed DOCKER_HOST', ['scratch'], /^DOCKER_HOST "tcp:\/\/" names no host/m],
];

describe('its arguments, checked with the bench’s own parser and plan', () => {
  it('takes one variant, runs (10) and profile (local)', async () => {
    expect(await baselineInput(['scratch'], { PATH: process.env.PATH })).toEqual({
      variant: 'scratch',
      runs: 10,
      profile: 'local',
    });
    expect(await baselineInput(['upx', '3', 'hub'], { PATH: process.env.PATH })).toEqual({
      variant: 'upx',
      runs: 3,
      profile: 'hub',
    });
  });

  it('reports every problem at once', async () => {
    const found = await baselineInput(['scrach', '0', 'locl'], { PATH: process.env.PATH });
    expect('problems' in found && found.problems).toHaveLength(3);
  });
});

describe('bad input exits 2 before any engine is contacted', () => {
  let dir: string;
  let spy: SpySocket;
  const saved = process.env.DOCKER_HOST;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imagediet-baseline-'));
    spy = await spySocket(path.join(dir, 'spy.sock'));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });
  afterAll(async () => {
    await spy.close();
    await rm(dir, { recursive: true, force: true });
  });

  // In this process, as bin/imagediet.js runs it: the spy engine at DOCKER_HOST is the one it would contact.
  it.each(cases)('%s', async (name, args, expected) => {
    process.env.DOCKER_HOST = name === 'a malformed DOCKER_HOST' ? 'tcp://' : spy.host;
    const printed: string[] = [];
    const failed: string[] = [];
    const io = {
      print: (line: string) => printed.push(line),
      fail: (problems: string[]) => failed.push(...problems) && 2,
      note: (line: string) => printed.push(line),
    };
    const code = await baselineStartupCommand(args, io);
    expect(failed.join('\n')).toMatch(expected);
    for (const p of failed) expect(p).not.toContain('\n');
    expect(code).toBe(2);
    expect(printed).toEqual([]);
    expect(spy.connections()).toBe(0);
  });

  it('npm run -s bench:baseline -- nosuchvariant, as a user types it', async () => {
    const res = await spawnTimed(
      'npm',
      ['run', '-s', 'bench:baseline', '--', 'nosuchvariant'],
      envWith({ DOCKER_HOST: spy.host }),
    );
    expect(res.stderr).toMatch(/^imagediet: --variants: "nosuchvariant" is not a variant in \S+\/variants; known: /);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.code).toBe(2);
    expect(spy.connections()).toBe(0);
  }, 30_000);
});

describe('on a machine with no engine and no docker.io', () => {
  let dir: string;
  let bin: FakeBin;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imagediet-baseline-bare-'));
    bin = await fakeBin(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('npm run bench:baseline with a typo exits 2 at once and installs nothing', async () => {
    // No DOCKER_HOST: the path that, with good input, would install docker.io and start dockerd.
    const res = await spawnTimed(
      'npm',
      ['run', '-s', 'bench:baseline', '--', 'nosuchvariant'],
      envWith({ PATH: bin.path }),
    );
    expect(res.stderr).toMatch(/^imagediet: --variants: "nosuchvariant" is not a variant in /m);
    // This machine has no curl either, and says so in the same breath.
    expect(res.stderr).toMatch(/^imagediet: curl is needed to time the first answer; install it/m);
    expect(res.code).toBe(2);
    expect(await bin.aptCalls()).toEqual([]);
  }, 30_000);
});

describe('with good input, the engine is contacted only then', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imagediet-baseline-good-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('an engine at DOCKER_HOST that does not answer is named, exit 1', async () => {
    const spy = await spySocket(path.join(dir, 'spy.sock'));
    try {
      const res = await spawnTimed(
        'npm',
        ['run', '-s', 'bench:baseline', '--', 'scratch', '3', 'local'],
        envWith({ DOCKER_HOST: spy.host }),
      );
      expect(res.stderr.trim()).toBe(
        `imagediet: no Docker engine answers at DOCKER_HOST=${spy.host}; start that engine, or unset DOCKER_HOST to use a local one`,
      );
      expect(res.code).toBe(1);
      expect(spy.connections()).toBeGreaterThan(0);
    } finally {
      await spy.close();
    }
  }, 30_000);
});
