/**
 * The published claims about zstd layers that the lesson holds our figures against, as their publishers state them. Data, not
 * prose: the story reads each claim's figure and what of ours it compares with, and says whether ours agree.
 */

/** One published claim. */
export interface CompressionClaim {
  /** Who published it. */
  source: string;
  /** The claim as published. */
  claim: string;
  /**
   * What of ours it is held against: `unpack`, the node's work in a pull at loopback speed (CPU time where recorded,
   * else the pull's wall time), zstd against gzip; `deploy`, time to first answer on a fresh node, zstd against gzip.
   */
  compares: 'unpack' | 'deploy';
  /** The time zstd saves against gzip, as the claim reads in time: 0.27 is 27% less time. */
  saving: number;
  /** "up to": the claim is a best case, so any saving from 0 up to it agrees. */
  upTo: boolean;
  /** How the claim is read as a share of time, said beside the comparison. */
  reading: string;
}

/** The claims, depot first, then AWS. */
export const COMPRESSION_CLAIMS: readonly CompressionClaim[] = [
  {
    source: 'depot',
    claim: '60% faster decompression with zstd',
    compares: 'unpack',
    // "60% faster" as a speed: 1.6 times the rate, so 1 − 1 / 1.6 = 37.5% less time.
    saving: 1 - 1 / 1.6,
    upTo: false,
    reading: 'read as 1.6× the speed: 37.5% less time to decompress than gzip',
  },
  {
    source: 'AWS',
    claim: 'up to 27% shorter task start-up on Fargate with zstd',
    compares: 'deploy',
    saving: 0.27,
    upTo: true,
    reading: 'read as: deploy to a fresh node (pull → first answer) up to 27% shorter than with gzip, at the best link',
  },
];
