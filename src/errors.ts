/** Error types. Input errors are the user's to fix (exit 2); engine errors name the operation and keep the cause. */

/** Bad usage or input, found before the engine is touched. Each message is one line naming the thing and the fix. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}

/** The run cannot do what the user named (a metric group this machine cannot run): exit 1, before the first build. */
export class CannotRunError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CannotRunError';
  }
}

/** A failed engine operation: `build scratch: <engine message>`. */
export class EngineError extends Error {
  constructor(
    readonly operation: string,
    readonly subject: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} ${subject}: ${detail}`, options);
    this.name = 'EngineError';
  }

  /** Wrap anything thrown by dockerode, keeping it as `cause`. */
  static from(operation: string, subject: string, err: unknown): EngineError {
    if (err instanceof EngineError) return err;
    return new EngineError(operation, subject, engineMessage(err), { cause: err });
  }
}

/** Transport-level failures: the request never got an answer from the engine. */
const TRANSPORT = ['ECONNREFUSED', 'EPIPE', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH'];

/** Does this error say the engine could not be reached (not that it answered with an error)? */
export function isEngineGone(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: string }).code;
    if (code && TRANSPORT.includes(code)) return true;
    // A missing socket file is ENOENT on connect; ENOENT elsewhere is an ordinary missing file.
    if (code === 'ENOENT' && /connect/.test(String((e as Error).message))) return true;
  }
  return false;
}

/** dockerode puts the daemon's own words in `json.message` or after "(HTTP code N) ...". */
function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string; statusCode?: number };
  const text = e?.json?.message ?? e?.message ?? String(err);
  return e?.statusCode ? `${text} (HTTP ${e.statusCode})` : text;
}

/** The message of anything thrown, on one line. */
export function oneLine(err: unknown): string {
  return String((err as Error)?.message ?? err).replace(/\s*\n\s*/g, ' | ');
}

/** Where a clean-up failure is told: the run's progress; a line such as `clean-up: remove smoke container c1 failed: …`. */
export type CleanupNote = (line: string) => void;

/**
 * Release a resource in a `finally`: a failure is told to `note` and never thrown, so it cannot hide the error that
 * led there (testcontainers logs "Failed to stop container after it failed to be ready" the same way).
 */
export async function release(what: string, fn: () => Promise<unknown>, note: CleanupNote | undefined): Promise<void> {
  try {
    await fn();
  } catch (err) {
    note?.(`clean-up: ${what} failed: ${oneLine(err)}`);
  }
}
