/** Everything checked before the engine is touched: variants, templates, values and profile, all problems at once. */
import { closest } from 'fastest-levenshtein';
import { findProfile, PROFILE_IDS, type ProfileDefinition } from '../profiles/index.js';
import type { PublishedClaim } from '../types.js';
import { loadCatalog, type Variant } from '../variants/catalog.js';
import { loadClaims } from '../variants/published-claims.js';
import { type RenderedVariant, renderVariant } from '../variants/render-variant.js';
import type { RunOptions } from './options.js';

export interface Plan {
  variants: Variant[];
  claims: PublishedClaim[];
  /** Profiles the run may use: one, or `hub` and `local` for `auto` (chosen once the engine answers). */
  candidates: ProfileDefinition[];
}

/** `did you mean "x"?` for a misspelled name. */
export function suggest(name: string, known: readonly string[]): string {
  return known.length ? `; did you mean "${closest(name, [...known])}"?` : '';
}

/** Load and render everything for every candidate profile; returns the plan or the list of problems. */
export function makePlan(opts: RunOptions): Plan | { problems: string[] } {
  const problems: string[] = [];
  let candidates: ProfileDefinition[] = [];
  if (opts.profile === 'auto') candidates = ['hub', 'local'].map((id) => findProfile(id) as ProfileDefinition);
  else {
    const p = findProfile(opts.profile);
    if (p) candidates = [p];
    else
      problems.push(
        `--profile "${opts.profile}" is not a profile; accepted: auto, ${PROFILE_IDS.join(', ')}${suggest(opts.profile, PROFILE_IDS)}`,
      );
  }
  let claims: PublishedClaim[] = [];
  try {
    claims = loadClaims(opts.claimsFile);
  } catch (err) {
    problems.push(`${opts.claimsFile}: cannot read the published figures (${(err as Error).message})`);
  }
  const catalog = loadCatalog(opts.variantsDir, claims);
  problems.push(...catalog.problems);
  let variants = catalog.variants;
  if (opts.variants) {
    const known = catalog.variants.map((v) => v.id);
    for (const id of opts.variants) {
      if (!known.includes(id)) {
        problems.push(
          `--variants: "${id}" is not a variant in ${opts.variantsDir}; known: ${known.join(', ')}${suggest(id, known)}`,
        );
      }
    }
    variants = opts.variants.flatMap((id) => catalog.variants.filter((v) => v.id === id));
  }
  for (const def of candidates) {
    const goVersion = opts.params.goVersion ?? def.defaultGoVersion;
    if (def.goVersions && !def.goVersions.includes(goVersion)) {
      problems.push(
        `--param goVersion="${goVersion}" is not available in profile "${def.id}"; accepted: ${def.goVersions.join(', ')}`,
      );
      continue;
    }
    for (const v of variants) {
      const r = renderVariant(v, def.make(goVersion), opts.params);
      if ('problems' in r) problems.push(...r.problems);
    }
  }
  if (problems.length) return { problems: [...new Set(problems)] };
  return { variants, claims, candidates };
}

/** Render the planned variants for the chosen profile (already checked by makePlan). */
export function renderAll(plan: Plan, def: ProfileDefinition, params: Record<string, string>): RenderedVariant[] {
  const profile = def.make(params.goVersion ?? def.defaultGoVersion);
  return plan.variants.map((v) => {
    const r = renderVariant(v, profile, params);
    if ('problems' in r) throw new Error(r.problems.join('; '));
    return r;
  });
}
