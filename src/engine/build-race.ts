/**
 * One engine race, recognised so a build can be retried instead of failing the run.
 *
 * On Docker 28.5 with the containerd image store, exporting a build's layers can fail with "failed to open writer:
 * ref moby/1/<id> locked for 7ms (...): unavailable". BuildKit's overlay differ gives up on a layer and its fallback
 * opens a content writer under the same ingest ref while containerd still holds the lock of the first writer, which
 * it releases a few milliseconds later (reported as moby/buildkit#7166). Older engines print the same
 * error without the duration ("ref buildkit/1/<id> locked: unavailable", moby/buildkit#960). Nothing is wrong with
 * the Dockerfile or the context: the same build, started again, succeeds. It was seen here building a base in the
 * integration tests' set-up, once in many runs.
 */

/** Three attempts in all: the race is rare, so two in a row is already very unlikely; a third failure is reported. */
const RACE_ATTEMPTS = 3;

/** The lock is released within milliseconds; a second's pause leaves it well behind. */
const RACE_PAUSE_MS = 1000;

/** containerd's "ref <ns>/<n>/<ref> locked[ for <d> (since <t>)]: unavailable", on the error's first line. */
const LOCKED_REF = /\bref \S+ locked\b[^\n]*: unavailable\b/;

/** True for the race above. Only the error's first line is read: the build log that follows it is the user's text. */
export function isContentLockRace(err: unknown): boolean {
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  return LOCKED_REF.test(first);
}

/**
 * Run `attempt` (told its number, from 1) until it does not meet the race, at most RACE_ATTEMPTS times; any other
 * error, the last race and an abort are thrown. `what` names the build in the progress line of each retry.
 */
export async function retryContentLockRace<T>(
  attempt: (n: number) => Promise<T>,
  what: string,
  opts: { signal?: AbortSignal | undefined; note?: ((line: string) => void) | undefined },
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (n >= RACE_ATTEMPTS || !isContentLockRace(err) || opts.signal?.aborted) throw err;
      opts.note?.(
        `${what}: the engine's content-lock race (moby/buildkit#7166), attempt ${n} of ${RACE_ATTEMPTS}; building again`,
      );
      await new Promise((r) => setTimeout(r, RACE_PAUSE_MS));
    }
  }
}
