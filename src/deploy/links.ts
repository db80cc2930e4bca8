/** The links the node pulls over, named once for the metrics, the phases and the reports. */

/** A link: the metric suffix, its speed in bits/s (null: loopback, no limit), and how a person says it. */
export interface NodeLink {
  link: string;
  bps: number | null;
  label: string;
}

/** Loopback, then the two stated speeds. */
export const NODE_LINKS: readonly NodeLink[] = [
  { link: 'cold', bps: null, label: 'loopback' },
  { link: '100mbit', bps: 100e6, label: '100 Mbit/s' },
  { link: '1gbit', bps: 1e9, label: '1 Gbit/s' },
];

/** The limited links, where deploys are measured: a deploy is a pull over a real network. */
export const DEPLOY_LINKS = NODE_LINKS.filter((l): l is NodeLink & { bps: number } => l.bps !== null);

/** The parts of a deploy sample, in order; they add up to the sample. */
export const DEPLOY_PARTS = ['pull', 'create', 'start', 'ready'] as const;
