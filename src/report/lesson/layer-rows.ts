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

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

/**
 * A share drawn with block characters, `width` cells for 100%, in eighths of a cell.
 * Any non-zero share shows at least a sliver, so a small layer is visibly not zero.
 */
export function barText(share: number, width = 20): string {
  const eighths = Math.round(Math.min(1, Math.max(0, share)) * width * 8);
  if (eighths === 0) return share > 0 ? '▏' : '';
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}
