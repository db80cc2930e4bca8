/**
 * Reads a `docker save` stream into per-layer facts, oldest layer first, without buffering layer contents. Every
 * export format is read: Docker 20.10's `<id>/layer.tar`, the OCI layout of Docker 25 and later
 * (`blobs/sha256/<digest>`, no `.tar` name), and the compressed blobs of the containerd image store. Layers are
 * recognised by their first bytes, since an OCI blob's name says nothing about what it holds.
 */
import { createHash } from 'node:crypto';
import path from 'node:path/posix';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { captureFor } from './file-capture.js';
import { addHeader, emptyLayer, type LayerFiles, normalisePath } from './layer-files.js';
import { type LayerFormat, openLayer, peek } from './layer-stream.js';

/** Cap for members that are not layers (manifest.json, index.json, the config: a few kilobytes), bytes. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** One member of an archive as tar-stream yields it (its `Source` type is not exported). */
type Entry = tar.Extract extends AsyncIterable<infer S> ? S : never;

/**
 * The comment an import gives the history entry of the layer it creates: Docker's `docker import` (`fromSrc=-`)
 * writes "Imported from -", Podman's "imported from tarball". Compared without case.
 */
const IMPORTED = 'imported from ';

/** One layer of a saved image: its files, how the archive stored it, and whether `docker import` created it. */
export interface SavedLayer extends LayerFiles {
  /** Path of the layer's member in the archive, e.g. `blobs/sha256/ab12…` or `ab12…/layer.tar`. */
  member: string;
  /** How the archive stored the layer: plain tar, gzip or zstd. */
  format: LayerFormat;
  /** The image's config says `docker import` made this layer (its history comment is "Imported from …"). */
  imported: boolean;
  /**
   * The layer's media type as the export's OCI manifest states it (`application/vnd.oci.image.layer.v1.tar+gzip`);
   * null when the export has no OCI manifest (Docker 20.10's layout) or it does not list the layer.
   */
  mediaType: string | null;
}

/** One entry of the image config's history, oldest first. */
export interface ConfigStep {
  createdBy: string;
  comment: string;
  /** The step changed no files, so no layer belongs to it. */
  emptyLayer: boolean;
}

/**
 * How the image runs, from its config: what a container of it starts with. Labels are left out: they name the run
 * and the variant, not what the image does.
 */
export interface RuntimeConfig {
  entrypoint: string[] | null;
  cmd: string[] | null;
  user: string;
  env: string[];
  workingDir: string;
  exposedPorts: string[];
}

/** What a `docker save` export says about its one image: the layers bottom first, the history they came from, and how it runs. */
export interface SavedImage {
  layers: SavedLayer[];
  steps: ConfigStep[];
  runtime: RuntimeConfig;
}

interface ManifestItem {
  Config?: unknown;
  Layers?: unknown;
}

interface ConfigHistory {
  created_by?: unknown;
  comment?: unknown;
  empty_layer?: unknown;
}

async function readText(entry: AsyncIterable<Buffer>, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const c of entry) {
    bytes += c.length;
    if (bytes > MAX_JSON_BYTES) throw new Error(`${name} is larger than ${MAX_JSON_BYTES} bytes and is not a layer`);
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Walk one layer tarball: its headers, each regular file's content digest as the content passes, and the few
 * contents the packages are read from (captureFor).
 */
async function readLayer(stream: Readable): Promise<LayerFiles> {
  const layer = emptyLayer();
  const inner = tar.extract();
  stream.on('error', (err) => inner.destroy(err));
  stream.pipe(inner);
  for await (const file of inner) {
    const type = file.header.type;
    if (type === 'file' || type === 'contiguous-file') {
      // Events, not an async iterator per entry: an image holds tens of thousands of files.
      const hash = createHash('sha256');
      const sink = captureFor(normalisePath(file.header.name), file.header);
      await new Promise<void>((resolve, reject) => {
        file.on('data', (chunk) => {
          hash.update(chunk as Buffer);
          sink?.push(chunk as Buffer);
        });
        file.once('end', resolve);
        file.once('error', reject);
      });
      addHeader(layer, file.header, hash.digest('hex'), sink?.end() ?? null);
    } else {
      addHeader(layer, file.header);
      file.resume();
    }
  }
  return layer;
}

/** The config path and layer paths of the one image in manifest.json, bottom layer first. */
function manifestLayers(text: string): { config: string | null; layers: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`manifest.json is not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length !== 1) {
    throw new Error(
      `manifest.json should describe exactly one image, found ${Array.isArray(parsed) ? parsed.length : 0}`,
    );
  }
  const item = parsed[0] as ManifestItem;
  const layers = item.Layers;
  if (!Array.isArray(layers) || !layers.every((l) => typeof l === 'string')) {
    throw new Error('manifest.json has no Layers list of strings');
  }
  const config = typeof item.Config === 'string' ? path.normalize(item.Config) : null;
  return { config, layers: layers.map((l) => path.normalize(l)) };
}

const strings = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;

/** The history of an image config, oldest first, and how the image runs. */
function configFacts(configText: string): { steps: ConfigStep[]; runtime: RuntimeConfig } {
  let parsed: { history?: unknown; config?: Record<string, unknown> | null };
  try {
    parsed = JSON.parse(configText) as typeof parsed;
  } catch (err) {
    throw new Error(`the image config is not JSON: ${(err as Error).message}`);
  }
  const history = parsed.history;
  const steps = (Array.isArray(history) ? (history as ConfigHistory[]) : []).map((h) => ({
    createdBy: typeof h.created_by === 'string' ? h.created_by : '',
    comment: typeof h.comment === 'string' ? h.comment : '',
    emptyLayer: h.empty_layer === true,
  }));
  const c = parsed.config ?? {};
  const runtime: RuntimeConfig = {
    entrypoint: strings(c.Entrypoint),
    cmd: strings(c.Cmd),
    user: typeof c.User === 'string' ? c.User : '',
    env: strings(c.Env) ?? [],
    workingDir: typeof c.WorkingDir === 'string' ? c.WorkingDir : '',
    exposedPorts: Object.keys((c.ExposedPorts as object | null) ?? {}).sort(),
  };
  return { steps, runtime };
}

/**
 * Which layers `docker import` created: each history step that is not `emptyLayer` owns the next layer, bottom
 * first. A history that does not match the layers cannot say, and is refused.
 */
export function importedLayers(steps: ConfigStep[], layerCount: number): boolean[] {
  const owners = steps.filter((h) => !h.emptyLayer);
  if (owners.length !== layerCount) {
    throw new Error(
      `the image config's history has ${owners.length} steps with a layer, the manifest lists ${layerCount} layers`,
    );
  }
  return owners.map((h) => h.comment.toLowerCase().startsWith(IMPORTED));
}

