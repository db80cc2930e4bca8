/** Reads push and pull progress streams: error events (a failed push still answers HTTP 200), digest, layer states. */
import { forEachLine } from './json-lines.js';

/** What a push or pull progress stream said. */
export interface ImageStreamSummary {
  /** The first error event's message: push and pull can fail with HTTP 200. */
  error: string | undefined;
  /** Push: the manifest digest from the `aux` event. */
  digest: string | undefined;
  /** Pull: layer ids reported `Pull complete`. */
  pullComplete: Set<string>;
  /** Pull: layer ids reported `Already exists`. */
  alreadyExists: Set<string>;
}

/** Consume a push or pull progress stream (JSON lines) to the end. Never throws on error events: it reports them. */
export async function readImageStream(stream: AsyncIterable<Buffer | string>): Promise<ImageStreamSummary> {
  const out: ImageStreamSummary = {
    error: undefined,
    digest: undefined,
    pullComplete: new Set(),
    alreadyExists: new Set(),
  };
  const handle = (line: string) => {
    if (!line.trim()) return;
    let ev: {
      error?: unknown;
      errorDetail?: { message?: string };
      aux?: { Digest?: string };
      status?: unknown;
      id?: unknown;
    };
    try {
      ev = JSON.parse(line) as typeof ev;
    } catch {
      return;
    }
    if (ev.error !== undefined || ev.errorDetail !== undefined) {
      out.error ??= String(ev.errorDetail?.message ?? ev.error);
      return;
    }
    if (typeof ev.aux?.Digest === 'string') out.digest = ev.aux.Digest;
    // The containerd image store sends no aux event: its digest is only in the closing status line.
    const pushed = typeof ev.status === 'string' ? /: digest: (sha256:[0-9a-f]{64}) size: \d+$/.exec(ev.status) : null;
    if (pushed?.[1]) out.digest ??= pushed[1];
    const id = typeof ev.id === 'string' ? ev.id : '';
    if (ev.status === 'Pull complete') out.pullComplete.add(id);
    if (ev.status === 'Already exists') out.alreadyExists.add(id);
  };
  await forEachLine(stream, handle);
  return out;
}
