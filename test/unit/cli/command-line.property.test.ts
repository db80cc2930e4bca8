/**
 * A property of the whole command line, tried on generated input: every command line, however wrong, ends in bounded
 * time with exit 0 (help), 1 or 2, prints no stack trace, leaves no process behind, and a rejected one (exit 2) has
 * contacted no engine and created nothing on disk. The lines are made by fast-check from the real commands, flags and
 * values, with nasty paths (pseudo-filesystems, FIFOs, files where folders belong, symlink loops, read-only folders),
 * huge numbers, empty strings, unicode and repeated flags. Each runs through bin/imagediet.js, the entry users run,
 * with DOCKER_HOST naming a unix socket of its own that records every connection.
 *
 * Replay: the seed is printed; IMAGEDIET_PBT_SEED=<seed> runs the same lines again (IMAGEDIET_PBT_RUNS sets how many).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './spawn-cli.js';

const SEED = Number(process.env.IMAGEDIET_PBT_SEED ?? 20261202);
const RUNS = Number(process.env.IMAGEDIET_PBT_RUNS ?? 520);
/** Command lines run at once: enough to keep two cores busy while each waits on its own start-up. */
const PARALLEL = 4;
/** A bound only a hang exceeds; a slow answer on a busy machine is not a failure here. */
const HANG_MS = 60_000;

/** Paths as a user might give them, relative to the case's own folder (its working directory) or absolute. */
const PATHS = [
  '',
  '.',
  '..',
  'out',
  'out/deeper/still',
  'file',
  'file/sub',
  'fifo',
  'loop',
  'loop/sub',
  'ro',
  'ro/sub',
  'dirhist',
  'fifohist',
  'loophist',
  'corrupt',
  'fifovariants',
  '/proc/imagediet/out',
  '/proc/self',
  '/sys/kernel/imagediet',
  '/sys',
  '/dev/null',
  '/dev/zero',
  '/dev/null/x',
  'ünïcødé/💥',
  `${'a'.repeat(300)}/b`,
  'a/'.repeat(120),
  '{variants}',
  '{root}/test/fixtures/broken',
  '{root}/test/fixtures/corrupt-history',
];
const NUMBERS = ['0', '1', '2', '-1', '3', '1e309', '99999999999999999999', 'NaN', '', ' ', '٣', '0x10', '1.5', 'x'];
const PERCENTS = ['5%', '5', '0%', '100%', '101', '1e-400', '-3%', '%', 'five', ''];
const WORDS = [
  '',
  'scratch',
  'scrach',
  'scratch,upx',
  ',',
  'ubuntu,ubuntu',
  'local',
  'hub',
  'seed-2019',
  'auto',
  'ü',
  '💥',
];

const value = (pool: readonly string[]) => fc.constantFrom(...pool);
/** A flag and the values it is tried with (`null`: a switch). */
const BENCH_FLAGS: [string, fc.Arbitrary<string> | null][] = [
  ['--profile', value(WORDS)],
  ['--variants', value(WORDS)],
  ['--variants-dir', value(PATHS)],
  ['--out', value(PATHS)],
  ['--builder', value(['buildkit', 'classic', 'kaniko', ''])],
  ['--metrics', value(['size', 'sise', 'size,deploy', 'deploy', '', ',', 'size,size', 'startup,anatomy,build,pull'])],
  ['--runs', value([...NUMBERS, 'build=2', 'startup=0', 'pull=x', 'nope=3', 'build=1,startup=99999'])],
  ['--precision', value(PERCENTS)],
  ['--node-engine', value(['unix:///nowhere.sock', 'tcp://', 'ftp://x', '', 'tcp://127.0.0.1:1'])],
  ['--registry', value(['127.0.0.1:5000', 'nowhere', '', ':', '127.0.0.1:99999999'])],
  [
    '--param',
    value(['goVersion=1.23', 'goVersion=1.99', 'x', '=', 'goVersion=1.22,1.22', 'trimpath=a\nRUN evil', 'ü=1']),
  ],
  ['--shard', value(['1/2', '3/2', '0/0', '1/99999999999', 'half', ''])],
  ['--only', value(['busybox', 'busybx', ''])],
  ['--build-timeout', value(NUMBERS)],
  ['--smoke-timeout', value(NUMBERS)],
  ['--rebuild-bases', null],
  ['--clean', null],
  ['--outt', value(PATHS)],
  ['-h', null],
  ['-V', null],
];
const TREND_FLAGS: [string, fc.Arbitrary<string> | null][] = [
  ['--out', value(PATHS)],
  ['--config', value(['fifo', '/dev/zero', 'file', 'loop', 'nope.json', '', 'ro'])],
  ['--baseline', value(['previous', 'saved', 'r1', '', '💥'])],
  ['--check', null],
  ['--allow-mixed', null],
  ['--help', null],
];
const COMMANDS: [string[], [string, fc.Arbitrary<string> | null][]][] = [
  [[], BENCH_FLAGS],
  [['bases'], BENCH_FLAGS],
  [['demo'], BENCH_FLAGS],
  [['trend'], TREND_FLAGS],
  [
    ['baseline'],
    [
      ['--out', value(PATHS)],
      ['--run', value(['r1', '', 'latest'])],
    ],
  ],
  [
    ['merge'],
    [
      ['--out', value(PATHS)],
      ['--allow-mixed', null],
    ],
  ],
  [['report'], [['--out', value(PATHS)]]],
  [
    ['compare'],
    [
      ['--history', value(PATHS)],
      ['--config', value(['fifo', '/dev/zero', 'file', 'loop', 'nope.json', '', 'ro'])],
      ['--allow-mixed', null],
      ['--help', null],
    ],
  ],
  [['baseline-startup'], [['--help', null]]],
  [['baseline-startup', 'scratch'], [['--help', null]]],
  [['trnd'], BENCH_FLAGS],
  [['--'], BENCH_FLAGS],
];

