/** Published figures as charts need them: one claim per variant, its printed size as a number of MB. */
import type { PublishedClaim } from '../../types.js';

/** The source preferred when a variant has several published figures: the tutorial this project reproduces. */
export const PREFERRED_SOURCE = 'do-tutorial-2019';

/** `11.3` → 11.3, `~860` → 860, `>1000` → 1000 (the bound is drawn; the label keeps the sign); null when not a size. */
export function parseReportedMb(text: string | null): number | null {
  if (text === null) return null;
  const match = /^\s*[~≈<>]?\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const mb = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  return Number.isFinite(mb) && mb > 0 ? mb : null;
}

/** The claim a chart shows for `variant`: the preferred source's if it has a size, else the first with a size. */
export function pickClaim(claims: readonly PublishedClaim[], variant: string): PublishedClaim | null {
  const sized = claims.filter((c) => c.variant === variant && parseReportedMb(c.reportedSizeMb) !== null);
  return sized.find((c) => c.source === PREFERRED_SOURCE) ?? sized[0] ?? null;
}
