import { beforeAll, describe, expect, it } from 'vitest';
import { imageBytes } from '../../src/anatomy/image-bytes.js';
import { type BaseRecord, ensureBases } from '../../src/bases/index.js';
import { LABEL } from '../../src/engine/engine.js';
import { engine } from '../support/engine-available.js';

const runId = `test-bases-${Date.now()}`;
const opts = { goVersion: '1.23', rebuild: false, runId };

/** Run `cmd` in a throw-away container of `image`; returns its output once it exits (30 s at most). */
async function runIn(image: string, cmd: string[]): Promise<string> {
  const id = await engine.createContainer({ image, cmd, labels: { [LABEL.run]: runId, [LABEL.kind]: 'temp' } });
  try {
    await engine.startContainer(id);
    const until = Date.now() + 30_000;
    while ((await engine.containerState(id)).running) {
      if (Date.now() > until) throw new Error(`${image} ${cmd.join(' ')} did not exit within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return await engine.containerLogs(id, 50);
  } finally {
    await engine.removeContainer(id);
  }
}

// The busybox and golang-slim bases (and debian-slim under them) are built once (a few minutes) and then reused.
describe('offline bases on the real engine', () => {
  let first: BaseRecord[];

  beforeAll(async () => {
    first = await ensureBases(engine, ['busybox', 'golang-slim'], opts);
  });

  it('builds or reuses the requested bases and their dependency, dependency first', () => {
    expect(first.map((r) => r.ref)).toEqual([
      'local/debian:bookworm-slim',
      'local/busybox:bookworm',
      'local/golang:1.23-bookworm-slim',
    ]);
  });

  it('labels each base and records its version', async () => {
    const pattern: Record<string, RegExp> = {
      'debian-slim': /^12\.\d+$/,
      busybox: /^1\.\d+\.\d+$/,
      'golang-slim': /^go1\.23\.\d+$/,
    };
    for (const r of first) {
      expect(r.version).toMatch(pattern[r.id] ?? /^$/);
      const info = await engine.inspectImage(r.ref);
      expect(info?.id).toBe(r.imageId);
      // The recorded size is the harness's one meaning of image size on this engine's store.
      expect(info && (await imageBytes(engine, r.ref, info)).bytes).toBe(r.sizeBytes);
      expect(info?.labels).toMatchObject({ [LABEL.kind]: 'base', [LABEL.base]: r.id, [LABEL.baseVersion]: r.version });
      expect(info?.labels[LABEL.run]).toBeTruthy();
      expect(Date.parse(info?.labels[LABEL.created] ?? '')).not.toBeNaN();
    }
  });

  it('reuses them on a second call', async () => {
    const again = await ensureBases(engine, ['busybox', 'golang-slim'], opts);
    expect(again.map((r) => r.builtNow)).toEqual([false, false, false]);
    expect(again.map((r) => r.imageId)).toEqual(first.map((r) => r.imageId));
  });

  it('keeps local/busybox:bookworm under 5 MB, with a shell and a nobody user', async () => {
    const busybox = first.find((r) => r.id === 'busybox');
    expect(busybox?.sizeBytes).toBeLessThan(5_000_000);
    expect(await runIn('local/busybox:bookworm', ['sh', '-c', 'grep ^nobody: /etc/passwd; stat -c %a /tmp'])).toBe(
      'nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n1777\n',
    );
  });

  it('puts go on PATH in local/golang:1.23-bookworm-slim, with cgo off as on golang:alpine', async () => {
    const out = await runIn('local/golang:1.23-bookworm-slim', ['go', 'env', 'GOVERSION', 'CGO_ENABLED', 'GOPATH']);
    const version = first.find((r) => r.id === 'golang-slim')?.version;
    expect(out).toBe(`${version}\n0\n/go\n`);
  });

  it('leaves no temporary containers or partial tags behind', async () => {
    expect(await engine.listContainers([`${LABEL.run}=${runId}`])).toEqual([]);
    const partial = await engine.listImages([`${LABEL.kind}=base`]);
    expect(partial.flatMap((i) => i.tags).filter((t) => t.endsWith('-partial'))).toEqual([]);
  });
});
