/** The build context: exactly the app's files minus what its .dockerignore excludes, plus the generated Dockerfile. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import type { ContextFile } from '../engine/engine.js';

// The package's types declare an ES default export, but it is CommonJS `module.exports = factory`.
const ignore = dockerignore as unknown as typeof dockerignore.default;

/** Name of the generated Dockerfile inside the context; chosen so it never clashes with an app file. */
export const DOCKERFILE_NAME = 'imagediet.Dockerfile';

/** Files of `appDir` that a build may see, honouring `appDir/.dockerignore` with Docker's own matching rules. */
export function contextFiles(appDir: string): ContextFile[] {
  const rules = readIgnore(appDir);
  const ig = ignore().add(rules);
  const files: ContextFile[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(appDir, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (ig.ignores(name)) continue;
      const full = path.join(appDir, name);
      if (entry.isDirectory()) walk(name);
      else if (entry.isFile()) files.push({ name, content: readFileSync(full), mode: statSync(full).mode & 0o777 });
    }
  };
  walk('');
  return files;
}

/** The context for one variant: app files plus its rendered Dockerfile. */
export function variantContext(appDir: string, dockerfile: string): ContextFile[] {
  return [...contextFiles(appDir), { name: DOCKERFILE_NAME, content: Buffer.from(dockerfile) }];
}

function readIgnore(appDir: string): string[] {
  try {
    return readFileSync(path.join(appDir, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  } catch {
    return [];
  }
}
