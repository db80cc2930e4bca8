/** Where a variant's SBOM goes in the output folder. */
import type { VariantRecord } from '../types.js';

/** The folder, under the output folder, that holds one SBOM per image. */
export const SBOM_DIR = 'sbom';
/** The extension CycloneDX tools recognise as a CycloneDX JSON document. */
export const SBOM_EXTENSION = '.cdx.json';

/**
 * `sbom/<variant>[-params].cdx.json`, the params spelled as in the image tag (`goVersion=1.22` → `-goVersion-1.22`),
 * so a sweep's points get a file each; `.cdx.json` is the extension CycloneDX tools recognise.
 */
export function sbomFileName(record: Pick<VariantRecord, 'variant' | 'params'>): string {
  const suffix = record.params ? `-${record.params.replace(/[^A-Za-z0-9_.-]+/g, '-')}` : '';
  return `${SBOM_DIR}/${record.variant}${suffix}${SBOM_EXTENSION}`;
}
