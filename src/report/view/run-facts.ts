/** Run-level sentences both renderers share: the title, where it was measured, and the footer facts. */

import { engineProduct } from '../../engine/engine-kind.js';
import { M } from '../../metrics/catalogue.js';
import type { RunResult } from '../../types.js';
import { formatBinarySize, formatDockerSize } from '../format/format-size.js';
import { formatDate } from '../format/format-text.js';
import type { LessonStep } from './lesson-steps.js';
import { okValue } from './step-facts.js';

/** A label and its value, for the "how these were measured" footer. */
export interface RunFact {
  label: string;
  value: string;
}

/** The page title: the first measured size and the smallest one reached (teaching pairs come after the smallest). */
export function lessonTitle(steps: readonly LessonStep[]): string {
  const sized = steps.map((s) => okValue(s, M.imageSize)).filter((b): b is number => b !== null);
  const first = sized[0];
  const base = "Slimming a Go API's Docker image";
  if (first === undefined || sized.length < 2) return `${base}, step by step`;
  return `${base}: ${formatDockerSize(first)} → ${formatDockerSize(Math.min(...sized))} in ${steps.length} steps`;
}

/** One sentence on the engine, builder and host the figures come from, then the profile's sentence. */
export function measuredOn(result: RunResult, profile: string): string {
  const env = result.environment;
  if (!env) return `Measured with the ${result.builder} builder. ${profile}`;
  return (
    `Measured on ${engineProduct(env.engineName)} ${env.engineVersion} (API ${env.apiVersion}, ${env.storageDriver}) with the ${env.builder} ` +
    `builder, on ${env.os}, ${env.architecture}, ${env.cpus} CPUs, ${formatBinarySize(env.memoryBytes)} memory. ${profile}`
  );
}

/** Why sizes differ from the published ones when stand-in bases were used; null when none were. */
export function standInNote(steps: readonly LessonStep[]): string | null {
  const standIns = steps.flatMap((s) => s.record.bases).filter((b) => b.standsFor !== null && b.standsFor !== b.ref);
  if (standIns.length === 0) return null;
  return (
    'Some steps ran on stand-in base images (each step names the image really used and what it stands in for), ' +
    'so their sizes differ from the published figures for the original bases.'
  );
}

/** The footer: which run, when, on what, and where the raw rows are. */
export function runFacts(result: RunResult): RunFact[] {
  const env = result.environment;
  const facts: RunFact[] = [
    { label: 'run', value: result.runId },
    {
      label: 'date',
      value: `${formatDate(result.startedAt)}${result.finishedAt ? ` to ${formatDate(result.finishedAt)}` : ' (unfinished)'}`,
    },
    { label: 'profile', value: result.profile },
    { label: 'builder', value: result.builder },
  ];
  if (result.gitSha) facts.push({ label: 'harness commit', value: result.gitSha.slice(0, 12) });
  if (env) {
    facts.push({
      label: 'engine',
      value: `${engineProduct(env.engineName)} ${env.engineVersion}, API ${env.apiVersion}, ${env.storageDriver}`,
    });
    facts.push({
      label: 'host',
      value: `${env.os}, kernel ${env.kernel}, ${env.architecture}, ${env.cpus} CPUs, ${formatBinarySize(env.memoryBytes)}`,
    });
  }
  return facts;
}

/** How to read the numbers, one sentence each. */
export const METHOD_NOTES = [
  'Sizes are uncompressed image sizes as `docker images` prints them (base 1000, three significant digits).',
  'Timed figures are the median ± the wider side of its 95% confidence interval over n samples. Below six samples no interval reaches 95%, so the margin is the samples’ range and is marked min–max; one sample has no margin.',
  'Start-up is from the create call to the first HTTP 200 on a published 127.0.0.1 port.',
] as const;
