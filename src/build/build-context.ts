/** The build context: exactly the app's files minus what its .dockerignore excludes, plus the generated Dockerfile. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import type { ContextFile } from '../engine/engine.js';
import { junkBytes } from './junk.js';

// The package's types declare an ES default export, but it is CommonJS `module.exports = factory`.
const ignore = dockerignore as unknown as typeof dockerignore.default;

/** Name of the generated Dockerfile inside the context; chosen so it never clashes with an app file. */
export const DOCKERFILE_NAME = 'imagediet.Dockerfile';

/**
 * Never sent, whatever a variant asks: a variant built "without a .dockerignore" teaches context size, and the
 * harness will not demonstrate that lesson with a developer's real keys.
 */
const ALWAYS_EXCLUDED = ['.env', '.env.*', '**/.env', '**/.env.*', '*.pem', '*.key', '**/*.pem', '**/*.key', '.git'];

/** How one variant's context differs from the default; see `context` in variant.json. */
export interface ContextOptions {
  /** Deterministic junk added at `junkPath`, bytes; none when absent. */
  junkBytes?: number | undefined;
  junkPath?: string;
  /** false: as if the app had no .dockerignore. @default true */
  dockerignore?: boolean;
}

/** Files of `appDir` that a build may see, honouring `appDir/.dockerignore` with Docker's own matching rules. */
export function contextFiles(appDir: string, options: ContextOptions = {}): ContextFile[] {
  const useIgnore = options.dockerignore ?? true;
  const ig = ignore().add(ALWAYS_EXCLUDED);
  // Without a .dockerignore the file itself is not there either.
  ig.add(useIgnore ? readIgnore(appDir) : ['.dockerignore']);
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
  // The junk goes through the same rules as a real file at that path would.
  const junkPath = options.junkPath ?? 'bin/junk.bin';
  if (options.junkBytes && !ig.ignores(junkPath)) {
    files.push({ name: junkPath, content: junkBytes(options.junkBytes), mode: 0o644 });
  }
  return files;
}

/** The context for one variant: app files plus its rendered Dockerfile. */
export function variantContext(appDir: string, dockerfile: string, options: ContextOptions = {}): ContextFile[] {
  return [...contextFiles(appDir, options), { name: DOCKERFILE_NAME, content: Buffer.from(dockerfile) }];
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
