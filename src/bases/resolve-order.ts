/** Which bases to build, and in what order, for a set of requested ids. */
import { InputError } from '../errors.js';
import type { BaseSpec } from './catalog.js';

/** The requested bases plus everything they depend on, dependencies first; InputError names unknown ids. */
export function resolveOrder(catalog: BaseSpec[], ids: string[]): BaseSpec[] {
  const byId = new Map<string, BaseSpec>(catalog.map((b) => [b.id, b]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const known = catalog.map((b) => b.id).join(', ');
    throw new InputError(unknown.map((id) => `base "${id}" is not an offline base: use one of ${known}`));
  }
  const ordered: BaseSpec[] = [];
  const visiting = new Set<string>();
  const visit = (id: string, path: string[]) => {
    const spec = byId.get(id);
    if (!spec) throw new InputError([`base "${path.at(-1)}" depends on unknown base "${id}"`]);
    if (ordered.includes(spec)) return;
    // A cycle is a catalog bug, but name it rather than recurse forever.
    if (visiting.has(id)) throw new InputError([`base dependency cycle: ${[...path, id].join(' -> ')}`]);
    visiting.add(id);
    for (const dep of spec.dependsOn) visit(dep, [...path, id]);
    visiting.delete(id);
    ordered.push(spec);
  };
  for (const id of ids) visit(id, []);
  return ordered;
}
