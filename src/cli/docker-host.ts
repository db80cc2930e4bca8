/** DOCKER_HOST is checked before the engine is contacted, so a typo fails in milliseconds with a precise message. */

const SCHEMES = ['unix:', 'tcp:', 'ssh:', 'npipe:', 'http:', 'https:'];

/** A one-line problem with DOCKER_HOST, or null when it is unset or well-formed. */
export function dockerHostProblem(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const fix = 'expected e.g. unix:///var/run/docker.sock or tcp://127.0.0.1:2375; fix or unset DOCKER_HOST';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `DOCKER_HOST "${value}" is not a URL; ${fix}`;
  }
  if (!SCHEMES.includes(url.protocol)) return `DOCKER_HOST "${value}" has unsupported scheme "${url.protocol}"; ${fix}`;
  if (url.protocol === 'unix:' && !url.pathname) return `DOCKER_HOST "${value}" names no socket path; ${fix}`;
  if ((url.protocol === 'tcp:' || url.protocol === 'ssh:') && !url.hostname)
    return `DOCKER_HOST "${value}" names no host; ${fix}`;
  return null;
}
