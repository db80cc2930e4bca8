import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextFiles, DOCKERFILE_NAME, variantContext } from '../../src/build/build-context.js';
import { APP_DIR } from '../../src/paths.js';

describe('build context', () => {
  it('keeps secrets and VCS data out, using the app’s own .dockerignore', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imagediet-ctx-'));
    copyFileSync(path.join(APP_DIR, '.dockerignore'), path.join(dir, '.dockerignore'));
    writeFileSync(path.join(dir, 'main.go'), 'package main\n');
    writeFileSync(path.join(dir, 'go.mod'), 'module x\n');
    writeFileSync(path.join(dir, '.env'), 'TOKEN=secret\n');
    writeFileSync(path.join(dir, '.env.production'), 'TOKEN=secret\n');
    writeFileSync(path.join(dir, 'server.pem'), 'key\n');
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, '.git', 'config'), '[core]\n');
    mkdirSync(path.join(dir, 'deploy'));
    writeFileSync(path.join(dir, 'deploy', '.env'), 'TOKEN=secret\n');
    const names = contextFiles(dir).map((f) => f.name);
    expect(names).toContain('main.go');
    expect(names).toContain('go.mod');
    for (const secret of ['.env', '.env.production', 'server.pem', '.git/config', 'deploy/.env']) {
      expect(names).not.toContain(secret);
    }
  });

  it('is exactly the app’s files plus the generated Dockerfile', () => {
    const files = variantContext(APP_DIR, 'FROM scratch\n').map((f) => f.name);
    expect(files).toContain(DOCKERFILE_NAME);
    expect(files.filter((f) => f.endsWith('.go')).length).toBeGreaterThan(0);
    expect(files.every((f) => f === DOCKERFILE_NAME || !f.startsWith('.git'))).toBe(true);
  });
});