/** Per-layer facts from a `docker save` tar stream of one image, ordered as manifest.json lists the layers. */
export async function readSavedImage(stream: NodeJS.ReadableStream): Promise<SavedImage> {
  const outer = tar.extract();
  const source = stream as unknown as Readable;
  source.on('error', (err) => outer.destroy(err));
  source.pipe(outer);
  // manifest.json may come after the layers, so members are kept by path and put in order at the end.
  const found: Found = { layers: new Map(), data: new Map(), aliases: new Map() };
  try {
    await walkArchive(outer, found);
  } catch (err) {
    // Frees the engine's connection: nobody reads the rest of the export.
    source.destroy();
    throw err;
  }
  const manifestText = found.data.get('manifest.json');
  if (manifestText === undefined) throw new Error('the archive has no manifest.json');
  const manifest = manifestLayers(manifestText);
  const resolve = (name: string) => found.aliases.get(name) ?? name;
  const configText = manifest.config === null ? undefined : found.data.get(resolve(manifest.config));
  if (configText === undefined) throw new Error(`the archive does not hold the image config ${manifest.config}`);
  const { steps, runtime } = configFacts(configText);
  const imported = importedLayers(steps, manifest.layers.length);
  const mediaTypes = layerMediaTypes(found.data.values());
  const layers = manifest.layers.map((name, i) => {
    const layer = found.layers.get(name) ?? found.layers.get(resolve(name));
    if (!layer) {
      const what = found.data.has(resolve(name)) ? ', except as data that is no layer archive' : '';
      throw new Error(`manifest.json lists layer ${name}, which the archive does not hold${what}`);
    }
    const digest = /^blobs\/(\w+)\/([0-9a-f]+)$/.exec(resolve(name));
    const mediaType = digest ? (mediaTypes.get(`${digest[1]}:${digest[2]}`) ?? null) : null;
    return { ...layer, imported: imported[i] ?? false, mediaType };
  });
  return { layers, steps, runtime };
}

/**
 * Layer digest → media type, from every OCI image manifest in the export (an index may nest them, so each JSON
 * member with a `layers` list of descriptors is one).
 */
export function layerMediaTypes(members: Iterable<string>): Map<string, string> {
  const types = new Map<string, string>();
  for (const text of members) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      continue;
    }
    const layers = (parsed as { layers?: unknown } | null)?.layers;
    if (!Array.isArray(layers)) continue;
    for (const d of layers as { digest?: unknown; mediaType?: unknown }[])
      if (typeof d?.digest === 'string' && typeof d.mediaType === 'string') types.set(d.digest, d.mediaType);
  }
  return types;
}

interface Found {
  layers: Map<string, Omit<SavedLayer, 'imported' | 'mediaType'>>;
  /** Members that are not layers (JSON), by path. */
  data: Map<string, string>;
  /** Symlinked members (a layer shared by two positions is stored once): path → target path. */
  aliases: Map<string, string>;
}

async function walkArchive(outer: tar.Extract, found: Found): Promise<void> {
  for await (const entry of outer as AsyncIterable<Entry>) {
    const name = path.normalize(entry.header.name);
    if (entry.header.type === 'symlink') {
      found.aliases.set(name, path.join(path.dirname(name), entry.header.linkname ?? ''));
      entry.resume();
      continue;
    }
    if (entry.header.type !== 'file' && entry.header.type !== 'contiguous-file') {
      entry.resume();
      continue;
    }
    const { kind, stream } = await peek(entry as AsyncIterable<Buffer>);
    if (kind === 'data') {
      found.data.set(name, await readText(stream, name));
    } else {
      const files = await readLayer(openLayer(stream, kind));
      found.layers.set(name, { ...files, member: name, format: kind });
    }
  }
}
