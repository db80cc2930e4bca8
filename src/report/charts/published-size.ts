/** Published figures as charts need them: one claim per variant, its printed size as a number of MB. */
import type { PublishedClaim } from '../../types.js';
import { parseReportedMb } from '../format/published-figure.js';

/** The source preferred when a variant has several published figures: the tutorial this project reproduces. */
export const PREFERRED_SOURCE = 'do-tutorial-2019';

/** The claim a chart shows for `variant`: the preferred source's if it has a size, else the first with a size. */
export function pickClaim(claims: readonly PublishedClaim[], variant: string): PublishedClaim | null {
  const sized = claims.filter((c) => c.variant === variant && parseReportedMb(c.reportedSizeMb) !== null);
  return sized.find((c) => c.source === PREFERRED_SOURCE) ?? sized[0] ?? null;
}
