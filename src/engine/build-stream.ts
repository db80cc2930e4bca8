/** Reads a build progress stream from either builder: error events, the image id, logs and BuildKit cache hits. */
import { createRequire } from 'node:module';
import protobuf from 'protobufjs';
import { forEachLine } from './json-lines.js';

const require = createRequire(import.meta.url);
// dockerode 5 ships BuildKit's status proto; its own followProgress decodes RUN output as base64 text, which loses the vertex names and cache flags this module reads.
const StatusResponse = protobuf
  .loadSync(require.resolve('dockerode/lib/proto/buildkit_status.proto'))
  .lookupType('moby.buildkit.v1.StatusResponse');

/** protobuf Timestamp; int64 seconds decode as a Long (or a number). */
interface Timestamp {
  seconds?: number | { toNumber(): number };
  nanos?: number;
}

interface Vertex {
  digest?: string;
  name?: string;
  cached?: boolean;
  started?: Timestamp | null;
  completed?: Timestamp | null;
  error?: string;
}

/** A step BuildKit ran (not served from cache): its name and when it ran, ms epoch on the daemon's clock. */
export interface VertexSpan {
  name: string;
  start: number;
  /** When it completed; for a step the build never saw complete, the last time the trace mentioned. */
  end: number;
  /** It reported an error (it failed, or was cancelled when another step failed): it kept no record. */
  failed: boolean;
}

function ms(t: Timestamp | null | undefined): number | null {
  if (!t || t.seconds === undefined) return null;
  const seconds = typeof t.seconds === 'number' ? t.seconds : t.seconds.toNumber();
  return seconds * 1000 + (t.nanos ?? 0) / 1e6;
}

/** What a build stream said, whichever builder produced it. */
export interface BuildStreamSummary {
  imageId: string | undefined;
  /** The first error event's message; a build can fail with HTTP 200, the error only in the stream. */
  error: string | undefined;
  log: string[];
  /** BuildKit build-check warnings (field 4 of the trace, newer engines), each once, e.g. `JSONArgsRecommended: …`. */
  warnings: string[];
  /** The failing step's exit code, when the error names one (either builder, any engine version). */
  exitCode: number | null;
  /** BuildKit steps that ran: the build-cache records this build created appeared during one of them. */
  spans: VertexSpan[];
  /** Classic builder: ids of every step image (` ---> <id>`), so they can be removed. */
  stepImageIds: string[];
  cachedSteps: number | null;
  totalSteps: number | null;
}

/**
 * The exit code of a failed step: classic gives it as `errorDetail.code`; BuildKit only in the text, worded
 * `executor failed running [...]: exit code: N` up to BuildKit 0.9 and `process "…" did not complete successfully:
 * exit code: N` after.
 */
export function exitCodeOf(message: string, code: number | undefined): number | null {
  if (typeof code === 'number' && code > 0) return code;
  const m = /(?:executor failed running \[.*\]|did not complete successfully): exit code: (\d+)/s.exec(message);
  return m?.[1] ? Number(m[1]) : null;
}

/** Consume a build stream to the end and summarise it. Never throws on error events: it reports them. */
export async function readBuildStream(stream: AsyncIterable<Buffer | string>): Promise<BuildStreamSummary> {
  const out: BuildStreamSummary = {
    imageId: undefined,
    error: undefined,
    log: [],
    warnings: [],
    exitCode: null,
    spans: [],
    stepImageIds: [],
    cachedSteps: null,
    totalSteps: null,
  };
  // BuildKit reports each vertex several times; keep the last state per digest. Internal vertices
  // (context loading, metadata) are not Dockerfile steps, so they do not count toward the cache share.
  const vertices = new Map<
    string,
    { name: string; cached: boolean; failed: boolean; start: number | null; end: number | null }
  >();
  let lastSeen = 0;
  let classicSteps = 0;
  let classicCached = 0;
  const handle = (line: string) => {
    if (!line.trim()) return;
    let ev: Record<string, unknown>;
    try {
      ev = JSON.parse(line) as Record<string, unknown>;
    } catch {
      out.log.push(line);
      return;
    }
    const detail = ev.errorDetail as { message?: string; code?: number } | undefined;
    if (ev.error !== undefined || detail !== undefined) {
      if (out.error === undefined) {
        out.error = String(detail?.message ?? ev.error);
        out.exitCode = exitCodeOf(out.error, detail?.code);
      }
      return;
    }
    const aux = ev.aux as { ID?: string } | string | undefined;
    if (ev.id === 'moby.buildkit.trace' && typeof aux === 'string') {
      const msg = StatusResponse.decode(Buffer.from(aux, 'base64')) as unknown as {
        vertexes?: Vertex[];
        logs?: { msg: Uint8Array }[];
        warnings?: { short?: Uint8Array; url?: string }[];
      };
      for (const w of msg.warnings ?? []) {
        const text = Buffer.from(w.short ?? [])
          .toString('utf8')
          .trim();
        const line = w.url ? `${text} (${w.url})` : text;
        if (text && !out.warnings.includes(line)) out.warnings.push(line);
      }
      for (const v of msg.vertexes ?? []) {
        if (!v.digest) continue;
        const prev = vertices.get(v.digest);
        const start = ms(v.started) ?? prev?.start ?? null;
        const end = ms(v.completed) ?? prev?.end ?? null;
        lastSeen = Math.max(lastSeen, start ?? 0, end ?? 0);
        vertices.set(v.digest, {
          name: v.name || prev?.name || '',
          cached: Boolean(v.cached) || Boolean(prev?.cached),
          failed: Boolean(v.error) || Boolean(prev?.failed),
          start,
          end,
        });
      }
      for (const l of msg.logs ?? []) out.log.push(...Buffer.from(l.msg).toString('utf8').trimEnd().split('\n'));
      return;
    }
    if (typeof aux === 'object' && aux?.ID) {
      out.imageId = aux.ID;
      return;
    }
    if (typeof ev.stream === 'string') {
      const text = ev.stream.trimEnd();
      if (!text) return;
      out.log.push(text);
      if (/^Step \d+\/\d+ :/.test(text)) classicSteps++;
      if (text.includes('Using cache')) classicCached++;
      const step = /^ ---> ([0-9a-f]{12,64})$/.exec(text);
      if (step?.[1]) out.stepImageIds.push(step[1]);
    } else if (typeof ev.status === 'string') out.log.push(ev.status);
  };
  await forEachLine(stream, handle);
  for (const v of vertices.values()) {
    if (!v.cached && v.start !== null)
      out.spans.push({ name: v.name, start: v.start, end: v.end ?? lastSeen, failed: v.failed });
  }
  const steps = [...vertices.values()].filter((v) => /^\[[^\]]*\d+\/\d+\]/.test(v.name));
  if (steps.length > 0) {
    out.totalSteps = steps.length;
    out.cachedSteps = steps.filter((v) => v.cached).length;
  } else if (classicSteps > 0) {
    out.totalSteps = classicSteps;
    out.cachedSteps = classicCached;
  }
  return out;
}
