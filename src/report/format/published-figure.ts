/** The one reading of a published size as a number: the tables print the text, the charts and changes need MB. */

/** `11.3` → 11.3, `~860` → 860, `>1000` → 1000 (the bound is drawn; the label keeps the sign); null when not a size. */
export function parseReportedMb(text: string | null): number | null {
  if (text === null) return null;
  const match = /^\s*[~≈<>]?\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const mb = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  return Number.isFinite(mb) && mb > 0 ? mb : null;
}
