/** BuildKit cache records: read from either `/system/df` shape, and which of them this process's builds created. */
import { compareApi } from './api-version.js';
import type { VertexSpan } from './build-stream.js';

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

/** How long before its step's reported start BuildKit creates the record of a remote build context, ms (seen: 4–21). */
const CONTEXT_LEAD_MS = 1_000;
/** Rounding between a record's creation time and its step's times, ms. */
const SLACK_MS = 5;
const LOAD_CONTEXT = '[internal] load remote build context';
const CONTEXT_RECORD = 'http url http://build-context-';

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The command a `RUN` step executes, as its exec record names it: `[s 2/3] RUN --mount=… go build` → `go build`
 * (after `/bin/sh -c`), `RUN ["/bin/busybox","true"]` → `/bin/busybox true`; null for a step that is no RUN.
 */
function runCommand(step: string): string | null {
  const m = /\bRUN\s+((?:--\S+\s+)*)(.*)$/s.exec(step);
  if (!m?.[2]) return null;
  const cmd = m[2];
  if (cmd.startsWith('[')) {
    try {
      const args = JSON.parse(cmd) as unknown;
      if (Array.isArray(args)) return squash(args.join(' '));
    } catch {
      // Not JSON: the shell form of a command that starts with '['.
    }
  }
  return squash(cmd);
}

/** Could the step named `step` have created a record described as `description`? */
function madeBy(description: string, step: string): boolean {
  if (description.startsWith('mount / from exec ')) {
    const cmd = runCommand(step);
    return cmd !== null && squash(description).endsWith(cmd);
  }
  // A RUN --mount=type=cache record: `cached mount /cache from exec /bin/sh -c <cmd>`, ` with id "//cache"` after 0.8.
  const cache = /^cached mount \S+ from exec (.*?)(?: with id "[^"]*")?$/s.exec(description);
  if (cache?.[1] !== undefined) {
    const cmd = runCommand(step);
    return cmd !== null && squash(cache[1]).endsWith(cmd);
  }
  // BuildKit 0.8 (Docker 20.10) describes every file operation alike; later ones name the step.
  if (description === 'fileop target') return step === 'copy /context /' || /\] (COPY|ADD|WORKDIR)\b/.test(step);
  return description !== '' && description === step;
}

/**
 * The records our BuildKit builds created: each appeared while one of our steps ran (daemon clock on both sides) and
 * is of the kind that step makes. The Engine API keeps no owner per record; a record another client created is taken
 * only if it has the same kind as a step of ours and appeared within the milliseconds that step ran. Records of
 * other kinds (a base image's layers, a CLI build's `local source`) are never taken.
 */
export function ownRecords(records: CacheRecord[], spans: VertexSpan[]): CacheRecord[] {
  const mine = new Set<CacheRecord>();
  for (const s of spans) {
    if (s.name === LOAD_CONTEXT) {
      // Each build sends one context, recorded just before its step starts: the latest such record by then is ours.
      const candidates = records.filter(
        (r) =>
          r.description.startsWith(CONTEXT_RECORD) &&
          r.createdAt >= s.start - CONTEXT_LEAD_MS &&
          r.createdAt <= s.end + SLACK_MS,
      );
      const latest = candidates.sort((a, b) => b.createdAt - a.createdAt)[0];
      if (latest) mine.add(latest);
      continue;
    }
    for (const r of records) {
      if (r.createdAt >= s.start - SLACK_MS && r.createdAt <= s.end + SLACK_MS && madeBy(r.description, s.name))
        mine.add(r);
    }
  }
  return records.filter((r) => mine.has(r));
}
