/**
 * The forms of one image in the harness's registry (`--compression`): the engine pushed it as gzip; skopeo makes the
 * others from it. Its layers are first decompressed into a `dir:` layout, then each form is compressed from those
 * plain layers and pushed to a repository of its own (`imagediet/<variant>/<form>`), so no form can borrow another's
 * blobs. An uncompressed form is skopeo's decompressed layout uploaded as it is: skopeo compresses every layer it
 * pushes to a registry, with no way to turn that off. Each form is checked against the registry's own manifest.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { releaseOnDispose } from '../disposable.js';
import { type CleanupNote, oneLine } from '../errors.js';
import { COMPRESSION_SPECS, type Compression, expectedAlgorithm, layerAlgorithm } from '../registry/compression.js';
import { compressedSize, type ImageManifest } from '../registry/manifest.js';
import type { PullTiming } from '../registry/pull-timing.js';
import { deleteImage, fetchManifest, putManifest, uploadBlob } from '../registry/registry-client.js';
import type { Skopeo } from './skopeo.js';

/** One form of an image in the registry, ready to be pulled again and again; disposing it deletes its manifest. */
export interface ImageForm extends AsyncDisposable {
  compression: Compression;
  repo: string;
  tag: string;
  /** Manifest digest, `sha256:…`. */
  digest: string;
  /** The registry's manifest: its media type, and each layer's media type, digest and bytes. */
  manifest: ImageManifest;
  /** Σ layer bytes in the manifest: what a pull of this form downloads. */
  image_size_compressed: number;
  /** Wall time to produce and push the form, ms: the engine's push for gzip, one skopeo copy (or the upload) else. */
  pushMs: number;
  /** How the form was made and timed, for the rows' notes. */
  how: string;
}

/** How long deleting a manifest may take, ms. */
const DELETE_MS = 10_000;
/** How long one skopeo copy may take, ms: zstd level 19 of ubuntu's 890 MB on a busy 2-core machine is minutes. */
const COPY_MS = 30 * 60_000;

/** The engine's own gzip push as a form. */
export function engineForm(timing: PullTiming): ImageForm {
  return {
    compression: 'gzip',
    repo: timing.repo,
    tag: timing.tag,
    digest: timing.digest,
    manifest: timing.manifest,
    image_size_compressed: timing.image_size_compressed,
    pushMs: timing.pushMs,
    how: "the engine's own push (tag and push, its gzip)",
    // The source image is disposed with the rest of the run's pushes.
    [Symbol.asyncDispose]: async () => {},
  };
}

/** A form or why it could not be made. */
export type FormOutcome = { ok: true; form: ImageForm } | { ok: false; compression: Compression; error: string };

/**
 * Make and push `forms` (none of them the engine's gzip) of the image `source` names on registry `host`. A form that
 * fails is returned as an error and the others go on; if the source cannot be read, every form fails with that.
 */
export async function pushForms(
  source: Pick<PullTiming, 'repo' | 'tag'>,
  host: string,
  forms: readonly Compression[],
  opts: { skopeo: Skopeo; skopeoLabel: string; signal?: AbortSignal; note?: CleanupNote; tmpDir?: string },
): Promise<FormOutcome[]> {
  if (forms.length === 0) return [];
  const dir = await mkdtemp(path.join(opts.tmpDir ?? os.tmpdir(), 'imagediet-forms-'));
  try {
    try {
      await opts.skopeo(
        [
          'copy',
          '--quiet',
          '--src-tls-verify=false',
          '--dest-decompress',
          `docker://${host}/${source.repo}:${source.tag}`,
          'dir:/xfer/plain',
        ],
        { dir, timeoutMs: COPY_MS },
      );
    } catch (err) {
      opts.signal?.throwIfAborted();
      const why = `decompress ${source.repo}:${source.tag} with skopeo: ${oneLine(err)}`;
      return forms.map((c) => ({ ok: false, compression: c, error: why }));
    }
    const out: FormOutcome[] = [];
    for (const c of forms) {
      opts.signal?.throwIfAborted();
      try {
        out.push({ ok: true, form: await pushForm(source, host, c, dir, opts) });
      } catch (err) {
        opts.signal?.throwIfAborted();
        out.push({ ok: false, compression: c, error: oneLine(err) });
      }
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One form from the decompressed layout in `dir`/plain, pushed and checked against the registry's manifest. */
async function pushForm(
  source: Pick<PullTiming, 'repo' | 'tag'>,
  host: string,
  c: Compression,
  dir: string,
  opts: { skopeo: Skopeo; skopeoLabel: string; signal?: AbortSignal; note?: CleanupNote },
): Promise<ImageForm> {
  const spec = COMPRESSION_SPECS[c];
  const repo = `${source.repo}/${c}`;
  const { tag } = source;
  let how: string;
  const t0 = performance.now();
  if (spec.algorithm === null) {
    await uploadLayout(host, repo, tag, path.join(dir, 'plain'), opts.signal);
    how = `${opts.skopeoLabel} decompressed the layers (dir: --dest-decompress, untimed); timed: their upload as they are`;
  } else {
    await opts.skopeo(
      [
        'copy',
        '--quiet',
        '--dest-tls-verify=false',
        '--dest-compress-format',
        spec.algorithm,
        '--dest-compress-level',
        String(spec.level),
        'dir:/xfer/plain',
        `docker://${host}/${repo}:${tag}`,
      ],
      { dir, timeoutMs: COPY_MS },
    );
    how = `${opts.skopeoLabel} copy --dest-compress-format ${spec.algorithm} --dest-compress-level ${spec.level} from the decompressed layers; timed: that copy, process start included`;
  }
  const pushMs = performance.now() - t0;
  const so = opts.signal ? { signal: opts.signal } : {};
  const { manifest, digest } = await fetchManifest(host, repo, tag, so);
  const dispose = () => deleteImage(host, repo, digest, AbortSignal.timeout(DELETE_MS));
  const want = expectedAlgorithm(c);
  const wrong = manifest.layers.find((l) => layerAlgorithm(l.mediaType) !== want);
  if (wrong) {
    await dispose().catch(() => {});
    throw new Error(
      `the registry's manifest of ${repo}:${tag} has a layer of type ${wrong.mediaType} where ${want} was asked`,
    );
  }
  return {
    compression: c,
    repo,
    tag,
    digest,
    manifest,
    image_size_compressed: compressedSize(manifest),
    pushMs,
    how,
    ...releaseOnDispose(`delete ${host}/${repo}:${tag} from the registry`, dispose, opts.note),
  };
}

/** Upload a `dir:` layout (manifest.json and one file per blob, named by its hex digest) to `repo:tag`. */
async function uploadLayout(host: string, repo: string, tag: string, dir: string, signal?: AbortSignal) {
  const body = await readFile(path.join(dir, 'manifest.json'));
  const doc = JSON.parse(body.toString('utf8')) as {
    mediaType?: string;
    config: { digest: string };
    layers: { digest: string }[];
  };
  if (!doc.mediaType) throw new Error(`${dir}/manifest.json names no media type`);
  for (const d of [doc.config, ...doc.layers]) {
    const hex = d.digest.replace(/^sha256:/, '');
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${dir}/manifest.json: "${d.digest}" is not a sha256 digest`);
    await uploadBlob(host, repo, d.digest, path.join(dir, hex), signal);
  }
  await putManifest(host, repo, tag, body, doc.mediaType, signal);
}
