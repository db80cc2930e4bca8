/**
 * The same image is measured once. Teaching pairs such as `no-dockerignore` and `dockerignore` differ in the build,
 * not in the image: when two variants' images hold the same files, layer by layer, and run the same way, pulls,
 * deploys and start-ups are sampled for the first of them only, and the others' rows carry its figures with a note
 * saying whose they are. Whether the two builds also gave the same layer digests is recorded: it is what
 * reproducible builds promise.
 */
import { contentKey } from '../anatomy/content-key.js';
import { imageBytes } from '../anatomy/image-bytes.js';
import { savedImageOf } from '../anatomy/image-layers.js';
import type { Engine } from '../engine/engine.js';
import { groupOf } from '../metrics/catalogue.js';
import { compressionOf, withCompression, withoutCompression } from '../registry/compression.js';
import type { Measurement, MetricGroup, VariantRecord } from '../types.js';
import type { BuiltVariant } from './timed-phase.js';

/** The groups whose figures depend only on the image, not on how it was built. */
export const IMAGE_GROUPS: readonly MetricGroup[] = ['pull', 'deploy', 'startup'];

/** A built variant with its record. */
export interface Built {
  built: BuiltVariant;
  record: VariantRecord;
}

/** `scratch` or `scratch (goVersion=1.22)`: how a variant is named in a note. */
export function variantName(v: { variant: string; params: string }): string {
  return v.params ? `${v.variant} (${v.params})` : v.variant;
}

/**
 * Find the variants whose images are the same file for file, fill each record's `identity`, and return the map
 * sharer → the variant measured in its place (the first of its group in run order). Only images of the same size and
 * layer count can be the same; only those are read, when the anatomy step has not read them already.
 */
export async function findSameImages(
  engine: Engine,
  items: Built[],
  signal: AbortSignal,
): Promise<Map<BuiltVariant, BuiltVariant>> {
  const shapes = new Map<string, Built[]>();
  for (const item of items) {
    const { built, record } = item;
    if (!record.identity) continue;
    const info = await engine.inspectImage(built.target.image, signal);
    if (!info) continue;
    const bytes = (await imageBytes(engine, built.target.image, info, signal)).bytes;
    const shape = `${info.layers.length}|${bytes}`;
    shapes.set(shape, [...(shapes.get(shape) ?? []), item]);
  }
  const sharedBy = new Map<BuiltVariant, BuiltVariant>();
  for (const group of shapes.values()) {
    if (group.length < 2) continue;
    const byKey = new Map<string, Built>();
    for (const item of group) {
      const identity = item.record.identity;
      if (!identity) continue;
      if (identity.contentKey === null) {
        const info = await engine.inspectImage(item.built.target.image, signal);
        if (!info) continue;
        identity.contentKey = contentKey(await savedImageOf(engine, item.built.target.image, info.id, signal));
      }
      const first = byKey.get(identity.contentKey);
      if (!first) {
        byKey.set(identity.contentKey, item);
        continue;
      }
      identity.sameImageAs = variantName(first.record);
      const a = first.record.identity?.layerDigests ?? [];
      identity.sameLayerDigests =
        a.length === identity.layerDigests.length && a.every((d, i) => d === identity.layerDigests[i]);
      sharedBy.set(item.built, first.built);
    }
  }
  return sharedBy;
}

/**
 * The rows of every sharer, copied from the rows of the variant measured in its place, for the groups that depend
 * only on the image; each says whose figures they are.
 */
export function sharedRows(
  rows: readonly Measurement[],
  sharedBy: ReadonlyMap<BuiltVariant, BuiltVariant>,
): Measurement[] {
  const out: Measurement[] = [];
  for (const [sharer, measured] of sharedBy) {
    const from = variantName(measured.target);
    for (const r of rows) {
      // A form's rows (compression=zstd) are the variant's own too, and go to the same form of the sharer.
      if (r.variant !== measured.target.variant || withoutCompression(r.params) !== measured.target.params) continue;
      if (!IMAGE_GROUPS.includes(groupOf(r.metric) as MetricGroup)) continue;
      const note = `same image as ${from}, file for file: measured once${r.note ? `; ${r.note}` : ''}`;
      out.push({
        ...r,
        variant: sharer.target.variant,
        params: withCompression(sharer.target.params, compressionOf(r.params)),
        image: sharer.target.image,
        base: sharer.target.base,
        note,
      });
    }
  }
  return out;
}
