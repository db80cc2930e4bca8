/** Builds a rootfs base: mmdebstrap writes a tarball, the engine imports it as an image. */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import type { Engine } from '../engine/engine.js';
import { LABEL } from '../engine/engine.js';
import { EngineError } from '../errors.js';
import type { RootfsBase } from './catalog.js';

/** mmdebstrap takes about a minute here; twenty is for a slow mirror, not a normal run. */
const MMDEBSTRAP_TIMEOUT_MS = 20 * 60_000;

/** The image config docker import would otherwise leave empty; the official Debian images set the same PATH. */
const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Build `spec` with mmdebstrap and import it as `spec.ref`; returns the image id and `/etc/debian_version`. */
export async function buildRootfs(
  engine: Engine,
  spec: RootfsBase,
  labels: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ imageId: string; version: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'imagediet-rootfs-'));
  try {
    const hooks: string[] = [];
    for (const [i, f] of spec.files.entries()) {
      const local = join(dir, `file-${i}`);
      await writeFile(local, f.content);
      hooks.push(`--customize-hook=upload ${local} ${f.path}`);
    }
    const tarPath = join(dir, 'rootfs.tar');
    await runMmdebstrap([...spec.options, ...hooks, spec.suite, tarPath, ...spec.sources], spec.ref, signal);
    // A failed mmdebstrap piped into import would silently make an empty image: check the tarball first.
    const { size } = await stat(tarPath).catch(() => ({ size: 0 }));
    if (size === 0) throw new EngineError('mmdebstrap', spec.ref, 'exited 0 but wrote an empty tarball');
    const version = (await readTarText(tarPath, 'etc/debian_version'))?.trim();
    if (!version) throw new EngineError('mmdebstrap', spec.ref, 'the tarball has no /etc/debian_version');
    const changes = [
      ...Object.entries({ ...labels, [LABEL.baseVersion]: version }).map(([k, v]) => `LABEL ${k}=${JSON.stringify(v)}`),
      `ENV ${DEFAULT_PATH}`,
      'CMD ["bash"]',
    ];
    const imageId = await engine.importImage(createReadStream(tarPath), spec.ref, changes, signal);
    return { imageId, version };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Run mmdebstrap to completion; rejects with its exit code and the tail of its log. */
function runMmdebstrap(args: string[], ref: string, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(MMDEBSTRAP_TIMEOUT_MS);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  return new Promise((resolve, reject) => {
    const child = spawn('mmdebstrap', args, { stdio: ['ignore', 'ignore', 'pipe'], signal: both });
    let tail: string[] = [];
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      tail = [...tail, ...chunk.split('\n').filter((l) => l.trim())].slice(-12);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(new Error('mmdebstrap not found: install it (apt-get install mmdebstrap) or run scripts/engine-up.sh'));
      } else if (timeout.aborted) {
        reject(new EngineError('mmdebstrap', ref, `did not finish within ${MMDEBSTRAP_TIMEOUT_MS / 60_000} min`));
      } else {
        reject(EngineError.from('mmdebstrap', ref, err));
      }
    });
    child.on('close', (code, sig) => {
      if (code === 0) resolve();
      else if (!both.aborted) {
        reject(new EngineError('mmdebstrap', ref, `exited with ${code ?? sig}\n${tail.join('\n')}`));
      }
    });
  });
}

/** The text of one regular file in a tarball (names compared without a leading `./` or `/`), or null. */
async function readTarText(tarPath: string, name: string): Promise<string | null> {
  const extract = tar.extract();
  createReadStream(tarPath).pipe(extract as unknown as NodeJS.WritableStream);
  let found: string | null = null;
  for await (const entry of extract) {
    const wanted = found === null && entry.header.type === 'file' && entry.header.name.replace(/^\.?\//, '') === name;
    const chunks: Buffer[] = [];
    // Every entry must be drained, or the extractor stalls.
    for await (const c of entry) if (wanted) chunks.push(c as Buffer);
    if (wanted) found = Buffer.concat(chunks).toString('utf8');
  }
  return found;
}
