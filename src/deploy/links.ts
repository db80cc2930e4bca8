/** The links a fresh node pulls over, each with the metrics its deploys are recorded under, named once. */
import { M } from '../metrics/catalogue.js';

/** The parts of a deploy sample, in order; they add up to the sample. */
export const DEPLOY_PARTS = ['pull', 'create', 'start', 'ready'] as const;
export type DeployPart = (typeof DEPLOY_PARTS)[number];

/**
 * A link: its speed in bits/s (null: the node's loopback, no limit), how a person says it, and its metrics: the
 * deploy's total and each part. The pull part is the cold engine pull at that link, under the pull metric's name.
 */
export interface NodeLink {
  id: 'loopback' | '100mbit' | '1gbit';
  bps: number | null;
  label: string;
  deploy: string;
  parts: Record<DeployPart, string>;
  /** The node's CPU time during each sample's pull, CPU ms. */
  pullCpu: string;
}

/** Loopback, then the two stated speeds: one series of deploys each. */
export const NODE_LINKS: readonly NodeLink[] = [
  {
    id: 'loopback',
    bps: null,
    label: 'loopback',
    deploy: M.deployLoopback,
    parts: {
      pull: M.pullEngineCold,
      create: M.deployLoopbackCreate,
      start: M.deployLoopbackStart,
      ready: M.deployLoopbackReady,
    },
    pullCpu: M.pullEngineColdCpu,
  },
  {
    id: '100mbit',
    bps: 100e6,
    label: '100 Mbit/s',
    deploy: M.deploy100mbit,
    parts: {
      pull: M.pullEngine100mbit,
      create: M.deploy100mbitCreate,
      start: M.deploy100mbitStart,
      ready: M.deploy100mbitReady,
    },
    pullCpu: M.pullEngine100mbitCpu,
  },
  {
    id: '1gbit',
    bps: 1e9,
    label: '1 Gbit/s',
    deploy: M.deploy1gbit,
    parts: {
      pull: M.pullEngine1gbit,
      create: M.deploy1gbitCreate,
      start: M.deploy1gbitStart,
      ready: M.deploy1gbitReady,
    },
    pullCpu: M.pullEngine1gbitCpu,
  },
];

/** The links with a stated speed: where a pull is paced by the link and checked against physics. */
export const LIMITED_LINKS = NODE_LINKS.filter((l): l is NodeLink & { bps: number } => l.bps !== null);

export type LinkId = NodeLink['id'];
export const LINK_IDS: readonly LinkId[] = NODE_LINKS.map((l) => l.id);

/** The links a run deploys over (`--links`), in NODE_LINKS order; absent, all of them. */
export function chosenLinks(ids: readonly LinkId[] | null | undefined): readonly NodeLink[] {
  return ids ? NODE_LINKS.filter((l) => ids.includes(l.id)) : NODE_LINKS;
}

/** `--links loopback,100mbit`: the ids in NODE_LINKS order, and one problem line per bad or repeated name. */
export function parseLinks(
  raw: string,
  suggest: (name: string, known: readonly string[]) => string,
): { links: LinkId[]; problems: string[] } {
  const values = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const problems: string[] = [];
  const links: LinkId[] = [];
  for (const v of values) {
    if (!(LINK_IDS as readonly string[]).includes(v))
      problems.push(`--links: "${v}" is not a link; accepted: ${LINK_IDS.join(', ')}${suggest(v, LINK_IDS)}`);
    else if (links.includes(v as LinkId)) problems.push(`--links lists "${v}" twice; give each once`);
    else links.push(v as LinkId);
  }
  if (values.length === 0) problems.push(`--links is empty; accepted: ${LINK_IDS.join(', ')}`);
  links.sort((a, b) => LINK_IDS.indexOf(a) - LINK_IDS.indexOf(b));
  return { links, problems };
}
