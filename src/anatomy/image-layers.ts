/**
 * An image's layers as its `docker save` export holds them, read once per image and kept for the next reader: under
 * the containerd store the size step reads them, and the anatomy step right after reads the same export.
 */
import type { Engine } from '../engine/engine.js';
import { EngineError } from '../errors.js';
import { readSavedImage, type SavedImage } from './read-saved-image.js';

/** Exports kept per engine: the image being measured and the one before (a layer list is a few megabytes). */
const KEEP = 2;

const kept = new WeakMap<Engine, Map<string, Promise<SavedImage>>>();

/** The layers of image `imageId` (tagged `ref`), from one export, read once. */
export function savedImageOf(engine: Engine, ref: string, imageId: string, signal?: AbortSignal): Promise<SavedImage> {
  let byId = kept.get(engine);
  if (!byId) {
    byId = new Map();
    kept.set(engine, byId);
  }
  const have = byId.get(imageId);
  if (have) return have;
  const reading = (async () => {
    const stream = await engine.exportImage(ref, signal);
    try {
      return await readSavedImage(stream);
    } catch (err) {
      throw EngineError.from('export image', ref, err);
    }
  })();
  byId.set(imageId, reading);
  reading.catch(() => byId.delete(imageId));
  while (byId.size > KEEP) byId.delete(byId.keys().next().value as string);
  return reading;
}
