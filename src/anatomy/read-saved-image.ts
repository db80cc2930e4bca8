/** Reads a `docker save` stream into per-layer facts, oldest layer first, without buffering layer contents. */
import path from 'node:path/posix';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { addHeader, emptyLayer, type LayerFiles } from './layer-files.js';

/** Cap for JSON members of the archive (manifest.json is a few hundred bytes), bytes. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** One member of an archive as tar-stream yields it (its `Source` type is not exported). */
type Entry = tar.Extract extends AsyncIterable<infer S> ? S : never;

interface ManifestItem {
  Layers?: unknown;
}

async function readText(entry: Entry, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const c of entry) {
    bytes += (c as Buffer).length;
    if (bytes > MAX_JSON_BYTES) throw new Error(`${name} is larger than ${MAX_JSON_BYTES} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Walk one layer tarball: headers only, contents drained as they pass. */
async function readLayer(entry: Entry): Promise<LayerFiles> {
  const layer = emptyLayer();
  const inner = tar.extract();
  entry.on('error', (err) => inner.destroy(err));
  entry.pipe(inner);
  for await (const file of inner) {
    addHeader(layer, file.header);
    file.resume();
  }
  return layer;
}

/** The layer paths of the one image in manifest.json, bottom layer first. */
export function manifestLayers(text: string): string[] {
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
  const layers = (parsed[0] as ManifestItem).Layers;
  if (!Array.isArray(layers) || !layers.every((l) => typeof l === 'string')) {
    throw new Error('manifest.json has no Layers list of strings');
  }
  return layers.map((l) => path.normalize(l));
}

/** Per-layer facts from a `docker save` tar stream of one image, ordered as manifest.json lists the layers. */
export async function readSavedImage(stream: NodeJS.ReadableStream): Promise<LayerFiles[]> {
  const outer = tar.extract();
  const source = stream as unknown as Readable;
  source.on('error', (err) => outer.destroy(err));
  source.pipe(outer);
  // manifest.json may come after the layers, so facts are keyed by the layer's path and ordered at the end.
  const byPath = new Map<string, LayerFiles>();
  const aliases = new Map<string, string>();
  let manifest: string[] | null = null;
  try {
    manifest = await walkArchive(outer, byPath, aliases);
  } catch (err) {
    // Frees the engine's connection: nobody reads the rest of the export.
    source.destroy();
    throw err;
  }
  if (!manifest) throw new Error('the archive has no manifest.json');
  return manifest.map((name) => {
    const layer = byPath.get(name) ?? byPath.get(aliases.get(name) ?? '');
    if (!layer) throw new Error(`manifest.json lists layer ${name}, which the archive does not hold`);
    return layer;
  });
}

async function walkArchive(
  outer: tar.Extract,
  byPath: Map<string, LayerFiles>,
  aliases: Map<string, string>,
): Promise<string[] | null> {
  let manifest: string[] | null = null;
  for await (const entry of outer) {
    const name = path.normalize(entry.header.name);
    if (name === 'manifest.json') {
      manifest = manifestLayers(await readText(entry, name));
    } else if (name.endsWith('.tar') && entry.header.type === 'file') {
      byPath.set(name, await readLayer(entry));
    } else if (name.endsWith('.tar') && entry.header.type === 'symlink') {
      // Newer engines store a layer shared by two positions once and link the second to it.
      aliases.set(name, path.join(path.dirname(name), entry.header.linkname ?? ''));
      entry.resume();
    } else {
      entry.resume();
    }
  }
  return manifest;
}
