/**
 * The anatomy metrics of one built image: wasted space (as dive counts it), attack surface and packages, as rows and
 * report fields; and the user's vulnerability scanner, run on the same image when there is one.
 */
import { analyzeImage, type ImageAnalysis } from '../anatomy/analyze-image.js';
import type { Engine } from '../engine/engine.js';
import { oneLine } from '../errors.js';
import { NO_SCANNER, type Scanner, scanImage } from '../measure/vulnerability-scan.js';
import { M } from '../metrics/catalogue.js';
import type { VulnerabilityScan } from '../types.js';

/** Each anatomy metric's value, by metric name (vulnerabilities are the scanner's: scanVulnerabilities). */
function anatomyValues({ anatomy: a, packages }: ImageAnalysis): Record<string, number> {
  return {
    [M.wastedBytes]: a.wastedBytes,
    [M.userWastedBytes]: a.userWastedBytes,
    [M.efficiency]: a.efficiency,
    [M.executables]: a.executables,
    [M.setuidFiles]: a.setuidFiles.length,
    [M.hasShell]: a.shells.length > 0 ? 1 : 0,
    [M.hasPackageManager]: a.packageManagers.length > 0 ? 1 : 0,
    [M.packages]: packages.os.length,
  };
}

/** Export the image once and read its layers; the layer breakdown comes from its history. */
export async function measureAnatomy(
  engine: Engine,
  image: string,
  base: string,
  signal: AbortSignal,
): Promise<ImageAnalysis & { values: Record<string, number> }> {
  const analysis = await analyzeImage(engine, image, { baseRef: base, signal });
  return { ...analysis, values: anatomyValues(analysis) };
}

/** The scanner's counts for `image`; why there are none when no scanner is on PATH or it gave no report. */
export async function scanVulnerabilities(
  scanner: Scanner | null | undefined,
  image: string,
  signal: AbortSignal,
): Promise<VulnerabilityScan> {
  if (!scanner) return { skipped: NO_SCANNER };
  try {
    return await scanImage(scanner, image, signal);
  } catch (err) {
    if (signal.aborted) throw err;
    return { failed: `${scanner.name}: ${oneLine(err)}` };
  }
}
