/** Where an image's bytes are: one row per instruction, the base image's layers folded into one row. */
import type { LayerReport } from '../../types.js';

/** One row of the layer breakdown. */
export interface LayerRow {
  /** The instruction, or `base image (<ref>)` for the folded base layers. */
  label: string;
  /** Bytes the row added. */
  bytes: number;
  /** Share of all layer bytes, 0..1. */
  share: number;
  fromBase: boolean;
}

/** Rows oldest first; the base image's layers become one row, since a lesson cannot change them one by one. */
export function layerRows(layers: readonly LayerReport[], baseRef: string | null): LayerRow[] {
  const total = layers.reduce((sum, l) => sum + l.bytes, 0);
  const share = (bytes: number): number => (total > 0 ? bytes / total : 0);
  const base = layers.filter((l) => l.fromBase);
  const rows: LayerRow[] = [];
  if (base.length > 0) {
    const bytes = base.reduce((sum, l) => sum + l.bytes, 0);
    const count = base.length === 1 ? '1 layer' : `${base.length} layers`;
    rows.push({ label: `base image (${baseRef ?? 'unknown'}, ${count})`, bytes, share: share(bytes), fromBase: true });
  }
  for (const l of layers) {
    if (!l.fromBase) rows.push({ label: l.instruction.trim(), bytes: l.bytes, share: share(l.bytes), fromBase: false });
  }
  return rows;
}
