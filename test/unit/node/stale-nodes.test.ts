/** Node engines left by killed runs: the next run stops them, and never one whose owner still runs. No engine needed. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanStaleNodes } from '../../../src/node/stale-nodes.js';
import { DECOY, type EngineHome, engineHome, exitedPid, type Sleeper, sleeper } from '../scripts/engine-home.js';

let h: EngineHome;
let live: Sleeper;
beforeEach(async () => {
  h = await engineHome();
  live = await sleeper();
});
afterEach(async () => {
  live.stop();
  await h.remove();
});

const engines = async () =>
  (await h.tree()).filter((p) => /^home\/engines\/[^/]+$/.test(p)).map((p) => p.slice('home/engines/'.length));

describe('cleanStaleNodes', () => {
  it("removes a dead owner's node engine, keeps a live owner's, keeps and reports an unparsable one", async () => {
    const gone = await exitedPid();
    await h.engine('node-20261201t101010z-dead', [`${gone} 4711`, `${process.pid} 1`]);
    await h.engine('node-20261201t101010z-live', [`${live.pid} ${live.start}`]);
    await h.engine('node-20261201t101010z-garbled', ['pid 12 start 34']);
    // Not a node: a test engine and another engine with dead owners are another clean-up's, or nobody's.
    await h.engine('test-1-docker-20', [`${gone} 4711`]);
    await h.engine('dev28', [`${gone} 4711`]);
    const notes: string[] = [];
    const removed = await cleanStaleNodes((line) => notes.push(line), h.env);
    expect(removed).toBe(1);
    expect(notes.sort()).toEqual([
      expect.stringMatching(
        /^node engine of an earlier run: kept engine node-20261201t101010z-garbled: it records no owner .*; if nothing uses it, stop it with: sh scripts\/engine\.sh down node-20261201t101010z-garbled$/,
      ),
      `node engine of an earlier run: removed engine node-20261201t101010z-dead: its owner, pid ${gone}, has exited`,
    ]);
    expect((await engines()).sort()).toEqual([
      DECOY,
      'dev28',
      'node-20261201t101010z-garbled',
      'node-20261201t101010z-live',
      'test-1-docker-20',
    ]);
    expect(live.alive()).toBe(true);
  });

  it('takes a pid now held by another process for an owner that has exited', async () => {
    await h.engine('node-recycled', [`${live.pid} 1`]);
    const notes: string[] = [];
    expect(await cleanStaleNodes((line) => notes.push(line), h.env)).toBe(1);
    expect(notes).toEqual([
      `node engine of an earlier run: removed engine node-recycled: its owner, pid ${live.pid}, has exited`,
    ]);
    expect(live.alive()).toBe(true);
  });

  it('says nothing when there is nothing to clean', async () => {
    const notes: string[] = [];
    expect(await cleanStaleNodes((line) => notes.push(line), h.env)).toBe(0);
    expect(notes).toEqual([]);
  });

  it('tells a failure as a clean-up line and does not throw: a leftover engine must not stop a run', async () => {
    await h.engine('node-dead', [`${await exitedPid()} 1`]);
    const before = await h.tree();
    const notes: string[] = [];
    const removed = await cleanStaleNodes((line) => notes.push(line), { ...h.env, IMAGEDIET_ENGINE_HOME: 'relative' });
    expect(removed).toBe(0);
    expect(notes).toEqual([
      expect.stringMatching(
        /^clean-up: stop node engines left by killed runs failed: engine\.sh prune node-: imagediet engine: IMAGEDIET_ENGINE_HOME "relative" is a relative path/,
      ),
    ]);
    expect(await h.tree()).toEqual(before);
  });
});
