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
