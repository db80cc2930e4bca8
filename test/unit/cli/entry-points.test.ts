import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../src/cli/command-list.js';
import { envWith, ROOT, type SpySocket, spawnTimed, spySocket } from './spawn-cli.js';

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A temporary folder with a spy socket in it, for the describe block that calls this; removed after it. */
function spyInTempDir(): { dir: () => string; spy: () => SpySocket } {
  let dir = '';
  let spy: SpySocket | null = null;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imagediet-entry-'));
    spy = await spySocket(path.join(dir, 'spy.sock'));
  });
  afterAll(async () => {
    await spy?.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    spy: () => {
      if (!spy) throw new Error('the spy socket is made in beforeAll');
      return spy;
    },
  };
}

describe('--help and --version need no engine and no network', () => {
  const { spy } = spyInTempDir();

  it.each([
    ['npm run -s bench -- --help', 'npm', ['run', '-s', 'bench', '--', '--help']],
    ['npx imagediet --help', 'npx', ['imagediet', '--help']],
    ['node bin/imagediet.js -h', process.execPath, ['bin/imagediet.js', '-h']],
  ])('%s lists every command and exits 0', async (_name, command, args) => {
    const res = await spawnTimed(command, args, envWith({ DOCKER_HOST: spy().host }));
    expect(res.code).toBe(0);
    const commands = res.stdout.slice(res.stdout.indexOf('Commands'));
    for (const name of ['bases', 'demo', 'trend', 'merge', 'report', 'compare', 'baseline', 'baseline-startup'])
      expect(commands).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(COMMAND_NAMES).toHaveLength(8);
    expect(res.stdout).toMatch(/--build-timeout <s>/);
    expect(spy().connections()).toBe(0);
  });

  it.each([
    ['npm run -s bench -- --version', 'npm', ['run', '-s', 'bench', '--', '--version']],
    ['node bin/imagediet.js -V', process.execPath, ['bin/imagediet.js', '-V']],
  ])('%s prints the package version and exits 0', async (_name, command, args) => {
    const res = await spawnTimed(command, args, envWith({ DOCKER_HOST: spy().host }));
    expect(res.stdout).toBe(`${version}\n`);
    expect(res.code).toBe(0);
    expect(spy().connections()).toBe(0);
  });

  it.each([
    ['trend', 'trend'],
    ['merge', 'merge'],
    ['report', 'report'],
    ['compare', 'compare'],
    ['baseline', 'baseline'],
    ['bench:baseline', 'baseline-startup'],
  ])('npm run -s %s -- --help shows its own options and exits 0', async (script, name) => {
    const res = await spawnTimed('npm', ['run', '-s', script, '--', '--help'], envWith({ DOCKER_HOST: spy().host }));
    expect(res.stdout).toMatch(new RegExp(`^Usage: imagediet ${name} `));
    expect(res.code).toBe(0);
    expect(spy().connections()).toBe(0);
  });

  it('an unknown command names every accepted one and exits 2', async () => {
    const res = await spawnTimed('npm', ['run', '-s', 'bench', '--', 'trnd'], envWith({ DOCKER_HOST: spy().host }));
    expect(res.stderr).toMatch(
      /^imagediet: unknown command "trnd"; accepted: bases, demo, trend, baseline, merge, report, compare, baseline-startup \(or none to run the bench\); did you mean "trend"\?$/m,
    );
    expect(res.code).toBe(2);
    expect(spy().connections()).toBe(0);
  });
});

describe('with good input, the engine is contacted only then', () => {
  const { dir, spy } = spyInTempDir();

  it('an engine at DOCKER_HOST that does not answer is named with the variable and its value, exit 1', async () => {
    const args = ['run', '-s', 'bench', '--', '--variants', 'scratch', '--metrics', 'size', '--out', dir()];
    const res = await spawnTimed('npm', args, envWith({ DOCKER_HOST: spy().host }));
    expect(res.stderr.trim()).toBe(
      `imagediet: no Docker engine answers at DOCKER_HOST=${spy().host}; start that engine, or unset DOCKER_HOST to use a local one`,
    );
    expect(res.code).toBe(1);
    expect(spy().connections()).toBeGreaterThan(0);
  }, 30_000);
});
