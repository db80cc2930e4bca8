/** Registry manifests (OCI and Docker v2): media types, parsing, platform choice and sizes. Pure. */

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** Without this, registry 2.8 converts to schema 1 when a client does not list the OCI and v2 manifest types in Accept. */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

/** A content descriptor: what to fetch, how big it is, how to check it. */
export interface Descriptor {
  mediaType: string;
  /** `sha256:…` */
  digest: string;
  /** Bytes as stored (compressed for layers). */
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/** A single-platform image manifest. */
export interface ImageManifest {
  kind: 'image';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

/** An OCI index or Docker manifest list. */
export interface ManifestIndex {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
}

function isDescriptor(d: unknown): d is Descriptor {
  const x = d as Descriptor;
  return typeof x?.digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(x.digest) && Number.isSafeInteger(x.size);
}

/**
 * Parse a manifest answer. `contentType` is the response header; the body's own `mediaType` wins when present
 * (OCI manifests may omit it). Throws naming what is wrong.
 */
export function parseManifest(body: string, contentType: string): ImageManifest | ManifestIndex {
  let doc: { mediaType?: string; schemaVersion?: number; manifests?: unknown[]; config?: unknown; layers?: unknown[] };
  try {
    doc = JSON.parse(body) as typeof doc;
  } catch {
    throw new Error(`manifest is not JSON (content type ${contentType || 'none'})`);
  }
  const mediaType = doc.mediaType ?? contentType.split(';')[0]?.trim() ?? '';
  if (doc.schemaVersion === 1 || mediaType === MEDIA.dockerSchema1) {
    throw new Error('the registry answered a schema 1 manifest: it ignored the Accept header');
  }
  if (Array.isArray(doc.manifests)) {
    if (!doc.manifests.every(isDescriptor)) throw new Error('manifest index has an invalid entry');
    return { kind: 'index', mediaType, manifests: doc.manifests };
  }
  if (!isDescriptor(doc.config) || !Array.isArray(doc.layers) || !doc.layers.every(isDescriptor)) {
    throw new Error(`manifest of type "${mediaType}" has no valid config and layers`);
  }
  return { kind: 'image', mediaType, config: doc.config, layers: doc.layers };
}

/** Node's `process.arch` in OCI platform terms. */
export function hostArchitecture(arch: string = process.arch): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le' };
  return map[arch] ?? arch;
}

/** The index entry for linux/`architecture`; throws listing the platforms on offer. */
export function pickPlatform(index: ManifestIndex, architecture: string = hostArchitecture()): Descriptor {
  const match = index.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === architecture);
  if (match) return match;
  const offered = index.manifests.map((m) => `${m.platform?.os ?? '?'}/${m.platform?.architecture ?? '?'}`);
  throw new Error(`manifest index has no linux/${architecture} entry (offers ${offered.join(', ') || 'nothing'})`);
}

/** Compressed image size, bytes: Σ layers[].size, what a pull downloads (config excluded). */
export function compressedSize(manifest: ImageManifest): number {
  return manifest.layers.reduce((sum, l) => sum + l.size, 0);
}

/** How a layer blob is compressed, from its media type. */
export function layerCompression(mediaType: string): 'gzip' | 'none' | 'unsupported' {
  if (/tar[.+]gzip$/.test(mediaType)) return 'gzip';
  if (/(\.tar|tar)$/.test(mediaType) && !/zstd/.test(mediaType)) return 'none';
  return 'unsupported';
}
