// `npm run bench:cli`: how fast the command line answers when it needs no engine: --version, --help and a rejected
// command line (a misspelled variant), each started as a user starts it (node bin/imagediet.js …), interleaved with
// `node -e 0` so the machine's own start-up cost is measured beside it. Prints each median, its ratio to node's, and
// whether it is within the target (0.3 s). With --check, exits 1 when one is not. A benchmark, not a test: a busy
// machine makes every figure slower, which is why the ratio to `node -e 0` is printed too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv.find((a) => /^--runs=\d+$/.test(a))?.slice(7) ?? 15);
const check = process.argv.includes('--check');
const TARGET_S = 0.3;
const out = mkdtempSync(path.join(tmpdir(), 'imagediet-bench-cli-'));
const bin = path.join(root, 'bin/imagediet.js');
// DOCKER_HOST names nothing: none of these may contact an engine, and a typo must not find one to install.
const env = { ...process.env, DOCKER_HOST: `unix://${path.join(out, 'no-engine.sock')}`, NO_COLOR: '1' };

const cases = [
  { name: 'node -e 0', args: ['-e', '0'], code: 0 },
  { name: '--version', args: [bin, '--version'], code: 0 },
  { name: '--help', args: [bin, '--help'], code: 0 },
  { name: 'a typo (--variants scrach)', args: [bin, '--variants', 'scrach', '--out', path.join(out, 'r')], code: 2 },
];

const times = cases.map(() => []);
// One warm-up of each, untimed: the first start reads every file from disk.
for (const c of cases) spawnSync(process.execPath, c.args, { env, stdio: 'ignore' });
for (let i = 0; i < runs; i++) {
  cases.forEach((c, j) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.args, { env, stdio: 'ignore', timeout: 60_000 });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== c.code) {
      console.error(`bench:cli: ${c.name} exited ${r.status ?? r.signal}, expected ${c.code}`);
      process.exit(2);
    }
    times[j].push(s);
  });
}
rmSync(out, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length % 2 ? s[Math.floor(m)] : (s[m - 1] + s[m]) / 2;
};
const node = median(times[0]);
let over = 0;
console.log(`imagediet bench:cli: ${runs} runs each, interleaved, medians (target ${TARGET_S} s)`);
cases.forEach((c, j) => {
  const m = median(times[j]);
  const min = Math.min(...times[j]);
  const max = Math.max(...times[j]);
  const verdict = j === 0 ? '' : m <= TARGET_S ? '  within target' : '  OVER target';
  if (j > 0 && m > TARGET_S) over++;
  const ratio = j === 0 ? '' : `  ${(m / node).toFixed(1)}× node -e 0`;
  console.log(
    `  ${c.name.padEnd(28)} ${m.toFixed(3)} s (min ${min.toFixed(3)}, max ${max.toFixed(3)})${ratio}${verdict}`,
  );
});
if (check && over > 0) process.exit(1);
