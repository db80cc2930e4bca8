import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputProblems } from '../../src/cli/input-problems.js';
import { parseArgs } from '../../src/cli/parse-args.js';
import { type FakeBin, fakeBin } from './cli/fake-bin.js';
import { envWith, spawnTimed, spySocket } from './cli/spawn-cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const broken = path.join(root, 'test/fixtures/broken');

/** Problems for argv: argument parsing first, then the plan (templates, values, profile), as the CLI does. */
function problems(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  return inputProblems(parseArgs(argv, env)).then((r) => r.problems);
}

const cases: [string, string[], RegExp, NodeJS.ProcessEnv?][] = [
  ['misspelled variant', ['--variants', 'scrach'], /"scrach" is not a variant.*did you mean "scratch"/],
  ['misspelled profile', ['--profile', 'locl'], /"locl" is not a profile.*did you mean "local"/],
  ['unknown metric group', ['--metrics', 'sise'], /"sise" is not a metric group.*did you mean "size"/],
  ['non-numeric timeout', ['--smoke-timeout', 'soon'], /--smoke-timeout must be a whole number.*got "soon"/],
  ['out-of-range timeout', ['--build-timeout', '0'], /--build-timeout must be a whole number of seconds from 1/],
  ['missing variants folder', ['--variants-dir', '/nonexistent/variants'], /does not exist; pass an existing folder/],
  ['empty variants folder', ['--variants-dir', path.join(root, 'test/fixtures/empty')], /holds no variant/],
  [
    'template syntax error',
    ['--variants-dir', broken],
    /bad-syntax\/Dockerfile\.hbs: template syntax error: Parse error on line 1/,
  ],
  [
    'value not defined by the profile',
    ['--variants-dir', broken, '--profile', 'local'],
    /"notAValue" is not defined by profile "local" \(line 2\)/,
  ],
  ['value with a newline', ['--param', 'trimpath=-trimpath\nRUN evil'], /"trimpath" contains a newline/],
  ['metadata missing fields', ['--variants-dir', broken], /bad-meta\/variant\.json: teaching: /],
  ['metadata without variant.json', ['--variants-dir', broken], /no-meta\/variant\.json: missing/],
  ['malformed DOCKER_HOST', [], /DOCKER_HOST "tcp:\/\/" names no host/, { DOCKER_HOST: 'tcp://' }],
  ['unsupported DOCKER_HOST scheme', [], /unsupported scheme "ftp:"/, { DOCKER_HOST: 'ftp://x' }],
  ['conflicting options', ['--clean', '--variants', 'scratch'], /--clean cannot be combined/],
  ['malformed --param', ['--param', 'goVersion'], /--param "goVersion" must be key=value/],
  [
    'unavailable Go version offline',
    ['--profile', 'local', '--param', 'goVersion=1.99'],
    /goVersion="1.99" is not available in profile "local"/,
  ],
  ['unknown option', ['--colour'], /unknown option '--colour'/],
  [
    'output folder that cannot be written',
    ['--out', '/etc/hostname/results'],
    /--out "\/etc\/hostname\/results": \/etc\/hostname is a file, not a folder/,
  ],
  ['output folder that is a file', ['--out', '/etc/hostname'], /--out "\/etc\/hostname": is a file, not a folder/],
  ['zero runs', ['--runs', '0'], /--runs must be a whole number from 1 to 1000, got "0"/],
  ['non-numeric runs for one group', ['--runs', 'startup=many'], /--runs startup must be a whole number/],
  ['misspelled timed group', ['--runs', 'stratup=3'], /"stratup" is not a timed metric group.*did you mean "startup"/],
  [
    'misspelled compression',
    ['--compression', 'gzip,zstd19'],
    /--compression: "zstd19" is not a compression; accepted: gzip, gzip-9, zstd, zstd-19, none; did you mean "zstd-19"\?/m,
  ],
  ['compression given twice', ['--compression', 'zstd,zstd'], /--compression lists "zstd" twice/],
  ['empty compression list', ['--compression', ','], /--compression is empty/],
  ['compression as a template value', ['--param', 'compression=zstd'], /--param compression is the harness's own/],
  [
    'compression without pulls',
    ['--compression', 'zstd', '--metrics', 'size'],
    /--compression needs --metrics with pull or deploy/,
  ],
  [
    'misspelled link',
    ['--links', 'loopback,100mbps'],
    /--links: "100mbps" is not a link; accepted: loopback, 100mbit, 1gbit; did you mean "100mbit"\?/,
  ],
  ['link given twice', ['--links', '1gbit,1gbit'], /--links lists "1gbit" twice/],
  ['empty link list', ['--links', ','], /--links is empty/],
  ['links without deploys', ['--links', '100mbit', '--metrics', 'size'], /--links needs --metrics with pull or deploy/],
  ['misspelled node kind', ['--node-kind', 'docker28'], /"docker28" is not a node kind.*did you mean "docker-28"/],
  [
    'node kind with a node engine',
    ['--node-kind', 'docker-28', '--node-engine', 'unix:///run/x.sock'],
    /--node-kind picks the node the harness starts, --node-engine names your own/,
  ],
  [
    'shard beyond the count',
    ['--shard', '3/2'],
    /--shard must be i\/n with 1 ≤ i ≤ n ≤ 256, e\.g\. --shard 1\/2, got "3\/2"/,
  ],
  ['malformed shard', ['--shard', 'half'], /--shard must be i\/n/],
  ['empty shard', ['--variants', 'scratch', '--shard', '2/2'], /--shard 2\/2: this slice of 1 variant\(s\) is empty/],
  ['a swept value given twice', ['--param', 'goVersion=1.23,1.23'], /--param goVersion lists "1\.23" twice/],
  [
    'a swept Go version the profile lacks',
    ['--profile', 'local', '--param', 'goVersion=1.22,1.99'],
    /goVersion="1\.99" is not available in profile "local"/,
  ],
  [
    'a corrupt history file',
    ['--out', path.join(root, 'test/fixtures/corrupt-history')],
    /corrupt-history\/history\.csv line 3: value "lots" is not a number; the file was left unchanged/,
  ],
  ['malformed registry', ['--registry', 'nowhere'], /--registry must be host:port/],
  [
    'registry without pull',
    ['--registry', '127.0.0.1:5000', '--metrics', 'size'],
    /--registry needs --metrics with pull/,
  ],
  ['misspelled command', ['trnd'], /unknown command "trnd"; accepted: bases, demo, trend.*did you mean "trend"/],
  ['a stray argument', ['bases', 'extra'], /too many arguments/],
  [
    'a builder that does not exist',
    ['--builder', 'kaniko'],
    /'kaniko' is invalid\. Allowed choices are buildkit, classic/,
  ],
  ['empty --variants', ['--variants', ','], /--variants is empty; give variant ids/],
  ['--only without the bases command', ['--only', 'busybox'], /--only applies to the "bases" command/],
  ['misspelled offline base', ['bases', '--only', 'busybx'], /"busybx" is not an offline base.*did you mean "busybox"/],
  [
    'a Go version the offline bases lack',
    ['bases', '--param', 'goVersion=1.99'],
    /--param goVersion="1\.99" is not available offline; accepted: /,
  ],
];

describe('bad input is reported before the engine is touched', () => {
  it.each(cases)('%s', async (_name, argv, expected, env = {}) => {
    const found = await problems(argv, env);
    expect(found.join('\n')).toMatch(expected);
    for (const p of found) expect(p).not.toContain('\n');
  });

  it('reports every problem at once', async () => {
    const found = await problems(['--variants', 'scrach', '--metrics', 'sise', '--smoke-timeout', 'x']);
    expect(found).toHaveLength(3);
  });
});

/** A bound only a hang exceeds: how fast a bad command line is answered is a benchmark's business (npm run bench:cli). */
const HANG_MS = 60_000;

describe('through npm run -s bench, as a user types it, bad input exits 2 before any engine is contacted', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imagediet-bad-input-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.for(
    cases.map(([name, argv, expected, env = {}], i): [string, string[], RegExp, NodeJS.ProcessEnv, number] => [
      name,
      argv,
      expected,
      env,
      i,
    ]),
  )('%s', { timeout: HANG_MS + 10_000 }, async ([_name, argv, expected, env, i], { annotate }) => {
    // Each case gets its own spy engine, so a connection is pinned on the case that made it.
    const spy = await spySocket(path.join(dir, `spy-${i}.sock`));
    try {
      // A scratch --out first, so the repository's results/ stays out of it; a case's own --out comes later and wins.
      const args = ['run', '-s', 'bench', '--', '--out', path.join(dir, `out-${i}`), ...argv];
      const res = await spawnTimed('npm', args, envWith({ DOCKER_HOST: spy.host, ...env }), HANG_MS);
      await annotate(`npm run -s bench exited ${res.code} after ${Math.round(res.ms)} ms`);
      expect(res.stderr).toMatch(expected);
      expect(res.code).toBe(2);
      // One line per problem, each the CLI's own, and no stack trace.
      for (const line of res.stderr.trim().split('\n')) expect(line).toMatch(/^imagediet: /);
      expect(res.stderr).not.toMatch(/\bat .*\.ts:\d+/);
      expect(spy.connections()).toBe(0);
    } finally {
      await spy.close();
    }
  });
});

describe('on a machine with no engine and no docker.io', () => {
  let dir: string;
  let bin: FakeBin;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imagediet-no-engine-'));
    bin = await fakeBin(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['bench', ['--variants', 'scrach'], /"scrach" is not a variant.*did you mean "scratch"/],
    ['demo', ['--metrics', 'sise'], /"sise" is not a metric group.*did you mean "size"/],
    ['bases', ['--only', 'busybx'], /"busybx" is not an offline base.*did you mean "busybox"/],
  ])('npm run %s with a typo exits 2 at once and installs nothing', async (script, argv, expected) => {
    // No DOCKER_HOST: the path that, with good input, would install docker.io and start dockerd.
    const env = envWith({ PATH: bin.path });
    const res = await spawnTimed(
      'npm',
      ['run', '-s', script, '--', '--out', path.join(dir, 'out'), ...argv],
      env,
      HANG_MS,
    );
    expect(res.stderr).toMatch(expected);
    expect(res.code).toBe(2);
    expect(await bin.aptCalls()).toEqual([]);
  });
});
