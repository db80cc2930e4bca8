#!/usr/bin/env node
// The one entry of every command (npm scripts, npx imagediet, the installed bin). It runs dist/cli.cjs, the command
// line that `npm install` compiled (scripts/build.mjs, through `prepare`), while dist/ matches the sources it was
// built from: a start then compiles no TypeScript, and V8's code cache beside the bundle spares most of the
// JavaScript's parsing too. When a source has changed since (during development), or dist/ is missing, it runs the
// TypeScript itself through tsx's loader in this same process: slower, never stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { sourceStamp } from '../scripts/source-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// The build points this at the folder it is filling, to start the new bundle before it is swapped in.
const dist = process.env.IMAGEDIET_DIST_DIR ?? path.join(root, 'dist');

/** Is the bundle built from the sources as they are now? */
function distIsCurrent() {
  try {
    return JSON.parse(readFileSync(path.join(dist, 'stamp.json'), 'utf8')) === sourceStamp(root);
  } catch {
    return false;
  }
}

/** Run the CommonJS bundle as Node would, with V8's code cache when there is one (a stale cache is only ignored). */
function runBundle() {
  const file = path.join(dist, 'cli.cjs');
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  // The bundle holds no import(): a function run from the code cache could not resolve one on Node 20. The few ES
  // modules it loads (vega) come through this module's own import (src/esm-import.ts).
  globalThis[Symbol.for('imagediet.import')] = (specifier) => import(specifier);
  if (process.env.IMAGEDIET_WRITE_CODE_CACHE === '1')
    process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

if (process.env.IMAGEDIET_FROM_SOURCE !== '1' && distIsCurrent()) {
  runBundle();
} else {
  // Plain-JavaScript dependencies that the input check needs are loaded before the loader is on. Once it is, every
  // module costs a round trip to the loader's thread, and zod alone is 95 modules.
  await Promise.all([
    import('zod'),
    import('csv-parse/sync'),
    import('csv-stringify/sync'),
    import('handlebars'),
    import('commander'),
  ]);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
