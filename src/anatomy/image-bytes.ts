/**
 * What `image_size` means on every image store: overlay2's uncompressed figure, taken from inspect on a graph driver and
 * computed from the image's own exported layers elsewhere. Read by the size metrics, the bases and the anatomy.
 */
import type { Engine, ImageInfo } from '../engine/engine.js';
import type { ImageStore } from '../engine/image-store.js';
import { savedImageOf } from './image-layers.js';
import { overlay2ImageBytes } from './layer-size.js';

/** An image's size in the one meaning the harness reports, and the engine's own figure beside it. */
export interface ImageBytes {
  /** Uncompressed bytes as overlay2 reports them (`docker images` SIZE on a graph driver), on every store. */
  bytes: number;
  /** `docker image inspect` Size as this engine reports it. */
  engineReported: number;
  /** How `bytes` was obtained on this store. */
  note: string;
  /** What `engineReported` means on this store. */
  engineNote: string;
}

/** Computed sizes by image id (content-addressed, so they never go stale): a base is exported once per process. */
const computed = new WeakMap<Engine, Map<string, number>>();

/** Notes for the two figures, by store. */
export function sizeNotes(store: ImageStore): { note: string; engineNote: string } {
  if (store.kind === 'containers-storage')
    return {
      note: `computed from the image's layers (docker save) as overlay2 counts them: regular files, plus symlink targets in imported layers; the engine's figure counts whole layer tars (${store.label})`,
      engineNote: `docker image inspect Size on the ${store.label}: the uncompressed layer tar streams, headers and padding included, so a few percent above image_size`,
    };
  if (store.kind === 'graph-driver')
    return {
      note: `docker image inspect Size (${store.label})`,
      engineNote: `docker image inspect Size on the ${store.label}: the uncompressed layers, the same figure as image_size`,
    };
  return {
    note: `computed from the image's layers (docker save) as overlay2 counts them: regular files, plus symlink targets in imported layers; the engine's figure is packed content (${store.label})`,
    engineNote: `docker image inspect Size under the ${store.label}: the packed content of one platform (compressed layers, config and manifest), not the unpacked size`,
  };
}

/**
 * The size of `info` (already inspected as `ref`). On a graph driver it is inspect's Size. Under the containerd store
 * inspect reports packed content, so the overlay2 figure is computed from the image's own layers (one export, read
 * once: the anatomy step reuses it).
 */
export async function imageBytes(
  engine: Engine,
  ref: string,
  info: ImageInfo,
  signal?: AbortSignal,
): Promise<ImageBytes> {
  const store = await engine.imageStore(signal);
  const notes = sizeNotes(store);
  if (store.kind === 'graph-driver') return { bytes: info.size, engineReported: info.size, ...notes };
  let byId = computed.get(engine);
  if (!byId) {
    byId = new Map();
    computed.set(engine, byId);
  }
  let bytes = byId.get(info.id);
  if (bytes === undefined) {
    bytes = overlay2ImageBytes((await savedImageOf(engine, ref, info.id, signal)).layers);
    byId.set(info.id, bytes);
  }
  return { bytes, engineReported: info.size, ...notes };
}
