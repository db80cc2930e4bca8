/** Size facts of a built image: total bytes, layers, bytes its own instructions added, and the binary's bytes. */
import type { Engine } from '../engine/engine.js';

export interface SizeFacts {
  /** Uncompressed bytes, `docker image inspect` Size. */
  imageSize: number;
  layers: number;
  /** Bytes added on top of the final stage's base image. */
  ownBytes: number;
  /** Whether the image's configured user is root. */
  runsAsRoot: boolean;
}

/** Measure an image against the base its final stage runs on (`scratch`: nothing). */
export async function measureSize(
  engine: Engine,
  image: string,
  base: string,
  signal: AbortSignal,
): Promise<SizeFacts> {
  const info = await engine.inspectImage(image, signal);
  if (!info) throw new Error(`size: image ${image} is missing after its build`);
  let baseSize = 0;
  if (base !== 'scratch') {
    const b = await engine.inspectImage(base, signal);
    if (!b) throw new Error(`size: base image ${base} is missing`);
    baseSize = b.size;
  }
  return {
    imageSize: info.size,
    layers: info.layers.length,
    ownBytes: info.size - baseSize,
    runsAsRoot: isRootUser(info.user),
  };
}

/** An empty user, `root`, `0` or `0:…` means the process runs as root. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === '' || name === 'root' || name === '0';
}
