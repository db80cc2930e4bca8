/** argv → RunOptions, with every problem collected into one list of one-line messages (exit 2). */
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { LINK_IDS, parseLinks } from '../deploy/links.js';
import { DEFAULT_NODE_KIND, NODE_KINDS, type NodeKind } from '../node/node-kinds.js';
import { APP_DIR, CLAIMS_FILE, harnessVersion, VARIANTS_DIR } from '../paths.js';
import { COMPRESSION_KEY, COMPRESSIONS, DEFAULT_COMPRESSION, parseCompressions } from '../registry/compression.js';
import { parseShard, splitValues } from '../run/matrix.js';
import type { RunOptions } from '../run/options.js';
import { DEFAULT_PRECISION, fixedByRuns, parsePrecision } from '../stats/sampling-options.js';
import { suggest } from '../suggest.js';
import { METRIC_GROUPS, type MetricGroup } from '../types.js';
import { COMMAND_NAMES, commandsHelp } from './command-list.js';
import { dockerHostProblem } from './docker-host.js';

export type Parsed =
  | { kind: 'run'; options: RunOptions }
  | { kind: 'clean' }
  | { kind: 'bases'; options: RunOptions; only: string[] | null }
  | { kind: 'help'; text: string }
  /** `options` is there when the rest of argv parsed, so the plan's problems can be reported in the same breath. */
  | { kind: 'problems'; problems: string[]; options?: RunOptions };

// The value may hold anything, newlines included: the template check rejects bad values with a precise message.
const PARAM = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

