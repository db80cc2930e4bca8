/** Where the project's own folders are, wherever the harness is started from. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project root (the folder holding package.json). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Built-in variant templates. */
export const VARIANTS_DIR = fileURLToPath(new URL('../variants', import.meta.url));
/** The sample API: the build context of every variant. */
export const APP_DIR = fileURLToPath(new URL('../app-go', import.meta.url));
/** Published figures shipped with the project. */
export const CLAIMS_FILE = fileURLToPath(new URL('../variants/published-claims.csv', import.meta.url));

/** imagediet's version, from package.json on disk (no import of the file, so the bundle needs nothing else). */
export function harnessVersion(): string {
  return (
    JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string }
  ).version;
}