const flagPairs = (flags: [string, fc.Arbitrary<string> | null][]) =>
  fc.array(
    fc.oneof(
      ...flags.map(([flag, arb]) => (arb ? arb.map((v) => [flag, v]) : fc.constant([flag]))),
      // A value without its flag, or a flag without its value.
      value(PATHS).map((p) => [p]),
      fc.constantFrom(...flags.map(([f]) => f)).map((f) => [f]),
    ),
    { maxLength: 6 },
  );

/**
 * One command line: the command, then flags (repeats allowed), merge's folders or compare's two sides, and the
 * DOCKER_HOST it runs with.
 */
const commandLine = fc.constantFrom(...COMMANDS).chain(([cmd, flags]) =>
  fc.record({
    argv: fc
      .tuple(
        flagPairs(flags),
        cmd[0] === 'merge' || cmd[0] === 'compare'
          ? fc.array(value([...PATHS, 'latest', 'previous', 'r1']), { maxLength: 3 })
          : fc.constant([]),
      )
      .map(([pairs, dirs]) => [...cmd, ...dirs, ...pairs.flat()]),
    // Mostly the case's own recording socket; sometimes a DOCKER_HOST that must be refused before any contact.
    dockerHost: fc.oneof(
      { weight: 9, arbitrary: fc.constant('{socket}') },
      { weight: 1, arbitrary: value(['tcp://', 'ftp://x', 'unix://', '💥', 'tcp://[::1']) },
    ),
  }),
);

/** The folder a case runs in: the nasty paths above, made real. */
async function caseFolder(base: string, i: number): Promise<string> {
  const dir = path.join(base, `case-${i}`);
  await mkdir(dir);
  await writeFile(path.join(dir, 'file'), 'a file where a folder is expected');
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  await symlink('loop', path.join(dir, 'loop'));
  await mkdir(path.join(dir, 'ro'));
  await chmod(path.join(dir, 'ro'), 0o555);
  for (const name of ['dirhist', 'fifohist', 'loophist', 'corrupt', 'fifovariants']) await mkdir(path.join(dir, name));
  await mkdir(path.join(dir, 'dirhist', 'history.csv'));
  execFileSync('mkfifo', [path.join(dir, 'fifohist', 'history.csv')]);
  await symlink('history.csv', path.join(dir, 'loophist', 'history.csv'));
  await writeFile(path.join(dir, 'corrupt', 'history.csv'), 'run_id,nonsense\n"unclosed\n');
  await mkdir(path.join(dir, 'fifovariants', 'v'));
  execFileSync('mkfifo', [path.join(dir, 'fifovariants', 'v', 'Dockerfile.hbs')]);
  execFileSync('mkfifo', [path.join(dir, 'fifovariants', 'v', 'variant.json')]);
  return dir;
}

