/** Variant reports read back from an older results.json lack later fields; one place decides what "absent" means. */
import type { VariantRecord } from '../types.js';

/** The report with every field this version expects; fields an older file lacks read as empty or null. */
export function completeReport(report: VariantRecord): VariantRecord {
  const raw: Partial<VariantRecord> = report;
  return {
    ...report,
    bases: raw.bases ?? [],
    published: raw.published ?? [],
    pairWith: raw.pairWith ?? null,
    layers: raw.layers ?? null,
    anatomy: raw.anatomy ?? null,
    dockerfile: raw.dockerfile ?? '',
  };
}
