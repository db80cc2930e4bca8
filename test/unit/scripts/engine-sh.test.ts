/**
 * scripts/engine.sh takes only the names it could have made and removes only what is its own. Run with a throwaway
 * IMAGEDIET_ENGINE_HOME full of decoys and a PATH without ip, unshare or mmdebstrap: no engine is needed or started.
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DECOY,
  type EngineHome,
  engineHome,
  engineSh,
  exitedPid,
  expectRefused,
  procStart,
  type Sleeper,
  sleeper,
} from './engine-home.js';

const NAME_PROBLEM =
  /^imagediet engine: engine name ".*" is not one this script makes; use 1 to 64 of a-z, 0-9 and -, starting with a letter or digit \(e\.g\. docker-20\)\n$/;

// A fresh home for every test: one that deletes what it must not leaves the next one nothing to prove.
let h: EngineHome;
let before: string[];
const sleepers: Sleeper[] = [];
beforeEach(async () => {
  h = await engineHome();
  before = await h.tree();
});
afterEach(async () => {
  for (const s of sleepers.splice(0)) s.stop();
  await h.remove();
});

async function owned(): Promise<Sleeper> {
  const s = await sleeper();
  sleepers.push(s);
  return s;
}

const BAD_NAMES = ['', '../roots', '/', '.', '..', 'a/b', '-x', '--help', 'Decoy', 'a b', 'decoy*', '$(id)', 'a\nb'];

describe('engine.sh refuses a name it could not have made, exit 2, and deletes nothing', () => {
  it.each(BAD_NAMES.map((n) => [JSON.stringify(n), n]))('down %s', async (_shown, name) => {
    expectRefused(await engineSh(['down', name], h.env), NAME_PROBLEM);
    expect(await h.tree()).toEqual(before);
  });

  it('down of a name too long to be one', async () => {
    expectRefused(await engineSh(['down', 'a'.repeat(65)], h.env), NAME_PROBLEM);
    expect(await h.tree()).toEqual(before);
  });

  it.each(BAD_NAMES.map((n) => [JSON.stringify(n), n]))('run %s', async (_shown, name) => {
    expectRefused(await engineSh(['run', name, '--', 'true'], h.env), NAME_PROBLEM);
    expect(await h.tree()).toEqual(before);
  });

  it.each(BAD_NAMES.map((n) => [JSON.stringify(n), n]))('up docker-20 %s', async (_shown, name) => {
    expectRefused(await engineSh(['up', 'docker-20', name], h.env), NAME_PROBLEM);
    expect(await h.tree()).toEqual(before);
  });

  it.each(BAD_NAMES.map((n) => [JSON.stringify(n), n]))('prune %s', async (_shown, name) => {
    expectRefused(await engineSh(['prune', name], h.env), NAME_PROBLEM);
    expect(await h.tree()).toEqual(before);
  });

  it('a name unprintable characters are shown as "?", so the message stays one line', async () => {
    const res = await engineSh(['down', 'a\nb'], h.env);
    expect(res.stderr).toContain('engine name "a?b"');
  });

  it('down with more than one name', async () => {
    expectRefused(
      await engineSh(['down', DECOY, 'extra'], h.env),
      /^imagediet engine: down takes one engine name: sh scripts\/engine\.sh down NAME\n$/,
    );
    expect(await h.tree()).toEqual(before);
  });

  it('down of a good name that is no engine is a quiet exit 0', async () => {
    const res = await engineSh(['down', 'nosuch'], h.env);
    expect(res).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await h.tree()).toEqual(before);
  });
});

describe('engine.sh refuses a home it must not work in, exit 2', () => {
  it.each([
    ['empty', '', /^imagediet engine: IMAGEDIET_ENGINE_HOME is set but empty; unset it .* or give an absolute path\n$/],
    ['relative', 'home', /^imagediet engine: IMAGEDIET_ENGINE_HOME "home" is a relative path; give an absolute one/],
    ['the root directory', '/', /^imagediet engine: IMAGEDIET_ENGINE_HOME "\/" is the root directory; give a folder/],
    ['the root directory, spelled longer', '//./', /is the root directory/],
    ['a .. component', '/tmp/x/../..', /holds a \.\. component; give the folder's own absolute path/],
    ['a space', '/tmp/a b', /holds a character other than A-Z, a-z, 0-9, \/, \., _ and -; give a plain absolute path/],
    ['shell syntax', '/tmp/x;id', /holds a character other than/],
  ])('%s', async (_what, home, message) => {
    // From the temporary folder, where a relative "home" would find the decoys.
    for (const args of [['down', DECOY], ['list'], ['prune', 'decoy-']]) {
      expectRefused(await engineSh(args, { ...h.env, IMAGEDIET_ENGINE_HOME: home }, h.dir), message);
      expect(await h.tree()).toEqual(before);
    }
  });
});

describe('up checks its owner before it does anything', () => {
  it.each([
    ['not a pid', 'abc', /IMAGEDIET_ENGINE_OWNER "abc" is not a pid; set it to the pid of the process/],
    ['no running process', '999999999', /the engine's owner, pid 999999999, is not a running process/],
  ])('IMAGEDIET_ENGINE_OWNER %s', async (_what, owner, message) => {
    expectRefused(await engineSh(['up', 'docker-20', 'fresh'], { ...h.env, IMAGEDIET_ENGINE_OWNER: owner }), message);
    expect(await h.tree()).toEqual(before);
  });

  it('never replaces an engine of the same name whose owner is another running process', async () => {
    const other = await owned();
    const s = await h.engine('busy', [`${other.pid} ${other.start}`]);
    const now = await h.tree();
    expectRefused(
      await engineSh(['up', 'docker-20', 'busy'], h.env),
      new RegExp(`engine "busy" is up and its owner, pid ${other.pid}, is running; choose another name, or stop it`),
    );
    expect(await h.tree()).toEqual(now);
    expect(other.alive()).toBe(true);
    await engineSh(['down', 'busy'], h.env);
    expect(await h.tree()).not.toContain(path.relative(h.dir, s));
  });
});

describe('down removes its own folder and signals only the processes it started', () => {
  it('a pid whose process started at another time (a recycled pid) is not signalled', async () => {
    const bystander = await owned();
    const s = await h.engine('recycled', null);
    await writeFile(path.join(s, 'launch.pid'), `${bystander.pid}\n`);
    await writeFile(path.join(s, 'launch.start'), '1\n');
    await writeFile(path.join(s, 'slirp.pid'), `${bystander.pid}\n`);
    await writeFile(path.join(s, 'slirp.start'), '2\n');
    const res = await engineSh(['down', 'recycled'], h.env);
    expect(res).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(bystander.alive()).toBe(true);
    expect(await h.tree()).toEqual(before);
  });

  it('the process up started, its start time matching, is stopped', async () => {
    const daemon = await owned();
    const s = await h.engine('mine', null);
    await writeFile(path.join(s, 'launch.pid'), `${daemon.pid}\n`);
    await writeFile(path.join(s, 'launch.start'), `${daemon.start}\n`);
    expect((await engineSh(['down', 'mine'], h.env)).code).toBe(0);
    await expect.poll(() => daemon.alive()).toBe(false);
    expect(await h.tree()).toEqual(before);
  });
});

describe('down still stops an engine an older engine.sh started', () => {
  it('with no start times recorded, its launch pid is taken as the daemon', async () => {
    const daemon = await owned();
    const s = await h.engine('older', null);
    await writeFile(path.join(s, 'launch.pid'), `${daemon.pid}\n`);
    expect((await engineSh(['down', 'older'], h.env)).code).toBe(0);
    await expect.poll(() => daemon.alive()).toBe(false);
    expect(await h.tree()).toEqual(before);
  });
});

describe('prune stops engines whose owner has exited, and nothing else', () => {
  it('by prefix: a dead or recycled owner goes; a live one, another prefix, no owner or a garbled one stay', async () => {
    const live = await owned();
    const gone = await exitedPid();
    await h.engine('node-dead', [`${gone} 12345`]);
    // This test's own pid with a start it never had: the pid now names another process than the owner.
    await h.engine('node-recycled', [`${process.pid} 1`]);
    await h.engine('node-live', [`${live.pid} ${live.start}`]);
    await h.engine('node-garbled', ['not an owner']);
    await h.engine('node-none', null);
    await h.engine('test-1-docker-20', [`${gone} 12345`]);
    const res = await engineSh(['prune', 'node-'], h.env);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout.trim().split('\n').sort()).toEqual([
      expect.stringMatching(
        /^kept engine node-garbled: it records no owner \(.*\/owner is missing or not "pid start"\); if nothing uses it, stop it with: sh scripts\/engine\.sh down node-garbled$/,
      ),
      expect.stringMatching(/^kept engine node-none: it records no owner/),
      `removed engine node-dead: its owner, pid ${gone}, has exited`,
      `removed engine node-recycled: its owner, pid ${process.pid}, has exited`,
    ]);
    const left = (await h.tree()).filter((p) => p.split(path.sep).length === 3 && p.startsWith('home/engines/'));
    expect(left.sort()).toEqual(
      [DECOY, 'node-garbled', 'node-live', 'node-none', 'test-1-docker-20'].map((n) => `home/engines/${n}`),
    );
    expect(live.alive()).toBe(true);
    for (const n of ['node-garbled', 'node-live', 'node-none', 'test-1-docker-20']) await engineSh(['down', n], h.env);
    expect(await h.tree()).toEqual(before);
  });

  it('--within PID: only engines whose dead owner descends from that process', async () => {
    const run = { pid: process.pid, start: await procStart(process.pid) };
    const gone = await exitedPid();
    await h.engine('test-mine', [`${gone} 5`, '4242 7', `${run.pid} ${run.start}`, '1 1']);
    await h.engine('node-mine', [`${gone} 6`, `${run.pid} ${run.start}`]);
    await h.engine('test-other', [`${gone} 5`, '4242 7']);
    // The same pid, an earlier process: another run that had this pid before.
    await h.engine('test-earlier', [`${gone} 5`, `${run.pid} 1`]);
    await h.engine('test-unknown', null);
    const res = await engineSh(['prune', '--within', String(run.pid), 'test-', 'node-'], h.env);
    expect(res.code).toBe(0);
    expect(res.stdout.trim().split('\n').sort()).toEqual([
      `removed engine node-mine: its owner, pid ${gone}, has exited`,
      `removed engine test-mine: its owner, pid ${gone}, has exited`,
    ]);
    for (const n of ['test-other', 'test-earlier', 'test-unknown'])
      expect(await h.tree()).toContain(`home/engines/${n}`);
    for (const n of ['test-other', 'test-earlier', 'test-unknown']) await engineSh(['down', n], h.env);
    expect(await h.tree()).toEqual(before);
  });

  it.each([
    ['no prefix', ['prune'], /prune needs a name prefix, e\.g\. test- or node-/],
    ['--within without a pid', ['prune', '--within'], /prune --within needs a pid/],
    ['--within not a pid', ['prune', '--within', 'me', 'test-'], /prune --within "me" is not a pid/],
    ['--within no process', ['prune', '--within', '999999999', 'test-'], /prune --within 999999999: no such process/],
  ])('refuses %s, exit 2', async (_what, args, message) => {
    expectRefused(await engineSh(args, h.env), message);
    expect(await h.tree()).toEqual(before);
  });
});

describe('up records its owner where prune reads it', () => {
  it('as "pid start" lines: the owner, then its ancestors', async () => {
    // `up` itself needs root and a chroot, so the function that writes its owner file is cut out of the script and
    // run alone, on a child of this process.
    const script = await readFile(path.resolve(import.meta.dirname, '../../../scripts/engine.sh'), 'utf8');
    const fn = (name: string) => {
      const m = new RegExp(`^${name}\\(\\) \\{[\\s\\S]*?^\\}`, 'm').exec(script);
      if (!m) throw new Error(`engine.sh has no ${name}()`);
      return m[0];
    };
    const probe = path.join(h.dir, 'bin', 'owner-chain.sh');
    await writeFile(probe, `${fn('proc_stat')}\n${fn('owner_chain')}\nowner_chain "$1"\n`);
    const child = await owned();
    const out = spawnSync('/bin/sh', [probe, String(child.pid)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n');
    expect(out[0]).toBe(`${child.pid} ${child.start}`);
    expect(out[1]).toBe(`${process.pid} ${await procStart(process.pid)}`);
    for (const line of out) expect(line).toMatch(/^\d+ \d+$/);
  });
});
