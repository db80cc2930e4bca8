/**
 * skopeo, as the harness runs it: Debian trixie's 1.18 from a chroot (`scripts/engine.sh skopeo`). Bookworm's 1.9 was
 * tried first and refused for two things seen on this machine: asked for gzip level 9 from a gzip image it copies the
 * layer unchanged (it recompresses only into another algorithm), and asked for zstd once its blob-info cache knew the
 * gzip blob, it mounted that gzip blob and wrote a gzip manifest. 1.18 is run with a cache that ends with each call,
 * and every form is made from the decompressed layers, so neither can happen.
 */
import { engineSh } from '../node/engine-sh.js';

/** Run skopeo with `args`; `dir` is bound at /xfer for the dir: transport. Resolves its stdout or rejects with why. */
export type Skopeo = (args: string[], opts: { dir: string; timeoutMs: number }) => Promise<string>;

/** skopeo from the trixie chroot that scripts/engine.sh builds once (a minute or two the first time). */
export const chrootSkopeo: Skopeo = (args, { dir, timeoutMs }) =>
  engineSh(['skopeo', '--dir', dir, '--', ...args], timeoutMs);

/** How skopeo names itself, `skopeo 1.18.0 (Debian trixie, from a chroot)`; the first call may build the chroot. */
export async function skopeoLabel(skopeo: Skopeo, dir: string): Promise<string> {
  const out = await skopeo(['--version'], { dir, timeoutMs: 15 * 60_000 });
  const version = /skopeo version (\S+)/.exec(out)?.[1];
  if (!version) throw new Error(`skopeo --version printed "${out.slice(0, 80)}", not a version`);
  return `skopeo ${version} (Debian trixie, from a chroot)`;
}
