/** Size facts of a built image: total bytes, layers, bytes its own instructions added, and the binary's bytes. */
import { type ImageBytes, imageBytes } from '../anatomy/image-bytes.js';
import type { Engine } from '../engine/engine.js';

export interface SizeFacts {
  /** Uncompressed bytes, as overlay2 reports them, on every store. */
  imageSize: ImageBytes;
  layers: number;
  /** Bytes added on top of the final stage's base image. */
  ownBytes: number;
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
  const size = await imageBytes(engine, image, info, signal);
  let baseSize = 0;
  if (base !== 'scratch') {
    const b = await engine.inspectImage(base, signal);
    if (!b) throw new Error(`size: base image ${base} is missing`);
    baseSize = (await imageBytes(engine, base, b, signal)).bytes;
  }
  return {
    imageSize: size,
    layers: info.layers.length,
    ownBytes: size.bytes - baseSize,
  };
}
