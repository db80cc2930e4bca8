#!/usr/bin/env node
// The package's command: runs the TypeScript entry through tsx, so no build step stands between a clone and a run.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
