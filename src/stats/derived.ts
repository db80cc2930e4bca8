/**
 * A derived figure is one value computed from measured ones (a link-speed pull from compressed bytes ÷ speed), not
 * sampled: its row has no n, no spread and no margin, and its note starts with `derived:` and says how.
 */
import type { Measurement } from '../types.js';

/** The note of a derived row: `derived: <how it was computed>`. */
export function derivedNote(how: string): string {
  return `derived: ${how}`;
}

/** Was this row computed rather than measured? */
export function isDerived(m: Pick<Measurement, 'note'>): boolean {
  return m.note?.startsWith('derived:') ?? false;
}
