/** Everything checked before the engine is touched: variants, templates, values and profile, all problems at once. */
import { findProfile, PROFILE_IDS, type ProfileDefinition } from '../profiles/index.js';
import { suggest } from '../suggest.js';
import type { PublishedClaim } from '../types.js';
import { loadCatalog, type Variant } from '../variants/catalog.js';
import { loadClaims } from '../variants/published-claims.js';
import { type RenderedVariant, renderVariant } from '../variants/render-variant.js';
import { type MatrixCell, matrix, shardOf } from './matrix.js';
import type { RunOptions } from './options.js';

export interface Plan {
  variants: Variant[];
  /** The variant × parameter cells this run measures (one shard of them with --shard), in report order. */
  cells: MatrixCell<Variant>[];
  claims: PublishedClaim[];
  /** Profiles the run may use: one, or `hub` and `local` for `auto` (chosen once the engine answers). */
  candidates: ProfileDefinition[];
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
  const cells = shardOf(matrix(variants, opts.params), opts.shard);
  if (opts.shard && cells.length === 0)
    problems.push(
      `--shard ${opts.shard.index}/${opts.shard.count}: this slice of ${variants.length} variant(s) is empty; use fewer shards`,
    );
  for (const def of candidates) {
    const goVersions = opts.params.goVersion ?? [def.defaultGoVersion];
    const unavailable = goVersions.filter((v) => def.goVersions && !def.goVersions.includes(v));
    for (const v of unavailable)
      problems.push(
        `--param goVersion="${v}" is not available in profile "${def.id}"; accepted: ${def.goVersions?.join(', ')}`,
      );
    if (unavailable.length) continue;
    for (const cell of cells) {
      const r = renderCell(cell, def);
      if ('problems' in r) problems.push(...r.problems);
    }
  }
  if (problems.length) return { problems: [...new Set(problems)] };
  return { variants, cells, claims, candidates };
}

function renderCell(cell: MatrixCell<Variant>, def: ProfileDefinition) {
  return renderVariant(cell.variant, def.make(cell.params.goVersion ?? def.defaultGoVersion), cell.params);
}

/** Render the planned matrix cells for the chosen profile (already checked by makePlan). */
export function renderAll(plan: Plan, def: ProfileDefinition): RenderedVariant[] {
  return plan.cells.map((cell) => {
    const r = renderCell(cell, def);
    if ('problems' in r) throw new Error(r.problems.join('; '));
    return r;
  });
}