/** Every path under `dir` with its type and size: what "nothing was created" is checked against. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const name of await readdir(d)) {
      const full = path.join(d, name);
      const st = await lstat(full);
      out.push(`${path.relative(dir, full)} ${st.isDirectory() ? 'dir' : st.isFIFO() ? 'fifo' : st.size}`);
      if (st.isDirectory() && !st.isSymbolicLink()) await walk(full).catch(() => {});
    }
  };
  await walk(dir);
  return out.sort();
}

/** A unix socket that records connections and closes each at once: an engine that never answers. */
async function recorder(socketPath: string): Promise<{ server: Server; connections: () => number }> {
  let count = 0;
  const server = createServer((s) => {
    count++;
    s.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return { server, connections: () => count };
}

interface Outcome {
  argv: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  connections: number;
  created: string[];
  leftRunning: boolean;
}

async function runCase(base: string, i: number, line: { argv: string[]; dockerHost: string }): Promise<Outcome> {
  const dir = await caseFolder(base, i);
  const rec = await recorder(path.join(dir, 'engine.sock'));
  const sub = (s: string) =>
    s.replaceAll('{variants}', path.join(ROOT, 'variants')).replaceAll('{root}', ROOT).replaceAll('{socket}', '');
  const argv = line.argv.map(sub);
  const dockerHost = line.dockerHost === '{socket}' ? `unix://${path.join(dir, 'engine.sock')}` : line.dockerHost;
  const before = await tree(dir);
  const { PATH, HOME, LANG } = process.env;
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/imagediet.js'), ...argv], {
    cwd: dir,
    env: { PATH, HOME, LANG, NO_COLOR: '1', DOCKER_HOST: dockerHost },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, so whatever it leaves running can be found (and killed) afterwards.
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-20_000);
  });
  const killer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), HANG_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(killer);
  let leftRunning = false;
  try {
    process.kill(-(child.pid as number), 0);
    leftRunning = true;
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // ESRCH: nothing of its group is left.
  }
  await new Promise((r) => rec.server.close(r));
  const after = await tree(dir);
  const created = after.filter((p) => !before.includes(p) && !p.startsWith('engine.sock'));
  return { argv, code, signal, stderr, connections: rec.connections(), created, leftRunning };
}

/** What is wrong with an outcome, or null. */
function violation(o: Outcome): string | null {
  if (o.signal) return `killed by ${o.signal} (a hang: no answer within ${HANG_MS / 1000} s)`;
  if (o.code !== 0 && o.code !== 1 && o.code !== 2) return `exit ${o.code}`;
  if (/^\s+at .+:\d+:\d+\)?$/m.test(o.stderr) || /unexpected error/.test(o.stderr)) return 'a stack trace';
  if (o.leftRunning) return 'a process of its group was still running after it exited';
  if (o.code === 2 && o.connections > 0) return `rejected, yet the engine socket saw ${o.connections} connection(s)`;
  if (o.code === 2 && o.created.length > 0) return `rejected, yet it created ${o.created.join(', ')}`;
  return null;
}

describe('the command line, on generated input', () => {
  let base: string;
  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'imagediet-pbt-'));
  });
  afterAll(async () => {
    // The read-only folders must be writable again to be removed.
    execFileSync('chmod', ['-R', 'u+w', base]);
    await rm(base, { recursive: true, force: true });
  });

  it(`answers every line in bounded time, exit 0/1/2, and a rejected line contacts nothing and creates nothing (seed ${SEED}, ${RUNS} lines)`, {
    timeout: 30 * 60_000,
  }, async () => {
    const lines = fc.sample(commandLine, { seed: SEED, numRuns: RUNS });
    const outcomes: Outcome[] = new Array(lines.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        for (let i = next++; i < lines.length; i = next++) outcomes[i] = await runCase(base, i, lines[i] as never);
      }),
    );
    const codes = { 0: 0, 1: 0, 2: 0 } as Record<string, number>;
    for (const o of outcomes) codes[String(o.code)] = (codes[String(o.code)] ?? 0) + 1;
    console.log(
      `command-line property: seed ${SEED}, ${outcomes.length} lines: exit 0 ×${codes[0]}, 1 ×${codes[1]}, 2 ×${codes[2]} (replay: IMAGEDIET_PBT_SEED=${SEED})`,
    );
    const bad = outcomes
      .map((o, i) => ({ i, o, why: violation(o) }))
      .filter((x) => x.why !== null)
      .map(({ i, o, why }) => `line ${i} ${JSON.stringify(o.argv)}: ${why}\n${o.stderr.slice(0, 600)}`);
    expect(bad, `seed ${SEED}`).toEqual([]);
    // The lines reached every outcome, so the property was tried on rejected and accepted lines alike.
    expect(codes[2]).toBeGreaterThan(50);
    expect((codes[1] ?? 0) + (codes[0] ?? 0)).toBeGreaterThan(10);
  });
});
