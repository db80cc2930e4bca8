/** Which store keeps the engine's images: a graph driver, or the containerd image store with a snapshotter. Pure. */

/** The image store, as `GET /info` reveals it. */
export interface ImageStore {
  /**
   * `graph-driver`: layers in the daemon's own layer store; `containerd`: content and snapshots in containerd;
   * `containers-storage`: Podman's store (containers/storage), whatever its driver.
   */
  kind: 'graph-driver' | 'containerd' | 'containers-storage';
  /** The graph driver (`overlay2`) or the containerd snapshotter (`overlayfs`). */
  driver: string;
  /** `overlay2 graph driver` or `containerd snapshotter overlayfs`: recorded with every run and history row. */
  label: string;
}

/** The containerd image store announces itself in DriverStatus (moby daemon/containerd/service.go). */
const SNAPSHOTTER_TYPE = 'io.containerd.snapshotter.v1';

/**
 * The store from `GET /info`'s `Driver` and `DriverStatus` (a list of [key, value] pairs, possibly null). Podman reports
 * its containers/storage driver (`overlay`) there too, so only the caller, which knows the engine, can tell it apart.
 */
export function imageStoreFromInfo(driver: string, driverStatus: unknown, podman = false): ImageStore {
  if (podman) {
    const name = driver || 'unknown';
    return { kind: 'containers-storage', driver: name, label: `Podman containers-storage ${name}` };
  }
  const pairs = Array.isArray(driverStatus) ? (driverStatus as unknown[]) : [];
  const containerd = pairs.some(
    (p) => Array.isArray(p) && p[0] === 'driver-type' && String(p[1] ?? '').includes(SNAPSHOTTER_TYPE),
  );
  const name = driver || 'unknown';
  return containerd
    ? { kind: 'containerd', driver: name, label: `containerd snapshotter ${name}` }
    : { kind: 'graph-driver', driver: name, label: `${name} graph driver` };
}
