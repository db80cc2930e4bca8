/** Builds `docker save` archives in memory, shaped as engine 20.10 writes them, for the anatomy tests. */
import tar from 'tar-stream';

/** One member of a layer: a file of `size` zero bytes unless another type is given. */
export interface Member {
  path: string;
  size?: number;
  mode?: number;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
}

/** Shorthands for members. */
export const dir = (path: string, mode = 0o755): Member => ({ path, type: 'directory', mode });
export const file = (path: string, size: number, mode = 0o644): Member => ({ path, size, mode });
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
    if (type === 'file') pack.entry({ ...header, size: m.size ?? 0 }, Buffer.alloc(m.size ?? 0));
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

export interface SaveOptions {
  /** Put manifest.json before the layers (engine 20.10 writes it last). */
  manifestFirst?: boolean;
  /** Layer positions whose tarball is a symlink to the one at the given position instead. */
  linkedLayers?: Record<number, number>;
}

/** A `docker save` archive of one image with `layers` bottom first, stored in reverse order to test the ordering. */
export async function savedImage(layers: Member[][], opts: SaveOptions = {}): Promise<Buffer> {
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
  pack.entry({ name: 'config.json' }, '{}');
  if (!opts.manifestFirst) pack.entry({ name: 'manifest.json' }, manifest);
  pack.finalize();
  return collect(pack);
}
