/** A share of an image drawn with block characters, for lesson.md's layer table. */

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
