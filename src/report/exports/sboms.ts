/** The SBOM files of a run: one per image whose layers were read, each named by sbomFileName. */
import { hasSbom, renderSbom } from '../../sbom/render-sbom.js';
import { sbomFileName } from '../../sbom/sbom-file-name.js';
import type { RunView } from '../view/run-view.js';

/**
 * `[file, CycloneDX JSON]` per variant (and sweep point) with package facts. A run measured before imagediet recorded
 * its version names the tool without one, rather than with today's version.
 */
export function renderSboms(view: RunView): [string, string][] {
  const { result } = view;
  const run = { runId: result.runId, startedAt: result.startedAt, toolVersion: result.toolVersion ?? null };
  return result.variants.filter(hasSbom).map((record) => [sbomFileName(record), renderSbom(record, run)]);
}
