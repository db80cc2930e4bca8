/** Builds `docker save` archives in memory, in each layout engines write (20.10, 25+, containerd store), for the anatomy tests. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** One member of a layer: a file of `size` zero bytes (or of `content`) unless another type is given. */
export interface Member {
  path: string;
  size?: number;
  content?: Buffer;
  mode?: number;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
}

/** Shorthands for members. */
export const dir = (path: string, mode = 0o755): Member => ({ path, type: 'directory', mode });
export const file = (path: string, size: number, mode = 0o644): Member => ({ path, size, mode });
/** A regular file holding `content`. */
export const withContent = (path: string, content: string | Buffer, mode = 0o644): Member => {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { path, size: bytes.length, mode, content: bytes };
};
export const symlink = (path: string, linkname: string): Member => ({ path, type: 'symlink', linkname, mode: 0o777 });
export const hardlink = (path: string, linkname: string, mode = 0o755): Member => ({
  path,
  type: 'link',
  linkname,
  mode,
});
/** Docker writes whiteouts as empty regular files. */
export const whiteout = (path: string): Member => {
  const slash = path.lastIndexOf('/');
  return file(`${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`, 0);
};
export const opaque = (dirPath: string): Member => file(`${dirPath}/.wh..wh..opq`, 0);

async function collect(pack: tar.Pack): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A layer tarball; paths are written relative, as docker does (`usr/bin/dash`). */
export async function layerTar(members: Member[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const m of members) {
    const name = m.path.replace(/^\/+/, '');
    const type = m.type ?? 'file';
    const header = { name, type, mode: m.mode ?? 0o644, linkname: m.linkname ?? '' };
    if (type === 'file') pack.entry({ ...header, size: m.size ?? 0 }, m.content ?? Buffer.alloc(m.size ?? 0));
    else pack.entry({ ...header, size: 0 });
  }
  pack.finalize();
  return collect(pack);
}

/** An archive of the given regular files, for malformed `docker save` streams. */
export async function archive(members: { name: string; content: string | Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const m of members) pack.entry({ name: m.name }, m.content);
  pack.finalize();
  return collect(pack);
}

/**
 * The archive layout: `legacy` is Docker 20.10's `<id>/layer.tar`; `oci` is Docker 25+ on a graph driver
 * (`blobs/sha256/<diffID>`, uncompressed); `gzip` and `zstd` are the containerd store's compressed blobs.
 */
export type Layout = 'legacy' | 'oci' | 'gzip' | 'zstd';

export interface SaveOptions {
  layout?: Layout;
  /** Put manifest.json before the layers (engine 20.10 writes it last). */
  manifestFirst?: boolean;
  /** Layer positions whose tarball is a symlink to the one at the given position instead (legacy layout). */
  linkedLayers?: Record<number, number>;
  /** Layer positions whose history says `docker import` made them. */
  imported?: number[];
  /** The created_by of each layer's step (default `RUN step <i> # buildkit`). */
  createdBy?: string[];
  /** Steps without a layer, inserted in the history after the layer at the given position (-1: before all). */
  emptySteps?: Record<number, string>;
  /** The config's `config` object (Entrypoint, User, Labels, …). */
  config?: Record<string, unknown>;
}

/** A config whose history has one step per layer (and the empty steps asked for). */
function configJson(layerCount: number, opts: SaveOptions): string {
  const history: object[] = [];
  const empty = (i: number) => {
    const createdBy = opts.emptySteps?.[i];
    if (createdBy !== undefined) history.push({ created_by: createdBy, empty_layer: true });
  };
  empty(-1);
  for (let i = 0; i < layerCount; i++) {
    history.push(
      opts.imported?.includes(i)
        ? { created_by: '', comment: 'Imported from -' }
        : { created_by: opts.createdBy?.[i] ?? `RUN step ${i} # buildkit`, comment: 'buildkit.dockerfile.v0' },
    );
    empty(i);
  }
  return JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    history,
    ...(opts.config ? { config: opts.config } : {}),
  });
}

/**
 * A zstd frame of raw (stored) blocks: valid zstd that any decoder reads, built without an encoder (Node 20 has
 * none). Frame header: no content size, a 1 MiB window; each block header is 3 bytes, little-endian.
 */
