/** `imagediet compare`: two committed runs as Markdown, a planted size growth failing its gate, bad input as exit 2. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../../src/cli/commands/command-program.js';
import { compareCommand } from '../../../src/cli/commands/compare-command.js';
import { ROOT } from '../../../src/paths.js';
import type { RunResult } from '../../../src/types.js';

/** The command's stdout, its one-line problems and its exit code. */
async function compare(argv: string[]): Promise<{ code: number; out: string; problems: string[] }> {
  const out: string[] = [];
  const problems: string[] = [];
  const io: CommandIo = {
    print: (line) => out.push(line),
    fail: (p) => {
      problems.push(...p);
      return 2;
    },
    note: () => undefined,
  };
  const code = await compareCommand(argv, io);
  return { code, out: out.join('\n'), problems };
}

const CONFIG = join(ROOT, 'imagediet.config.json');
const RESULTS = join(ROOT, 'results');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagediet-compare-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('imagediet compare', () => {
  it('prints two committed runs of the history side by side, every gate passing', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const { code, out } = await compare([
        '--history',
        'results',
        '20261129T165925Z-887f',
        '20261129T190203Z-9857',
        '--config',
        CONFIG,
      ]);
      expect(code).toBe(0);
      expect(out).toMatchInlineSnapshot(`
        "## imagediet: \`20261129T190203Z-9857\` against \`20261129T165925Z-887f\`

        Head: run 20261129T190203Z-9857 of results/history.csv. Base: run 20261129T165925Z-887f of results/history.csv.

        Size rule: \`image_size\` is docker image inspect Size (overlay2 graph driver) in both runs.

        | variant | size | compressed | packages | deploy @100 Mbit/s | startup |
        |---|---:|---:|---:|---:|---:|
        | ubuntu | 890MB (no change) | 323MB (+660B, +0.0%) | — | 32.5 s (+0.0%, within noise) | 130 ms → 132 ms (+1.9%, within noise) |
        | golang | 866MB (no change) | 306MB (−1.29kB, −0.0%) | — | 31.5 s → 31.1 s (−1.4%, within noise) | 134 ms → 136 ms (+2.0%, within noise) |
        | alpine | 671MB (no change) | 227MB (−329B, −0.0%) | — | 23.8 s → 23.6 s (−1.1%, within noise) | 138 ms → 137 ms (−1.1%, within noise) |
        | golang-alpine | 399MB (no change) | 129MB (−1.21kB, −0.0%) | — | 13.6 s (+0.3%, within noise) | 136 ms → 143 ms (+5.2%, within noise) |
        | multistage | 9.45MB (no change) | 5.36MB (−1B, −0.0%) | — | 646 ms → 643 ms (−0.5%, within noise) | 129 ms → 134 ms (+3.7%, within noise) |
        | scratch | 5.06MB (no change) | 2.21MB (no change) | — | 371 ms → 389 ms (+4.9%, within noise) | 132 ms → 133 ms (+0.8%, within noise) |
        | upx | 1.66MB (no change) | 1.66MB (no change) | — | 388 ms → 391 ms (+0.9%, within noise) | 232 ms → 231 ms (−0.5%, within noise) |
        | multistage-debian | 133MB (no change) | 58.4MB (+239B, +0.0%) | — | 6.12 s → 6.23 s (+1.9%, within noise) | 131 ms → 132 ms (+1.0%, within noise) |
        | builder-pattern | 9.45MB (no change) | 5.36MB (−1B, −0.0%) | — | 645 ms → 665 ms (+3.0%, within noise) | 129 ms → 134 ms (+4.0%, within noise) |
        | busybox | 7.05MB (no change) | 3.28MB (−13B, −0.0%) | — | 488 ms → 491 ms (+0.5%, within noise) | 131 ms → 138 ms (+5.6%, within noise) |
        | distroless | 6.61MB (no change) | 2.7MB (−2B, −0.0%) | — | 421 ms → 459 ms (+8.9%, within noise) | 130 ms → 139 ms (+6.9%, within noise) |
        | cgo-dynamic | 87.5MB (no change) | 34.4MB (+27B, +0.0%) | — | 3.82 s → 3.86 s (+1.0%, within noise) | 130 ms → 131 ms (+0.9%, within noise) |
        | separate-runs | 151MB (no change) | 72.2MB (+237B, +0.0%) | — | 7.70 s → 7.59 s (−1.4%, within noise) | 131 ms → 136 ms (+4.1%, within noise) |
        | chained-runs | 131MB (no change) | 56.3MB (+241B, +0.0%) | — | 5.95 s (−0.0%, within noise) | 130 ms → 133 ms (+2.2%, within noise) |
        | ldflags-off | 7.45MB (no change) | 4.29MB (no change) | — | 565 ms → 568 ms (+0.6%, within noise) | 133 ms → 137 ms (+3.5%, within noise) |
        | ldflags-sw | 5.06MB (no change) | 2.21MB (no change) | — | 379 ms → 380 ms (+0.2%, within noise) | 132 ms → 138 ms (+4.6%, within noise) |
        | no-dockerignore | 5.06MB (no change) | 2.21MB (no change) | — | 373 ms → 378 ms (+1.4%, within noise) | 131 ms → 133 ms (+1.0%, within noise) |
        | dockerignore | 5.06MB (no change) | 2.21MB (no change) | — | 375 ms → 373 ms (−0.7%, within noise) | 126 ms → 131 ms (+3.5%, within noise) |
        | copy-all-first | 5.06MB (no change) | 2.21MB (no change) | — | 368 ms → 381 ms (+3.6%, within noise) | 127 ms → 137 ms (+8.4%, within noise) |
        | deps-first | 5.06MB (no change) | 2.21MB (no change) | — | 371 ms → 378 ms (+1.7%, within noise) | 132 ms → 142 ms (+7.6%, within noise) |

        Each cell is base → head and the change. A timed change is *within noise* when the two medians’ 95% confidence intervals overlap, and *beyond noise* when they do not (as \`trend\` judges it); sizes are exact. Gates are the thresholds and budgets of \`imagediet.config.json\`. Neither run recorded its images’ packages (a history holds no package lists).

        **All gates pass.**"
      `);
    } finally {
      process.chdir(cwd);
    }
  });

  it('fails the gate of a planted 10% size growth, exit 1, naming it', async () => {
    const result = JSON.parse(await readFile(join(RESULTS, 'results.json'), 'utf8')) as RunResult;
    const grown = structuredClone(result);
    grown.runId = 'planted';
    for (const m of grown.measurements)
      if (m.variant === 'scratch' && m.metric === 'image_size' && m.value !== null) m.value = Math.round(m.value * 1.1);
    await mkdir(join(dir, 'head'));
    await writeFile(join(dir, 'head', 'results.json'), JSON.stringify(grown));
    const { code, out } = await compare([RESULTS, join(dir, 'head', 'results.json'), '--config', CONFIG]);
    expect(code).toBe(1);
    expect(out).toContain('| scratch | 🔴 5.06MB → 5.57MB (+506kB, +10.0%) |');
    expect(out).toContain(
      '**1 gate(s) failed:**\n\n- 🔴 scratch image_size 5.57MB against 5.06MB at the baseline: +10.0%, past the threshold',
    );
  });

  it('says an input problem in one line, exit 2', async () => {
    const missing = join(dir, 'nowhere');
    expect(await compare([missing, RESULTS, '--config', CONFIG])).toMatchObject({
      code: 2,
      problems: [`compare: ${missing} has no results.json; pass folders written by the bench (--out)`],
    });
    const { code, problems } = await compare(['--history', RESULTS, 'latest', 'r-nope', '--config', CONFIG]);
    expect(code).toBe(2);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^compare: run "r-nope" is not in .*history\.csv; use latest, previous or one of: /);
  });
});
