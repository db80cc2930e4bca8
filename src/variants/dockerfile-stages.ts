/** Reads the stage structure of a rendered Dockerfile: which image the final stage really runs on. */

interface Stage {
  from: string;
  alias: string | null;
}

/** Every `FROM image [AS name]` in order. */
function parseStages(dockerfile: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of dockerfile.split('\n')) {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(line);
    if (m?.[1]) stages.push({ from: m[1], alias: m[2]?.toLowerCase() ?? null });
  }
  return stages;
}

/** The image the final stage is based on, following stage aliases (`scratch` when empty). */
export function finalBase(dockerfile: string): string {
  const stages = parseStages(dockerfile);
  let current = stages.at(-1);
  for (let hops = 0; current && hops < stages.length; hops++) {
    const target = current.from.toLowerCase();
    const parent = stages.find((s) => s.alias === target);
    if (!parent) return current.from;
    current = parent;
  }
  throw new Error('Dockerfile has no FROM line or its stages form a loop');
}

/** Every external image a Dockerfile names (stage aliases and `scratch` excluded). */
export function externalImages(dockerfile: string): string[] {
  const stages = parseStages(dockerfile);
  const aliases = new Set(stages.map((s) => s.alias).filter(Boolean));
  const refs = stages.map((s) => s.from).filter((f) => !aliases.has(f.toLowerCase()) && f !== 'scratch');
  return [...new Set(refs)];
}
