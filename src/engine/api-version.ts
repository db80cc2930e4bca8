/** Engine API version negotiation: dockerode does not negotiate, and unversioned paths change shape under a new daemon. */

/**
 * The newest Engine API version whose responses the harness reads correctly. 1.52 restructured `/system/df` (the
 * harness reads both shapes); nothing the harness calls changed shape in the versions after it that it has been read
 * against, but a version it has not been read against is never asked for.
 */
export const HARNESS_MAX_API = '1.52';
/** The oldest Engine API version the harness was run against (Docker 20.10). */
const HARNESS_MIN_API = '1.41';

/** What `GET /version` says about the daemon's API. */
export interface DaemonApi {
  /** The daemon's newest API version, e.g. `1.51`. */
  ApiVersion: string;
  /** The daemon's oldest accepted API version; absent on very old daemons. */
  MinAPIVersion?: string;
}

/** The version the harness pins, with the daemon's range for the environment record. */
export interface ApiChoice {
  /** The version every request is sent as, e.g. `1.41`. */
  pinned: string;
  daemonMax: string;
  daemonMin: string | null;
}

/** Compare two `major.minor` API versions. */
export function compareApi(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/**
 * The highest version both sides support: the lower of the daemon's newest and the harness's newest. Throws when the
 * ranges do not meet (a daemon newer than it accepts anything the harness knows, or older than the harness's oldest).
 */
export function chooseApiVersion(daemon: DaemonApi): ApiChoice {
  const daemonMax = daemon.ApiVersion;
  const daemonMin = daemon.MinAPIVersion ?? null;
  if (!/^\d+\.\d+$/.test(daemonMax ?? '')) throw new Error(`GET /version gave no usable ApiVersion ("${daemonMax}")`);
  const pinned = compareApi(daemonMax, HARNESS_MAX_API) < 0 ? daemonMax : HARNESS_MAX_API;
  if (daemonMin && compareApi(pinned, daemonMin) < 0) {
    throw new Error(
      `the engine accepts API ${daemonMin} to ${daemonMax}, and the harness speaks up to ${HARNESS_MAX_API}: ` +
        'a newer imagediet is needed for this engine',
    );
  }
  if (compareApi(pinned, HARNESS_MIN_API) < 0) {
    throw new Error(
      `the engine speaks API up to ${daemonMax}, older than the oldest the harness supports (${HARNESS_MIN_API}, ` +
        'Docker 20.10): upgrade the engine',
    );
  }
  return { pinned, daemonMax, daemonMin };
}
