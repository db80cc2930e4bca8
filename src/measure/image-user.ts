/** Whether a built image runs as root: read once from its configuration, recorded on the variant's record. */
import type { Engine } from '../engine/engine.js';

/** An empty user, `root`, `0` or `0:…` means the process runs as root. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === '' || name === 'root' || name === '0';
}

/** The configured user of `image` decides: Docker starts the process as that user, root when none is set. */
export async function runsAsRoot(engine: Engine, image: string, signal: AbortSignal): Promise<boolean> {
  const info = await engine.inspectImage(image, signal);
  if (!info) throw new Error(`user: image ${image} is missing after its build`);
  return isRootUser(info.user);
}
