/** BuildKit cache records as `/system/df` lists them, read from either shape of the answer. */
import { compareApi } from './api-version.js';

/** One build-cache record as `/system/df` lists it. The Engine API keeps no owner: nothing here names a client. */
export interface CacheRecord {
  id: string;
  description: string;
  /** BuildKit's record type: `regular`, `source.local`, `exec.cachemount`, `source.git.checkout`, … */
  type: string;
  /** Held by a solve in progress (or by a record a solve holds). */
  inUse: boolean;
  /** An image still holds its layers: BuildKit prunes it only when forced. */
  shared: boolean;
  /** Bytes. */
  size: number;
  /** Creation time on the daemon's clock, ms epoch. */
  createdAt: number;
  /** When a solve last released it, daemon clock, ms epoch; null if never. */
  lastUsedAt: number | null;
  /** How many times a solve released it. */
  usageCount: number;
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
  Type?: string;
  InUse?: boolean;
  Shared?: boolean;
  Size?: number;
  CreatedAt?: string;
  LastUsedAt?: string | null;
  UsageCount?: number;
}

function time(text: string | null | undefined): number | null {
  const ms = Date.parse(text ?? '');
  return Number.isNaN(ms) ? null : ms;
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
      type: r.Type ?? '',
      inUse: Boolean(r.InUse),
      shared: Boolean(r.Shared),
      size: r.Size ?? 0,
      createdAt: time(r.CreatedAt) ?? Number.NaN,
      lastUsedAt: time(r.LastUsedAt),
      usageCount: r.UsageCount ?? 0,
    }));
}
