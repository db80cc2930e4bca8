/**
 * The labels on everything a run creates: who made it, when, and whether it is kept.
 * Images pass their labels on to every image built FROM them and to every container made from them, so a label
 * alone never proves ownership: an image is the harness's only while it still carries the tag it was built as
 * (`imagediet.ref`), and a container only with `imagediet.container`, which no image ever carries.
 */
import os from 'node:os';
import { LABEL, type ResourceKind } from './engine.js';

/** Label naming the process that created a resource, so a later run can tell a dead run's leftovers from a live one's. */
export const OWNER_LABEL = 'imagediet.owner';
/** The tag an image was built as. */
export const REF_LABEL = 'imagediet.ref';
/** Set on containers only. */
export const CONTAINER_LABEL = 'imagediet.container';

function common(runId: string, kind: ResourceKind): Record<string, string> {
  return {
    [LABEL.run]: runId,
    [LABEL.kind]: kind,
    [LABEL.created]: new Date().toISOString(),
    [OWNER_LABEL]: `${os.hostname()}:${process.pid}`,
  };
}

/** Labels for an image of run `runId` built as `ref`. */
export function imageLabels(
  runId: string,
  kind: ResourceKind,
  ref: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ...common(runId, kind), [REF_LABEL]: ref, ...extra };
}

/** Labels for a container of run `runId`. */
export function containerLabels(runId: string): Record<string, string> {
  return { ...common(runId, 'temp'), [CONTAINER_LABEL]: runId };
}

/** The tag under which an image is the harness's own, or null: labelled so and still tagged as it was built. */
export function ownedTag(image: { tags: string[]; labels: Record<string, string> }): string | null {
  const ref = image.labels[REF_LABEL];
  if (ref !== undefined) return image.tags.includes(ref) ? ref : null;
  // Final images from before the ref label: judged by the kept tag their own labels name.
  const { [LABEL.kind]: kind, [LABEL.variant]: variant, [LABEL.profile]: profile } = image.labels;
  if (kind !== 'final') return null;
  return image.tags.find((t) => t.startsWith(`imagediet/${variant}:${profile}`)) ?? null;
}

/** Is this image the harness's own? Labels inherited by an image built FROM one of ours do not count. */
export function ownsImage(image: { tags: string[]; labels: Record<string, string> }): boolean {
  return ownedTag(image) !== null;
}
