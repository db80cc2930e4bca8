/**
 * scripts/soci-node.sh (the lazy-pulling node of the README's "Lazy pulling") refuses a name or a home it could not
 * have made before it touches anything: its `down` deletes $home/engines/NAME. Run with engine.sh's throwaway home
 * full of decoys and a PATH without ip, nsenter or mmdebstrap: no node is needed or started.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EngineHome, engineHome, expectRefused, runSh, type ShResult } from './engine-home.js';

const SOCI_NODE_SH = path.resolve(import.meta.dirname, '../../../scripts/soci-node.sh');

function sociNodeSh(args: string[], env: NodeJS.ProcessEnv): Promise<ShResult> {
  return runSh(SOCI_NODE_SH, args, env);
}

let h: EngineHome;
let before: string[];
beforeEach(async () => {
  h = await engineHome();
  before = await h.tree();
});
afterEach(async () => {
  await h.remove();
});

describe('soci-node.sh refuses, exit 2, and deletes nothing', () => {
  it.each(['../roots', 'a/b', '-x', 'Decoy', '.', 'a b'])('a node name it could not have made: %s', async (name) => {
    for (const cmd of ['down', 'up']) {
      expectRefused(await sociNodeSh([cmd, name], h.env), /^imagediet soci-node: node name ".*" (must|holds)/);
    }
    expect(await h.tree()).toEqual(before);
  });

  it.each(['relative', '/', '/a/../b', '/a b'])('a home that is not a plain absolute folder: %s', async (home) => {
    const res = await sociNodeSh(['down', 'soci-node'], { ...h.env, IMAGEDIET_ENGINE_HOME: home });
    expectRefused(res, /^imagediet soci-node: IMAGEDIET_ENGINE_HOME ".*" (is not an absolute folder|holds)/);
    expect(await h.tree()).toEqual(before);
  });

  it('run of a node that is not up names the command that starts one', async () => {
    const res = await sociNodeSh(['run', 'soci-absent', '--', 'ctr', 'version'], h.env);
    expectRefused(
      res,
      /no soci node named "soci-absent" is up; start it with: sh scripts\/soci-node\.sh up soci-absent/,
    );
    expect(await h.tree()).toEqual(before);
  });
});
