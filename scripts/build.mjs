// `npm run build` (and `prepare`, so `npm install` runs it): the command line compiled once into dist/, so that a
// start costs no TypeScript compilation. esbuild bundles the entry and the small pure-JavaScript libraries the input
// check needs (commander, zod, handlebars, csv-parse: zod alone is 95 modules, and loading a module is most of what
// a rejected command line costs); what only a run needs (dockerode, vega) stays external and is loaded when used.
// The stamp names the sources it was built from: bin/imagediet.js runs dist/ only while it matches them, and runs
// the TypeScript through tsx otherwise, so a changed source file still just works.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
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
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: next,
  sourcemap: true,
  logLevel: 'warning',
  // Loaded by a run, never by the input check: kept out, as installed (native addons, large, or loaded lazily).
  external: ['dockerode', 'protobufjs', 'vega', 'vega-lite', 'tsx', 'puppeteer-core', '@cyclonedx/*'],
  // Bundled CommonJS libraries call require(); ESM output has none, so each chunk makes one.
  banner: {
    js: "import { createRequire as __imagedietRequire } from 'node:module'; const require = __imagedietRequire(import.meta.url);",
  },
});
await writeFile(path.join(next, 'stamp.json'), `${JSON.stringify(stamp)}\n`);
// Swapped in whole: a command started meanwhile sees the old build or the new one, never half of one.
const old = path.join(root, `dist.${process.pid}.old`);
await rename(out, old).catch((err) => {
  if (err.code !== 'ENOENT') throw err;
});
await rename(next, out);
await rm(old, { recursive: true, force: true });
