#!/usr/bin/env node
// The one entry of every command (npm scripts, npx imagediet, the installed bin). It runs dist/, the command line that
// `npm install` compiled (scripts/build.mjs, through `prepare`), while dist/ matches the sources it was built from:
// a start then compiles nothing. When a source has changed since (during development), or dist/ is missing, it runs
// the TypeScript itself through tsx's loader in this same process, as before: slower, never stale.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceStamp } from '../scripts/source-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Is dist/ built from the sources as they are now? */
function distIsCurrent() {
  try {
    return JSON.parse(readFileSync(new URL('../dist/stamp.json', import.meta.url), 'utf8')) === sourceStamp(root);
  } catch {
    return false;
  }
}

if (process.env.IMAGEDIET_FROM_SOURCE !== '1' && distIsCurrent()) {
  await import('../dist/cli.js');
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
