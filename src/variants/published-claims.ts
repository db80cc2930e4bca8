/** The published figures (a copy of the tutorials' facts in variants/published-claims.csv), as data. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { PublishedClaim } from '../types.js';

/** Parse the claims CSV (columns: source, published, variant, base_images, reported_size_mb, notes). */
function parseClaims(text: string): PublishedClaim[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return rows.map((r) => ({
    source: r.source ?? '',
    published: r.published ?? '',
    variant: r.variant ?? '',
    baseImages: r.base_images ?? '',
    reportedSizeMb: r.reported_size_mb ? r.reported_size_mb : null,
    notes: r.notes ?? '',
  }));
}

/** Load the claims file. */
export function loadClaims(file: string): PublishedClaim[] {
  return parseClaims(readFileSync(file, 'utf8'));
}