export function zstdStored(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50])];
  const max = 128 * 1024;
  let at = 0;
  do {
    const chunk = data.subarray(at, at + max);
    at += chunk.length;
    const last = at >= data.length ? 1 : 0;
    const header = (chunk.length << 3) | last;
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), chunk);
  } while (at < data.length);
  return Buffer.concat(parts);
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A `docker save` archive of one image with `layers` bottom first, stored in reverse order to test the ordering. */
export async function savedImage(layers: Member[][], opts: SaveOptions = {}): Promise<Buffer> {
  if (opts.layout && opts.layout !== 'legacy') return ociImage(layers, opts.layout, opts);
  const ids = layers.map((_, i) => `${String(i).padStart(2, '0')}${'ab'.repeat(31)}`);
  const manifest = JSON.stringify([
    { Config: 'config.json', RepoTags: ['test/image:1'], Layers: ids.map((id) => `${id}/layer.tar`) },
  ]);
  const pack = tar.pack();
  if (opts.manifestFirst) pack.entry({ name: 'manifest.json' }, manifest);
  for (let i = layers.length - 1; i >= 0; i--) {
    const id = ids[i] as string;
    pack.entry({ name: `${id}/`, type: 'directory', mode: 0o755 });
    pack.entry({ name: `${id}/VERSION` }, '1.0');
    const target = opts.linkedLayers?.[i];
    if (target !== undefined) {
      pack.entry({ name: `${id}/layer.tar`, type: 'symlink', linkname: `../${ids[target]}/layer.tar` });
    } else {
      pack.entry({ name: `${id}/layer.tar` }, await layerTar(layers[i] ?? []));
    }
  }
  pack.entry({ name: 'config.json' }, configJson(layers.length, opts));
  if (!opts.manifestFirst) pack.entry({ name: 'manifest.json' }, manifest);
  pack.finalize();
  return collect(pack);
}

/** What each layout's manifest calls its layers: Docker 25+ on a graph driver, and the containerd store's blobs. */
export const LAYER_MEDIA_TYPES = {
  oci: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
} as const;

/** The OCI layout Docker 25+ writes: blobs named by digest, index.json, oci-layout and manifest.json last. */
async function ociImage(layers: Member[][], layout: Exclude<Layout, 'legacy'>, opts: SaveOptions): Promise<Buffer> {
  const blobs = new Map<string, Buffer>();
  const add = (b: Buffer) => {
    const digest = sha(b);
    blobs.set(digest, b);
    return digest;
  };
  const layerDigests: string[] = [];
  for (const members of layers) {
    const plain = await layerTar(members);
    const stored = layout === 'gzip' ? gzipSync(plain) : layout === 'zstd' ? zstdStored(plain) : plain;
    layerDigests.push(add(stored));
  }
  const config = add(Buffer.from(configJson(layers.length, opts)));
  const ociManifest = add(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        config: { digest: `sha256:${config}` },
        layers: layerDigests.map((d) => ({ digest: `sha256:${d}`, mediaType: LAYER_MEDIA_TYPES[layout] })),
      }),
    ),
  );
  const manifest = JSON.stringify([
    {
      Config: `blobs/sha256/${config}`,
      RepoTags: ['test/image:1'],
      Layers: layerDigests.map((d) => `blobs/sha256/${d}`),
    },
  ]);
  const pack = tar.pack();
  if (opts.manifestFirst) pack.entry({ name: 'manifest.json' }, manifest);
  pack.entry({ name: 'blobs/', type: 'directory', mode: 0o755 });
  pack.entry({ name: 'blobs/sha256/', type: 'directory', mode: 0o755 });
  for (const [digest, content] of [...blobs].reverse()) pack.entry({ name: `blobs/sha256/${digest}` }, content);
  pack.entry(
    { name: 'index.json' },
    JSON.stringify({ schemaVersion: 2, manifests: [{ digest: `sha256:${ociManifest}` }] }),
  );
  pack.entry({ name: 'oci-layout' }, '{"imageLayoutVersion":"1.0.0"}');
  if (!opts.manifestFirst) pack.entry({ name: 'manifest.json' }, manifest);
  pack.finalize();
  return collect(pack);
}
