/**
 * Which build-cache records a BuildKit step that ran can have made: one slot per record, with the step's time window
 * on the daemon's clock. Descriptions say the kind of a record, never who made it: BuildKit 0.8 (Docker 20.10) calls
 * every file operation `fileop target`, and later ones name the step, which a client building the same Dockerfile
 * names alike. So a slot only says "a step of ours could have made this"; who did is proven by the build's window
 * (build-ownership.ts).
 */
import type { CacheRecord } from './build-cache.js';
import type { VertexSpan } from './build-stream.js';

/** How long before its step's reported start BuildKit creates the record of a remote build context, ms (seen: 4–21). */
const CONTEXT_LEAD_MS = 1_000;
/** Rounding between a record's creation time and its step's times, ms. */
const SLACK_MS = 5;
const LOAD_CONTEXT = '[internal] load remote build context';
/** The record of a context sent as a tar: the daemon names it with an id of its own, one per build. */
const CONTEXT_RECORD = 'http url http://build-context-';

/** One record a step can have made. */
export interface Slot {
  step: string;
  /** Earliest creation time of the record, daemon clock, ms epoch. */
  from: number;
  /** Latest creation time of the record, daemon clock, ms epoch. */
  to: number;
  /** Is `description` of the kind this slot's record is? */
  fits(description: string): boolean;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Is this the record of a tar build context (ours or another client's: each build gets its own)? */
export function isContextRecord(r: CacheRecord): boolean {
  return r.description.startsWith(CONTEXT_RECORD);
}

/**
 * Is this the record of a build's own input: a tar context, a remote URL, a client's local files, a git checkout?
 * Our builds make a new context record each and never use an earlier one, so such a record used during our build is
 * another client's.
 */
export function isSourceRecord(r: CacheRecord): boolean {
  return (
    r.type.startsWith('source.') ||
    /^(http url |local source for |git snapshot for |shared git repo for )/.test(r.description)
  );
}

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

/** The `--mount=type=cache` flags of a RUN step: each may create one cache-mount record. */
function cacheMounts(step: string): number {
  const flags = /\bRUN\s+((?:--\S+\s+)*)/s.exec(step)?.[1] ?? '';
  return flags.split(/\s+/).filter((f) => f.startsWith('--mount=') && /(^|[=,])type=cache(,|$)/.test(f)).length;
}

/** A step of a Dockerfile stage: `[build 2/4] COPY . .`, `[2/2] FROM docker.io/…`. */
const STAGE_STEP = /^\[[^\]]*\d+\/\d+\] (\w+)/;

/** Does this step start a stage from an image? Its records (one per layer, on first use) belong to that image. */
export function isFromStep(span: VertexSpan): boolean {
  return STAGE_STEP.exec(span.name)?.[1] === 'FROM';
}

/**
 * The records a step that ran can have made, one slot each. Steps that make none (metadata, export) have none, nor
 * does a step that failed: BuildKit drops the record it was writing, and an empty slot could take another's.
 */
export function slotsOf(span: VertexSpan): Slot[] {
  const { name, start, end } = span;
  if (span.failed) return [];
  const slot = (fits: (d: string) => boolean, from = start - SLACK_MS): Slot => ({
    step: name,
    from,
    to: end + SLACK_MS,
    fits,
  });
  if (name === LOAD_CONTEXT) return [slot((d) => d.startsWith(CONTEXT_RECORD), start - CONTEXT_LEAD_MS)];
  // BuildKit 0.8 describes the unpacking of the context as any file operation.
  if (name === 'copy /context /') return [slot((d) => d === name || d === 'fileop target')];
  const instruction = STAGE_STEP.exec(name)?.[1];
  if (instruction === 'COPY' || instruction === 'ADD' || instruction === 'WORKDIR') {
    return [slot((d) => d === name || d === 'fileop target')];
  }
  if (instruction !== 'RUN') return [];
  const cmd = runCommand(name);
  if (cmd === null) return [];
  const exec = slot((d) => d.startsWith('mount / from exec ') && squash(d).endsWith(cmd));
  // `cached mount /cache from exec /bin/sh -c <cmd>`, with ` with id "…"` after BuildKit 0.8.
  const cache = slot((d) => {
    const m = /^cached mount \S+ from exec (.*?)(?: with id "[^"]*")?$/s.exec(d);
    return m?.[1] !== undefined && squash(m[1]).endsWith(cmd);
  });
  return [exec, ...Array.from({ length: cacheMounts(name) }, () => cache)];
}
