/** The anatomy metrics of one built image: wasted space (as dive counts it) and attack surface, as rows and report fields. */
import { analyzeImage } from '../anatomy/analyze-image.js';
import type { Engine } from '../engine/engine.js';
import type { ImageAnatomy, LayerReport } from '../types.js';

/** Metrics of the `anatomy` group, with units; `flag` is 1 for yes and 0 for no. */
export const ANATOMY_METRICS: [string, string][] = [
  ['wasted_bytes', 'bytes'],
  ['user_wasted_bytes', 'bytes'],
  ['efficiency', 'ratio'],
  ['executables', 'count'],
  ['setuid_files', 'count'],
  ['has_shell', 'flag'],
  ['has_package_manager', 'flag'],
];

/** Each anatomy metric's value, in ANATOMY_METRICS order. */
export function anatomyValues(a: ImageAnatomy): Record<string, number> {
  return {
    wasted_bytes: a.wastedBytes,
    user_wasted_bytes: a.userWastedBytes,
    efficiency: a.efficiency,
    executables: a.executables,
    setuid_files: a.setuidFiles.length,
    has_shell: a.shells.length > 0 ? 1 : 0,
    has_package_manager: a.packageManagers.length > 0 ? 1 : 0,
  };
}

/** Export the image once and read its layers; the layer breakdown comes from its history. */
export async function measureAnatomy(
  engine: Engine,
  image: string,
  base: string,
  signal: AbortSignal,
): Promise<{ anatomy: ImageAnatomy; layers: LayerReport[]; values: Record<string, number> }> {
  const { anatomy, layers } = await analyzeImage(engine, image, { baseRef: base, signal });
  return { anatomy, layers, values: anatomyValues(anatomy) };
}
