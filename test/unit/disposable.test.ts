import { describe, expect, it } from 'vitest';
import { ReleaseStack, releaseOnDispose } from '../../src/disposable.js';

describe('releaseOnDispose', () => {
  it('tells a failed release to the note and does not throw', async () => {
    const notes: string[] = [];
    await expect(
      (async () => {
        await using _c = releaseOnDispose(
          'remove container c1',
          async () => {
            throw new Error('engine said no\nsecond line');
          },
          (line) => notes.push(line),
        );
      })(),
    ).resolves.toBeUndefined();
    expect(notes).toEqual(['clean-up: remove container c1 failed: engine said no | second line']);
  });

  it("keeps the block's own error when the release fails too", async () => {
    const notes: string[] = [];
    const err = await (async () => {
      await using _c = releaseOnDispose(
        'stop registry',
        async () => {
          throw new Error('still running');
        },
        (line) => notes.push(line),
      );
      throw new Error('push failed');
    })().catch((e: unknown) => e);
    expect((err as Error).message).toBe('push failed');
    expect(notes).toEqual(['clean-up: stop registry failed: still running']);
  });

  it('releases in reverse order of acquisition, on return as on throw', async () => {
    const order: string[] = [];
    const held = (name: string) => releaseOnDispose(name, async () => order.push(name), undefined);
    await (async () => {
      await using _a = held('a');
      await using _b = held('b');
      await using _c = held('c');
    })();
    await (async () => {
      await using _x = held('x');
      await using _y = held('y');
      throw new Error('boom');
    })().catch(() => undefined);
    expect(order).toEqual(['c', 'b', 'a', 'y', 'x']);
  });

  it('releases once, however often it is disposed', async () => {
    let calls = 0;
    const d = releaseOnDispose('close', async () => calls++, undefined);
    await Promise.all([d[Symbol.asyncDispose](), d[Symbol.asyncDispose]()]);
    await d[Symbol.asyncDispose]();
    expect(calls).toBe(1);
  });
});

describe('ReleaseStack', () => {
  it('releases last first, tells each failure and goes on with the rest', async () => {
    const order: string[] = [];
    const notes: string[] = [];
    await (async () => {
      await using stack = new ReleaseStack((line) => notes.push(line));
      stack.defer('stop the engine', async () => order.push('engine'));
      stack.defer('stop the registry', async () => {
        throw new Error('refused');
      });
      stack.use(releaseOnDispose('close the proxy', async () => order.push('proxy'), undefined));
    })();
    expect(order).toEqual(['proxy', 'engine']);
    expect(notes).toEqual(['clean-up: stop the registry failed: refused']);
  });

  it('hands its releases to the stack move returns, and then releases nothing itself', async () => {
    const order: string[] = [];
    let moved: ReleaseStack | undefined;
    await (async () => {
      await using stack = new ReleaseStack(undefined);
      stack.defer('first', async () => order.push('first'));
      stack.defer('second', async () => order.push('second'));
      moved = stack.move();
      expect(() => stack.defer('late', async () => undefined)).toThrow(/cannot late/);
    })();
    expect(order).toEqual([]);
    await moved?.[Symbol.asyncDispose]();
    await moved?.[Symbol.asyncDispose]();
    expect(order).toEqual(['second', 'first']);
  });
});
