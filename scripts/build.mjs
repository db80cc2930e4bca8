// `npm run build` (and `prepare`, so `npm install` runs it): the command line compiled once into dist/, so that a
// start compiles no TypeScript and, with V8's code cache, hardly any JavaScript.
// - esbuild bundles src/cli.ts and the small pure-JavaScript libraries the input check needs (commander, zod,
//   handlebars, csv-parse: zod alone is 95 modules, and loading modules was most of what a rejected command line
//   cost) into one CommonJS file; what only a run needs (dockerode, vega) stays external and is loaded when used.
// - The bundle is then started twice, as a user would start it, on inputs that need no engine (a misspelled variant,
//   --help), and the second start leaves V8's code cache of what it compiled beside it: bin/imagediet.js hands it to
//   V8, which then skips parsing and compiling those functions.
// - The stamp names the sources it was built from: bin/imagediet.js runs dist/ only while it matches them, and runs
//   the TypeScript through tsx otherwise, so a changed source file still just works.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sourceStamp } from './source-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'dist');
const next = path.join(root, `dist.${process.pid}.tmp`);

const stamp = sourceStamp(root);
await rm(next, { recursive: true, force: true });
await mkdir(next);
await build({
  entryPoints: [path.join(root, 'src/cli.ts')],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: path.join(next, 'cli.cjs'),
  sourcemap: true,
  logLevel: 'warning',
  // Loaded by a run, never by the input check: kept out, as installed (native addons, large, or ES modules with
  // top-level await, which src/esm-import.ts loads through the entry's own import()).
  external: ['dockerode', 'protobufjs', 'vega', 'vega-lite', 'tsx', 'puppeteer-core', '@cyclonedx/*'],
  // No import() in the bundle: run from V8's code cache, Node 20 cannot resolve one (ERR_VM_DYNAMIC_IMPORT_CALLBACK_
  // MISSING). The sources' own lazy imports become requires; the ES-module packages go through src/esm-import.ts.
  supported: { 'dynamic-import': false },
  // The sources find the project's folders from import.meta.url, which CommonJS has not: it is made from __filename.
  define: { 'import.meta.url': '__imagedietModuleUrl' },
  banner: { js: "const __imagedietModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await writeFile(path.join(next, 'stamp.json'), `${JSON.stringify(stamp)}\n`);

// Two starts that need no engine (DOCKER_HOST names nothing), the second writing the code cache on its way out.
const scratch = await mkdtemp(path.join(tmpdir(), 'imagediet-build-'));
const env = {
  ...process.env,
  DOCKER_HOST: `unix://${path.join(scratch, 'no-engine.sock')}`,
  IMAGEDIET_DIST_DIR: next,
  NO_COLOR: '1',
};
const start = (args, extra = {}) =>
  spawnSync(process.execPath, [path.join(root, 'bin/imagediet.js'), ...args], {
    env: { ...env, ...extra },
    stdio: 'ignore',
    timeout: 120_000,
  });
start(['--help']);
const warm = start(['--variants', 'imagediet-code-cache', '--out', path.join(scratch, 'out')], {
  IMAGEDIET_WRITE_CODE_CACHE: '1',
});
await rm(scratch, { recursive: true, force: true });
if (warm.status !== 2)
  console.warn(`build: the code-cache start exited ${warm.status ?? warm.signal}; dist/ runs without it`);

// Swapped in whole: a command started meanwhile sees the old build or the new one, never half of one.
const old = path.join(root, `dist.${process.pid}.old`);
await rename(out, old).catch((err) => {
  if (err.code !== 'ENOENT') throw err;
});
await rename(next, out);
await rm(old, { recursive: true, force: true });
