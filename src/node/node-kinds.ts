/**
 * The engines the harness can start as its node (`--node-kind`), each a kind of scripts/engine.sh, with what each is
 * known not to pull. What a kind cannot pull was found by pulling it on that engine; the plan announces it before the
 * first build, and the run still asks the node once, so the rows carry the engine's own answer of the day.
 */
import { COMPRESSION_SPECS, type Compression } from '../registry/compression.js';

/** The node kinds, in age order; the default first. */
export const NODE_KINDS = ['docker-20', 'docker-26', 'docker-28', 'docker-28-containerd'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** The node the harness starts when none is named: Debian bookworm's docker.io, as before the option existed. */
export const DEFAULT_NODE_KIND: NodeKind = 'docker-20';

/** A node kind: how a person names it, and the layer algorithms it cannot unpack, each with what was seen. */
export interface NodeKindFacts {
  id: NodeKind;
  label: string;
  cannotUnpack: Partial<Record<'gzip' | 'zstd' | 'none', string>>;
}

export const NODE_KIND_FACTS: Record<NodeKind, NodeKindFacts> = {
  'docker-20': {
    id: 'docker-20',
    label: "Docker 20.10 (Debian bookworm's docker.io), overlay2",
    cannotUnpack: {
      // Pulled on Debian bookworm's 20.10.24: the layer downloads whole, then its unpacking fails (its decompressor
      // knows gzip, bzip2 and xz); moby's pulls learned zstd in 23.0.
      zstd:
        'Docker 20.10 cannot unpack zstd-compressed layers: it downloads each one whole, then fails ' +
        '("failed to register layer: Error processing tar file(exit status 1): archive/tar: invalid tar header" ' +
        "on Debian bookworm's 20.10.24); zstd came with Docker 23.0",
    },
  },
  'docker-26': { id: 'docker-26', label: "Docker 26.1 (Debian trixie's docker.io), overlay2", cannotUnpack: {} },
  'docker-28': { id: 'docker-28', label: "Docker 28.5 (Debian forky's docker.io), overlay2", cannotUnpack: {} },
  'docker-28-containerd': {
    id: 'docker-28-containerd',
    label: "Docker 28.5 (Debian forky's docker.io) with the containerd image store",
    cannotUnpack: {},
  },
};

/** Why a node of `kind` cannot pull form `c`, or null when it can. */
export function cannotPull(kind: NodeKind, c: Compression): string | null {
  return NODE_KIND_FACTS[kind].cannotUnpack[COMPRESSION_SPECS[c].algorithm ?? 'none'] ?? null;
}
