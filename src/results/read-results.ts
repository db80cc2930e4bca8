/**
 * The one reader of results.json: a versioned zod schema, and the one place that decides what a field an older file
 * lacks reads as. Merge and report read through it; the lesson, trend and every renderer then see complete records.
 */

import { join } from 'node:path';
import { z } from 'zod';
import { readUserFile, UserFileError } from '../files/user-file.js';
import { RESULTS_SCHEMA_VERSION } from '../report/json.js';
import { LINKED_FILES } from '../report/outputs.js';
import { type RunResult, UNORDERED } from '../types.js';

const status = z.enum(['ok', 'failed', 'skipped']);
const builder = z.enum(['buildkit', 'classic']);
const maybeNumber = z.number().nullable().default(null);
const maybeString = z.string().nullable().default(null);

// Fields the schema does not name pass through untouched (looseObject): a reader must not drop what it does not know.
const measurement = z.looseObject({
  run_id: z.string(),
  timestamp: z.string(),
  git_sha: maybeString,
  profile: z.string(),
  builder,
  engine_version: z.string(),
  image_store: maybeString,
  variant: z.string(),
  params: z.string().default(''),
  metric: z.string(),
  unit: z.string(),
  status,
  value: maybeNumber,
  mean: maybeNumber,
  median: maybeNumber,
  min: maybeNumber,
  max: maybeNumber,
  sd: maybeNumber,
  rme: maybeNumber,
  samples: maybeNumber,
  image: maybeString,
  base: maybeString,
  error: maybeString,
  note: maybeString,
  ci_low: maybeNumber,
  ci_high: maybeNumber,
  other_cpu: maybeNumber,
});

const baseImage = { ref: z.string(), standsFor: maybeString };

const variant = z
  .looseObject({
    variant: z.string(),
    title: z.string().default(''),
    teaching: z.string().default(''),
    params: z.string().default(''),
    status,
    image: maybeString,
    bases: z.array(z.looseObject({ role: z.string(), ...baseImage })).default([]),
    finalBase: z.looseObject(baseImage).nullable().optional(),
    dockerfile: z.string().default(''),
    goVersion: maybeString,
    runsAsRoot: z.boolean().nullable().default(null),
    published: z.array(z.looseObject({})).default([]),
    order: z.number().default(UNORDERED),
    pairWith: maybeString,
    layers: z.array(z.looseObject({})).nullable().default(null),
    anatomy: z.looseObject({ runsAsRoot: z.boolean().optional() }).nullable().default(null),
    error: maybeString,
    identity: z.looseObject({}).nullable().default(null),
    // Files from before the packages were read have none: null, as for a variant whose layers were not read.
    packages: z.looseObject({}).nullable().default(null),
  })
  .transform(({ finalBase, runsAsRoot, anatomy, ...v }) => {
    // Files before schema version 2 recorded neither fact on the record: the final base was the `runtime` (earlier
    // `final`) role or else the last base, and whether the image runs as root sat in the anatomy when measured.
    const legacyBase = v.bases.find((b) => b.role === 'runtime' || b.role === 'final') ?? v.bases.at(-1) ?? null;
    const { runsAsRoot: anatomyRoot, ...rest } = anatomy ?? {};
    return {
      ...v,
      finalBase:
        finalBase === undefined ? legacyBase && { ref: legacyBase.ref, standsFor: legacyBase.standsFor } : finalBase,
      runsAsRoot: runsAsRoot ?? anatomyRoot ?? null,
      anatomy: anatomy ? rest : null,
    };
  });

/** results.json as this version writes it; a file without `schemaVersion` predates it and is version 0. */
const resultsSchema = z.looseObject({
  schemaVersion: z.number().int().default(0),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: maybeString,
  gitSha: maybeString,
  toolVersion: z.string().optional(),
  profile: z.string(),
  profileReason: z.string().default(''),
  builder,
  shard: z.string().nullable().optional(),
  environment: z.looseObject({}).nullable().default(null),
  variants: z.array(variant),
  measurements: z.array(measurement),
  samples: z.record(z.string(), z.array(z.number())).default({}),
  warnings: z.array(z.string()).default([]),
  announced: z.array(z.object({ subject: z.string(), reason: z.string(), silence: z.string() })).default([]),
  cleanupFailures: z.array(z.string()).default([]),
  timing: z.looseObject({}).optional(),
});

/** Parse a results.json text; returns the run, defaults filled, or a one-line problem naming `file` (no prefix). */
export function parseResults(text: string, file: string): RunResult | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { problem: `${file} does not parse (${(err as Error).message}); re-run the bench for that folder` };
  }
  const parsed = resultsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    return { problem: `${file} is not an imagediet results.json (${where}: ${issue?.message ?? 'invalid'})` };
  }
  if (parsed.data.schemaVersion > RESULTS_SCHEMA_VERSION)
    return {
      problem: `${file} has schema version ${parsed.data.schemaVersion}, newer than this imagediet reads (${RESULTS_SCHEMA_VERSION}); update imagediet`,
    };
  // The schema is the type's runtime twin; the loose parts (environment, anatomy, layers, claims) are written by this
  // harness and passed through as they are.
  const { schemaVersion: _, ...result } = parsed.data;
  return result as unknown as RunResult;
}

/**
 * Read `<dir>/results.json`; returns the run or a problem prefixed with `command` (`merge`, `report`), naming the
 * folder and the way out.
 */
export async function readResults(
  dir: string,
  command: string,
): Promise<{ dir: string; result: RunResult } | { problem: string }> {
  const file = join(dir, LINKED_FILES.json);
  let text: string | null;
  try {
    text = await readUserFile(file);
  } catch (err) {
    if (!(err instanceof UserFileError)) throw err;
    return { problem: `${command}: ${err.message}` };
  }
  if (text === null)
    return { problem: `${command}: ${dir} has no ${LINKED_FILES.json}; pass folders written by the bench (--out)` };
  const parsed = parseResults(text, file);
  return 'problem' in parsed ? { problem: `${command}: ${parsed.problem}` } : { dir, result: parsed };
}
