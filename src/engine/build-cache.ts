/** BuildKit cache records: read from either `/system/df` shape, and which of them this process's builds created. */
import { compareApi } from './api-version.js';

/** One build-cache record as `/system/df` lists it. */
export interface CacheRecord {
  id: string;
  description: string;
  inUse: boolean;
  shared: boolean;
  /** Bytes. */
  size: number;
  /** Creation time on the daemon's clock, ms epoch. */
  createdAt: number;
}

/** A span during which one of this process's BuildKit builds was streaming, ms epoch on the local clock. */
export interface BuildWindow {
  start: number;
  end: number;
}

/**
 * The `/system/df` query that lists build-cache records at API `version`: `type` exists from 1.42; from 1.52 the
 * records are in `BuildCacheUsage.Items`, and only with `verbose`.
 */
export function diskUsageQuery(version: string): Record<string, string | string[]> {
  if (compareApi(version, '1.52') >= 0) return { type: ['build-cache'], verbose: '1' };
  if (compareApi(version, '1.42') >= 0) return { type: ['build-cache'] };
  return {};
}

interface RawRecord {
  ID?: string;
  Description?: string;
  InUse?: boolean;
  Shared?: boolean;
  Size?: number;
  CreatedAt?: string;
}

/** The records of a `/system/df` answer of any API version (`BuildCache` is null, not [], when empty on 1.41). */
export function cacheRecordsFrom(df: unknown): CacheRecord[] {
  const d = (df ?? {}) as { BuildCache?: RawRecord[] | null; BuildCacheUsage?: { Items?: RawRecord[] | null } };
  const raw = d.BuildCacheUsage?.Items ?? d.BuildCache ?? [];
  return raw
    .filter((r) => typeof r.ID === 'string' && r.ID !== '')
    .map((r) => ({
      id: r.ID as string,
      description: r.Description ?? '',
      inUse: Boolean(r.InUse),
      shared: Boolean(r.Shared),
      size: r.Size ?? 0,
      createdAt: Date.parse(r.CreatedAt ?? ''),
    }));
}

/**
 * Records created while one of our builds streamed, on or after `since` (local ms epoch). `offsetMs` is the daemon's
 * clock minus ours, `slackMs` how far that estimate can be off. A record another client created before or between
 * our builds falls outside every window and is never taken; one created while our build streamed cannot be told
 * apart through the Engine API, which keeps no owner per record.
 */
export function recordsOfWindows(
  records: CacheRecord[],
  windows: BuildWindow[],
  since: number,
  offsetMs: number,
  slackMs: number,
): CacheRecord[] {
  const spans = windows.filter((w) => w.end >= since);
  return records.filter((r) => {
    if (!Number.isFinite(r.createdAt)) return false;
    const local = r.createdAt - offsetMs;
    return spans.some((w) => local >= Math.max(w.start, since) - slackMs && local <= w.end + slackMs);
  });
}
