/**
 * Resources as disposables: what the harness starts (a container, a registry process, a proxy, an engine) is held
 * with `await using`, so it is released however the block ends (return, throw, abort) and in reverse order of
 * acquisition. A failed release is told to the run's progress through `release` and never thrown: it must not hide
 * the error that ended the block, and it must not pass unseen either.
 */
import { type CleanupNote, release } from './errors.js';

/** A disposable that runs `fn` once, the first time it is disposed; a failure is told to `note` as `clean-up: <what> failed: …`. */
export function releaseOnDispose(
  what: string,
  fn: () => Promise<unknown>,
  note: CleanupNote | undefined,
): AsyncDisposable {
  let released: Promise<void> | undefined;
  return {
    [Symbol.asyncDispose]() {
      released ??= release(what, fn, note);
      return released;
    },
  };
}

/**
 * Releases gathered one at a time and run together, last first, each failure told to `note`: the part of
 * AsyncDisposableStack the harness needs (Node 20 has no AsyncDisposableStack). `move` hands the releases on to a
 * resource that outlives the block which gathered them.
 */
export class ReleaseStack implements AsyncDisposable {
  #entries: { what: string; fn: () => Promise<unknown> }[] = [];
  #released: Promise<void> | undefined;

  constructor(private readonly note: CleanupNote | undefined) {}

  /** Run `fn` when the stack is disposed; a failure is told as `clean-up: <what> failed: …`. */
  defer(what: string, fn: () => Promise<unknown>): void {
    // A release added after the others ran would never run: refuse it loudly instead.
    if (this.#released) throw new Error(`clean-up: cannot ${what}: its resources were already released`);
    this.#entries.push({ what, fn });
  }

  /** Dispose `resource` with the stack and return it. Disposables here report their own failures; `what` is for one that throws anyway. */
  use<T extends AsyncDisposable>(resource: T, what = 'dispose a resource'): T {
    this.defer(what, async () => resource[Symbol.asyncDispose]());
    return resource;
  }

  /** A new stack holding every release gathered so far; this one is left released, so disposing it does nothing. */
  move(): ReleaseStack {
    const moved = new ReleaseStack(this.note);
    moved.#entries = this.#entries.splice(0);
    this.#released = Promise.resolve();
    return moved;
  }

  [Symbol.asyncDispose](): Promise<void> {
    this.#released ??= (async () => {
      for (const { what, fn } of this.#entries.splice(0).reverse()) await release(what, fn, this.note);
    })();
    return this.#released;
  }
}
