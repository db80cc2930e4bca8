#!/usr/bin/env node
// The one entry of every command (npm scripts, npx imagediet, the installed bin). It runs the TypeScript entry through
// tsx's loader in this same process: no build step stands between a clone and a run, and no second node process
// (tsx's own CLI starts one) stands between a typo and its answer.
import { register } from 'tsx/esm/api';

// Plain-JavaScript dependencies that the input check needs are loaded before the loader is on. Once it is, every
// module costs a round trip to the loader's thread, and zod alone is 95 modules: this saves about a sixth of the CPU
// time a rejected command line takes.
await Promise.all([
  import('zod'),
  import('csv-parse/sync'),
  import('csv-stringify/sync'),
  import('handlebars'),
  import('commander'),
]);
register();
await import('../src/cli.ts');
