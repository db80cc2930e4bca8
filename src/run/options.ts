/** Options of a bench run, after the CLI parsed and checked them. */
import type { LinkId } from '../deploy/links.js';
import type { NodeKind } from '../node/node-kinds.js';
import type { Compression } from '../registry/compression.js';
import type { SamplingOptions } from '../stats/sampling-options.js';
import type { Builder, MetricGroup } from '../types.js';
import type { Shard } from './matrix.js';

export interface RunOptions {
  /** `auto`, or a profile id. */
  profile: string;
  /** Variant ids to run, or null for all. */
  variants: string[] | null;
  variantsDir: string;
  appDir: string;
  claimsFile: string;
  out: string;
  builder: Builder;
  metrics: MetricGroup[];
  /** Did the user name the groups (`--metrics`)? A named group that cannot run here stops the run; a default one is skipped. */
  metricsNamed?: boolean;
  rebuildBases: boolean;
  /** Template values set with `--param k=v1,v2`: several values make a sweep (the cartesian product of all keys). */
  params: Record<string, string[]>;
  /** Run only this slice of the variant × parameter matrix (`--shard i/n`), or null for all of it. */
  shard: Shard | null;
  /** Repetitions per timed metric group. */
  runs: { build: number; pull: number; startup: number };
  /** Registry to push to (`host:port`), or null to start a private one on 127.0.0.1. */
  registry: string | null;
  /** Per-build timeout, ms. */
  buildTimeoutMs: number;
  /** How long an image may take to answer its first request, ms. */
  smokeTimeoutMs: number;
  /** `--precision`: pull, deploy and start-up cells sample until precise; absent, each takes exactly `runs`. */
  sampling?: SamplingOptions | null;
  /** `--node-engine`: a DOCKER_HOST the user dedicates to pulls and deploys; absent, the harness starts its own. */
  nodeEngine?: string | null;
  /** `--compression`: the forms each image is pushed and deployed in; absent, gzip as the engine pushes it. */
  compressions?: Compression[];
  /** `--links`: the links the node deploys over, one series each; absent, all three. */
  links?: LinkId[];
  /** `--node-kind`: the engine the harness starts as its node; absent, docker-20. */
  nodeKind?: NodeKind | null;
}
