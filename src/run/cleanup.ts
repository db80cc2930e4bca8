/** Removes what a run created, and what runs that died left behind. Never anything without the harness's labels. */
import os from 'node:os';
import { type Engine, LABEL } from '../engine/engine.js';
import { CONTAINER_LABEL, OWNER_LABEL, ownedTag, ownsImage } from '../engine/labels.js';
import { pruneSummary } from './prune-summary.js';

/** Is the process that created a resource gone (true), running (false), or unknown: another host's, or unlabelled? */
function ownerGone(owner: string | undefined): boolean | null {
  if (!owner) return null;
  const [host, pid] = owner.split(':');
  if (host !== os.hostname() || !pid) return null;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Only judged for this host; other hosts' resources are left alone by the stale clean-up. */
function ownerIsDead(owner: string | undefined): boolean {
  return ownerGone(owner) === true;
}

/** Another run on this host still holds it. This process's own resources are from runs it has finished. */
function ownerIsAlive(owner: string | undefined): boolean {
  return ownerGone(owner) === false && owner !== `${os.hostname()}:${process.pid}`;
}

/**
 * Remove the tag the harness built an image as; the image goes with it unless someone gave it a tag of their own.
 * Never forced: an image a user's container still runs stays.
 */
async function untag(
  engine: Engine,
  image: { tags: string[]; labels: Record<string, string> },
  signal?: AbortSignal,
): Promise<void> {
  const ref = ownedTag(image);
  if (ref) await engine.removeImage(ref, signal ? { signal } : {});
}

/**
 * Remove this run's containers and temporary images, then the unused build-cache records its builds provably made.
 * Returns a summary, which names the records left unproven.
 */
export async function cleanupRun(engine: Engine, runId: string, since: number, signal?: AbortSignal): Promise<string> {
  let containers = 0;
  for (const c of await engine.listContainers([`${CONTAINER_LABEL}=${runId}`], signal)) {
    await engine.removeContainer(c.id, signal);
    containers++;
  }
  let images = 0;
  for (const i of await engine.listImages([`${LABEL.run}=${runId}`, `${LABEL.kind}=temp`], signal)) {
    if (!ownsImage(i)) continue;
    await untag(engine, i, signal);
    images++;
  }
  // Images first: cache records a live image still uses are not pruned (the engine reports them shared).
  // Only records its builds provably made go; the summary says what was left because that could not be proven.
  const cache = await engine.pruneBuildCacheSince(since, signal);
  return `removed ${containers} container(s), ${images} temporary image(s), ${pruneSummary(cache)}`;
}

/** Remove containers and temporary images left by harness runs whose process is gone (killed runs). */
export async function cleanupStale(engine: Engine, currentRun: string, signal?: AbortSignal): Promise<number> {
  let removed = 0;
  for (const c of await engine.listContainers([CONTAINER_LABEL], signal)) {
    if (c.labels[CONTAINER_LABEL] !== currentRun && ownerIsDead(c.labels[OWNER_LABEL])) {
      await engine.removeContainer(c.id, signal);
      removed++;
    }
  }
  for (const i of await engine.listImages([LABEL.run, `${LABEL.kind}=temp`], signal)) {
    if (i.labels[LABEL.run] !== currentRun && ownsImage(i) && ownerIsDead(i.labels[OWNER_LABEL])) {
      await untag(engine, i, signal);
      removed++;
    }
  }
  return removed;
}

/**
 * `--clean`: remove every kept final image and any temporary resource of the harness (bases stay). What a run still
 * in progress on this host owns is left alone: a concurrent bench must not lose the images it is measuring.
 */
export async function cleanAll(engine: Engine, signal?: AbortSignal): Promise<string> {
  let containers = 0;
  let live = 0;
  for (const c of await engine.listContainers([CONTAINER_LABEL], signal)) {
    if (ownerIsAlive(c.labels[OWNER_LABEL])) {
      live++;
      continue;
    }
    await engine.removeContainer(c.id, signal);
    containers++;
  }
  let images = 0;
  for (const kind of ['final', 'temp']) {
    for (const i of await engine.listImages([`${LABEL.kind}=${kind}`], signal)) {
      // A user's image built FROM one of ours inherits our labels, but not our tag: it stays.
      if (!ownsImage(i)) continue;
      if (ownerIsAlive(i.labels[OWNER_LABEL])) {
        live++;
        continue;
      }
      await untag(engine, i, signal);
      images++;
    }
  }
  const kept = live ? `; left ${live} resource(s) of runs still in progress` : '';
  return `removed ${containers} container(s) and ${images} image(s)${kept}; offline bases kept (rebuild with --rebuild-bases)`;
}
