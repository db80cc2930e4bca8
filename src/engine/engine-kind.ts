/** Which engine serves the Docker API, told from `GET /version`, and what the harness cannot ask of it. Pure. */

/** What `GET /version` lists besides the API range. */
export interface VersionComponents {
  Version?: string;
  /** Docker names its daemon `Engine`; Podman's Docker-compatible service names itself `Podman Engine`. */
  Components?: { Name?: string; Version?: string }[] | null;
}

/** The engine behind the socket, for the environment record and for what the harness may ask of it. */
export interface EngineKind {
  /** `Docker Engine` or `Podman Engine`. */
  name: string;
  /** The engine's own version (Podman's, not the Docker API version it emulates). */
  version: string;
  /** Why BuildKit builds (`POST /build?version=2`) cannot run on this engine; null when they can. */
  noBuildkit: string | null;
}

/** Podman's name for itself among `GET /version` components. */
const PODMAN = 'Podman Engine';

/** The engine kind from a `GET /version` answer. */
export function engineKindFromVersion(v: VersionComponents): EngineKind {
  const podman = (v.Components ?? []).find((c) => c?.Name === PODMAN);
  if (podman) {
    const version = podman.Version || v.Version || 'unknown';
    return {
      name: PODMAN,
      version,
      // Podman builds with Buildah: it serves the classic build endpoint, not BuildKit's session (`POST /session`
      // answers 404), so every `version: '2'` build fails before its first step.
      noBuildkit: `Podman ${version} has no BuildKit (it builds with Buildah; POST /session answers 404)`,
    };
  }
  return { name: 'Docker Engine', version: v.Version || 'unknown', noBuildkit: null };
}

/** `Podman` or `Docker`, for reports, from the environment's engine name (absent in older records: Docker). */
export function engineProduct(engineName: string | undefined): 'Docker' | 'Podman' {
  return engineName === PODMAN ? 'Podman' : 'Docker';
}