function program(): Command {
  return new Command('imagediet')
    .description(
      'Build every Dockerfile variant of the sample Go API on a real engine and measure how much each shrinks.',
    )
    .argument('[command]', 'one of the commands below; none runs the bench')
    .option('--profile <id>', 'base images: auto, hub, seed-2019 or local', 'auto')
    .option('--variants <ids>', 'comma-separated variant ids (default: all)')
    .option('--variants-dir <dir>', 'folder of variant templates', VARIANTS_DIR)
    .option('--out <dir>', 'output folder for results.csv, results.json, results.md', 'results')
    .addOption(new Option('--builder <name>', 'image builder').choices(['buildkit', 'classic']).default('buildkit'))
    .option('--metrics <groups>', `comma-separated: ${METRIC_GROUPS.join(', ')}`, METRIC_GROUPS.join(','))
    .option(
      '--param <key=values>',
      'set a template value; several comma-separated values sweep it (repeatable; the product of all keys runs)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--shard <i/n>', 'run only slice i of n of the variant × parameter matrix (merge the slices with "merge")')
    .option(
      '--runs <n>',
      'repetitions per timed metric: N for all, or build=N,pull=N,startup=N (default build=1,pull=3,startup=5)',
    )
    .option('--registry <host:port>', 'push to this registry instead of starting a private one on 127.0.0.1')
    .option(
      '--precision <pct>',
      'pull, deploy and start-up cells sample until the median is known to ± this (95% CI)',
      '5%',
    )
    .option(
      '--node-engine <DOCKER_HOST>',
      'an engine you dedicate to pulls and deploys (default: the harness starts one)',
    )
    .option(
      '--node-kind <kind>',
      `the engine the harness starts as its node: ${NODE_KINDS.join(', ')}`,
      DEFAULT_NODE_KIND,
    )
    .option(
      '--compression <forms>',
      `push and deploy each image in these forms (comma-separated): ${COMPRESSIONS.join(', ')}`,
      DEFAULT_COMPRESSION,
    )
    .option(
      '--links <ids>',
      `the links the node deploys over, one series of samples each (comma-separated): ${LINK_IDS.join(', ')}`,
      LINK_IDS.join(','),
    )
    .option('--rebuild-bases', 'rebuild the offline bases of the local profile', false)
    .option('--only <ids>', 'with "bases": which bases to build (default: all)')
    .option('--build-timeout <s>', 'seconds one build may take', '900')
    .option('--smoke-timeout <s>', 'seconds an image may take to answer GET /', '30')
    .option('--clean', 'remove every image and container the harness created (offline bases stay), then exit', false)
    .helpOption('-h, --help', 'show this help')
    .version(harnessVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .allowExcessArguments(false);
}

const list = (v: unknown) =>
  String(v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Default repetitions: enough for a median and its spread, short enough for a default run. */
const DEFAULT_RUNS: RunOptions['runs'] = { build: 1, pull: 3, startup: 5 };

/** `--runs 10` or `--runs startup=10,build=2`; problems are appended. */
function parseRuns(raw: string | undefined, problems: string[]): RunOptions['runs'] {
  const runs = { ...DEFAULT_RUNS };
  if (raw === undefined) return runs;
  const count = (text: string, what: string) => {
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1000) {
      problems.push(`--runs${what} must be a whole number from 1 to 1000, got "${text}"`);
      return 1;
    }
    return Number(text);
  };
  if (!raw.includes('=')) {
    const n = count(raw, '');
    return { build: n, pull: n, startup: n };
  }
  for (const part of list(raw)) {
    const [key = '', value = ''] = part.split('=');
    if (key === 'build' || key === 'pull' || key === 'startup') runs[key] = count(value, ` ${key}`);
    else
      problems.push(
        `--runs: "${key}" is not a timed metric group; accepted: build, pull, startup${suggest(key, ['build', 'pull', 'startup'])}`,
      );
  }
  return runs;
}

/** Parse argv (without node and script). Never throws; never exits. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Parsed {
  const cmd = program();
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help')
        return { kind: 'help', text: `${cmd.helpInformation()}\n${commandsHelp()}` };
      if (err.code === 'commander.version') return { kind: 'help', text: `${harnessVersion()}\n` };
      return { kind: 'problems', problems: [`${err.message.replace(/^error: /, '')} (see --help)`] };
    }
    throw err;
  }
  const o = cmd.opts<Record<string, string | string[] | boolean | undefined>>();
  const problems: string[] = [];
  const positional = cmd.args[0];
  if (positional !== undefined && positional !== 'bases') {
    problems.push(
      `unknown command "${positional}"; accepted: ${COMMAND_NAMES.join(', ')} (or none to run the bench)${suggest(positional, COMMAND_NAMES)}`,
    );
  }

  const metrics = list(o.metrics);
  for (const m of metrics) {
    if (!(METRIC_GROUPS as readonly string[]).includes(m))
      problems.push(
        `--metrics: "${m}" is not a metric group; accepted: ${METRIC_GROUPS.join(', ')}${suggest(m, METRIC_GROUPS)}`,
      );
  }
  if (metrics.length === 0) problems.push(`--metrics is empty; accepted: ${METRIC_GROUPS.join(', ')}`);

  const params: Record<string, string[]> = {};
  for (const p of o.param as string[]) {
    const m = PARAM.exec(p);
    if (!m?.[1]) problems.push(`--param ${JSON.stringify(p)} must be key=value, e.g. --param goVersion=1.23`);
    else if (m[1] === COMPRESSION_KEY)
      problems.push(
        `--param ${COMPRESSION_KEY} is the harness's own column; use --compression ${m[2] ?? ''} to push and deploy in those forms`,
      );
    else if (m[1] in params)
      problems.push(`--param ${m[1]} is given twice; list several values in one flag: --param ${m[1]}=a,b`);
    else {
      const values = splitValues(m[2] ?? '');
      const twice = values.find((v, i) => values.indexOf(v) !== i);
      if (twice !== undefined) problems.push(`--param ${m[1]} lists "${twice}" twice; give each value once`);
      params[m[1]] = values;
    }
  }
  const shard = o.shard === undefined ? null : parseShard(String(o.shard));
  if (typeof shard === 'string') problems.push(shard);

  const seconds = (name: string, raw: unknown, max: number) => {
    const n = Number(raw);
    if (!/^\d+$/.test(String(raw)) || n < 1 || n > max) {
      problems.push(`--${name} must be a whole number of seconds from 1 to ${max}, got "${String(raw)}"`);
      return 1;
    }
    return n;
  };
  const buildTimeout = seconds('build-timeout', o.buildTimeout, 7200);
  const smokeTimeout = seconds('smoke-timeout', o.smokeTimeout, 600);

  const runs = parseRuns(o.runs === undefined ? undefined : String(o.runs), problems);
  const precision = parsePrecision(String(o.precision));
  if (typeof precision === 'string') problems.push(precision);
  const nodeEngine = o.nodeEngine === undefined ? null : String(o.nodeEngine);
  const nodeProblem = nodeEngine === null ? null : dockerHostProblem(nodeEngine);
  if (nodeProblem) problems.push(`--node-engine: ${nodeProblem.replace(/fix or unset DOCKER_HOST$/, 'fix it')}`);
  const nodeKind = String(o.nodeKind);
  if (!(NODE_KINDS as readonly string[]).includes(nodeKind))
    problems.push(
      `--node-kind: "${nodeKind}" is not a node kind; accepted: ${NODE_KINDS.join(', ')}${suggest(nodeKind, NODE_KINDS)}`,
    );
  const nodeKindNamed = cmd.getOptionValueSource('nodeKind') !== 'default';
  if (nodeKindNamed && nodeEngine !== null)
    problems.push('--node-kind picks the node the harness starts, --node-engine names your own: give one of them');
  const compressed = parseCompressions(String(o.compression), suggest);
  problems.push(...compressed.problems);
  const linked = parseLinks(String(o.links), suggest);
  problems.push(...linked.problems);
  const named = (['compression', 'links', 'nodeKind'] as const).filter(
    (k) => cmd.getOptionValueSource(k) !== 'default',
  );
  if (named.length > 0 && !metrics.includes('pull') && !metrics.includes('deploy')) {
    const flag = named[0] === 'nodeKind' ? 'node-kind' : named[0];
    problems.push(`--${flag} needs --metrics with pull or deploy; add one or drop the option`);
  }
  const registry = o.registry === undefined ? null : String(o.registry);
  if (registry !== null && !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(registry))
    problems.push(`--registry must be host:port, e.g. 127.0.0.1:5000, got "${registry}"`);
  if (registry !== null && !metrics.includes('pull'))
    problems.push('--registry needs --metrics with pull; add pull or drop --registry');

  const variants = o.variants === undefined ? null : list(o.variants);
  if (variants && variants.length === 0)
    problems.push('--variants is empty; give variant ids, e.g. --variants scratch,upx');
  if (o.clean && (positional || variants))
    problems.push('--clean cannot be combined with a command or --variants; run it alone');
  if (o.only && positional !== 'bases')
    problems.push('--only applies to the "bases" command; use --variants for the bench');

  const hostProblem = dockerHostProblem(env.DOCKER_HOST);
  if (hostProblem) problems.push(hostProblem);

  const options: RunOptions = {
    profile: String(o.profile),
    variants,
    variantsDir: path.resolve(String(o.variantsDir)),
    appDir: APP_DIR,
    claimsFile: CLAIMS_FILE,
    out: path.resolve(String(o.out)),
    builder: o.builder as RunOptions['builder'],
    metrics: metrics as MetricGroup[],
    metricsNamed: cmd.getOptionValueSource('metrics') !== 'default',
    rebuildBases: Boolean(o.rebuildBases),
    params,
    shard: typeof shard === 'string' ? null : shard,
    runs,
    registry,
    buildTimeoutMs: buildTimeout * 1000,
    smokeTimeoutMs: smokeTimeout * 1000,
    sampling: {
      target: typeof precision === 'string' ? DEFAULT_PRECISION : precision,
      fixed: fixedByRuns(o.runs === undefined ? undefined : String(o.runs)),
    },
    nodeEngine,
    compressions: compressed.compressions,
    ...(cmd.getOptionValueSource('links') !== 'default' ? { links: linked.links } : {}),
    nodeKind: (NODE_KINDS as readonly string[]).includes(nodeKind) ? (nodeKind as NodeKind) : DEFAULT_NODE_KIND,
  };
  if (problems.length) return { kind: 'problems', problems, ...(o.clean ? {} : { options }) };
  if (o.clean) return { kind: 'clean' };
  if (positional === 'bases') return { kind: 'bases', options, only: o.only ? list(o.only) : null };
  return { kind: 'run', options };
}
