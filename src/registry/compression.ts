/**
 * The forms an image's layers can be pushed in (`--compression`): gzip as the engine pushes it, and the recompressed
 * forms. A form other than the default is named in the `params` column (`compression=zstd`), as a sweep value is,
 * so its rows sit beside the default's and the default's rows stay as they were. Pure.
 */

/** Every form, in the order reports list them: the engine's own first. */
export const COMPRESSIONS = ['gzip', 'gzip-9', 'zstd', 'zstd-19', 'none'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** The form the engine pushes itself; its rows carry no `compression=` and compare with earlier runs. */
export const DEFAULT_COMPRESSION: Compression = 'gzip';

/** The `params` key of a form. */
export const COMPRESSION_KEY = 'compression';

/** How a form is made: the algorithm and level skopeo is asked for; null for the engine's push and for `none`. */
export interface CompressionSpec {
  id: Compression;
  /** The layer compression algorithm; null: uncompressed tar. */
  algorithm: 'gzip' | 'zstd' | null;
  /** The level skopeo compresses at; null: the engine's own (gzip) or none. */
  level: number | null;
  /** What a person reads. */
  label: string;
}

/** The spec of every form. gzip's default level is 6 (Go's compress/gzip, which the engine uses); zstd's is 3. */
export const COMPRESSION_SPECS: Record<Compression, CompressionSpec> = {
  gzip: { id: 'gzip', algorithm: 'gzip', level: null, label: 'gzip as the engine pushes it' },
  'gzip-9': { id: 'gzip-9', algorithm: 'gzip', level: 9, label: 'gzip level 9' },
  zstd: { id: 'zstd', algorithm: 'zstd', level: 3, label: 'zstd level 3' },
  'zstd-19': { id: 'zstd-19', algorithm: 'zstd', level: 19, label: 'zstd level 19' },
  none: { id: 'none', algorithm: null, level: null, label: 'uncompressed tar' },
};

/** The algorithm a layer media type names: gzip, zstd, none (a plain tar), or null for one this harness does not know. */
export function layerAlgorithm(mediaType: string): 'gzip' | 'zstd' | 'none' | null {
  if (/tar[.+]gzip$/.test(mediaType)) return 'gzip';
  if (/tar[.+]zstd$/.test(mediaType)) return 'zstd';
  if (/(\.|^application\/vnd\.oci\.image\.layer\.v1\.)tar$/.test(mediaType)) return 'none';
  return null;
}

/** The algorithm a form's layers must say in the registry's manifest. */
export function expectedAlgorithm(c: Compression): 'gzip' | 'zstd' | 'none' {
  return COMPRESSION_SPECS[c].algorithm ?? 'none';
}

/** `--compression` values: the forms, or one-line problems naming the bad value and the closest form. */
export function parseCompressions(
  raw: string,
  suggest: (name: string, known: readonly string[]) => string,
): { compressions: Compression[]; problems: string[] } {
  const values = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const problems: string[] = [];
  const compressions: Compression[] = [];
  for (const v of values) {
    if (!(COMPRESSIONS as readonly string[]).includes(v)) {
      problems.push(
        `--compression: "${v}" is not a compression; accepted: ${COMPRESSIONS.join(', ')}${suggest(v, COMPRESSIONS)}`,
      );
    } else if (compressions.includes(v as Compression))
      problems.push(`--compression lists "${v}" twice; give each once`);
    else compressions.push(v as Compression);
  }
  if (values.length === 0) problems.push(`--compression is empty; accepted: ${COMPRESSIONS.join(', ')}`);
  // Reports list the forms in one order whatever order they were given in.
  compressions.sort((a, b) => COMPRESSIONS.indexOf(a) - COMPRESSIONS.indexOf(b));
  return { compressions, problems };
}

/** `params` of a row of form `c`: the variant's own, plus `compression=<c>` unless it is the default, keys sorted. */
export function withCompression(params: string, c: Compression): string {
  if (c === DEFAULT_COMPRESSION) return params;
  const parts = params ? params.split(';') : [];
  return [...parts, `${COMPRESSION_KEY}=${c}`].sort().join(';');
}

/** The form a row's `params` names (the default when it names none). */
export function compressionOf(params: string): Compression {
  const hit = params
    .split(';')
    .find((p) => p.startsWith(`${COMPRESSION_KEY}=`))
    ?.slice(COMPRESSION_KEY.length + 1);
  return (COMPRESSIONS as readonly string[]).includes(hit ?? '') ? (hit as Compression) : DEFAULT_COMPRESSION;
}

/** A row's `params` without its form: the variant's own sweep point, as its record names it. */
export function withoutCompression(params: string): string {
  return params
    .split(';')
    .filter((p) => p && !p.startsWith(`${COMPRESSION_KEY}=`))
    .join(';');
}
