/** The anatomy metrics of one built image: wasted space (as dive counts it) and attack surface, as rows and report fields. */
import { analyzeImage } from '../anatomy/analyze-image.js';
import type { Engine } from '../engine/engine.js';
import { M } from '../metrics/catalogue.js';
import type { ImageAnatomy, LayerReport } from '../types.js';

/** Each anatomy metric's value, by metric name. */
function anatomyValues(a: ImageAnatomy): Record<string, number> {
  return {
    [M.wastedBytes]: a.wastedBytes,
    [M.userWastedBytes]: a.userWastedBytes,
    [M.efficiency]: a.efficiency,
    [M.executables]: a.executables,
    [M.setuidFiles]: a.setuidFiles.length,
    [M.hasShell]: a.shells.length > 0 ? 1 : 0,
    [M.hasPackageManager]: a.packageManagers.length > 0 ? 1 : 0,
  };
}

/** Export the image once and read its layers; the layer breakdown comes from its history. */
export async function measureAnatomy(
  engine: Engine,
  image: string,
  base: string,
  signal: AbortSignal,
): Promise<{ anatomy: ImageAnatomy; layers: LayerReport[]; values: Record<string, number>; contentKey: string }> {
  const { anatomy, layers, contentKey } = await analyzeImage(engine, image, { baseRef: base, signal });
  return { anatomy, layers, values: anatomyValues(anatomy), contentKey };
}
