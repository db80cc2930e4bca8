/** The input checks of `imagediet bases`, kept apart from the base builders so validation loads only the catalog. */
import { BASE_IDS } from '../bases/catalog.js';
import { localProfile } from '../profiles/local.js';
import type { RunOptions } from '../run/options.js';
import { suggest } from '../suggest.js';

/** Unknown base ids and Go versions the offline bases lack, one line each; checked before any engine is up. */
export function basesProblems(opts: RunOptions, only: string[] | null): string[] {
  const known: readonly string[] = BASE_IDS;
  const unknown = (only ?? []).filter((id) => !known.includes(id));
  const unavailable = (opts.params.goVersion ?? []).filter((v) => !localProfile.goVersions?.includes(v));
  return [
    ...unknown.map(
      (id) => `--only: "${id}" is not an offline base; accepted: ${BASE_IDS.join(', ')}${suggest(id, known)}`,
    ),
    ...unavailable.map(
      (v) => `--param goVersion="${v}" is not available offline; accepted: ${localProfile.goVersions?.join(', ')}`,
    ),
  ];
}
