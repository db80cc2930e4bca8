import { afterEach, describe, expect, it } from 'vitest';
import { smokeTest } from '../../../src/measure/smoke.js';
import { FakeEngine } from '../../support/fake-engine.js';

/** An engine whose container removal fails, as a daemon that lost the container's state would. */
class StuckEngine extends FakeEngine {
  override async removeContainer(id: string): Promise<void> {
    throw new Error(`remove container ${id}: device or resource busy`);
  }
}

describe('smoke test', () => {
  let engine: FakeEngine;
  afterEach(() => engine.close());

  const smoke = (note: (line: string) => void) =>
    smokeTest(engine, {
      image: 'imagediet/one:test',
      port: 8080,
      binaryPath: '/api',
      runId: 'run-1',
      timeoutMs: 5_000,
      signal: new AbortController().signal,
      note,
    });

  it('removes its container after answering', async () => {
    engine = new FakeEngine();
    const notes: string[] = [];
    const result = await smoke((line) => notes.push(line));
    expect(result).toMatchObject({ ok: true, error: null });
    expect(engine.containers.size).toBe(0);
    expect(notes).toEqual([]);
  });

  it('tells a failed container removal to the note instead of throwing, and keeps its verdict', async () => {
    engine = new StuckEngine();
    const notes: string[] = [];
    const result = await smoke((line) => notes.push(line));
    expect(result).toMatchObject({ ok: true, error: null });
    expect(notes).toEqual(['clean-up: remove smoke container c1 failed: remove container c1: device or resource busy']);
  });
});
