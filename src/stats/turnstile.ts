/**
 * Round-robin turns for concurrently running tinybench tasks, so their iterations interleave:
 * variant A sample 1, B sample 1, …, A sample 2, … Order effects and a warm page cache then favour no variant.
 */
export class Turnstile {
  private readonly active: number[];
  private current = 0;
  private waiters = new Map<number, () => void>();

  /** `participants` are task indexes in the order they take turns. */
  constructor(participants: number) {
    this.active = Array.from({ length: participants }, (_, i) => i);
  }

  /** Resolves when it is `who`'s turn. Waiting happens in an untimed hook, so it never enters a sample. */
  wait(who: number, signal?: AbortSignal): Promise<void> {
    if (this.active[this.current] === who) return Promise.resolve();
    // A participant that left is never woken again: fail now rather than wait for ever.
    if (!this.active.includes(who)) return Promise.reject(new Error(`turnstile: participant ${who} already left`));
    return new Promise((resolve, reject) => {
      // An aborted run must not leave a task waiting for a turn that never comes.
      const onAbort = () => reject(signal?.reason ?? new Error('aborted'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(who, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** `who` finished one iteration: the next participant's turn. */
  pass(who: number): void {
    if (this.active[this.current] !== who) return;
    this.current = (this.current + 1) % this.active.length;
    this.wake();
  }

  /** `who` has no more iterations (done or failed): drop it from the rotation. */
  leave(who: number): void {
    const at = this.active.indexOf(who);
    if (at < 0) return;
    this.active.splice(at, 1);
    if (at < this.current) this.current--;
    if (this.current >= this.active.length) this.current = 0;
    this.wake();
  }

  private wake(): void {
    const next = this.active[this.current];
    if (next === undefined) return;
    const resolve = this.waiters.get(next);
    if (resolve) {
      this.waiters.delete(next);
      resolve();
    }
  }
}
