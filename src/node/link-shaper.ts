/**
 * A link of a stated speed between the node engine and its registry: the kernel's token bucket (tc htb) on the
 * node namespace's loopback, applied only to bytes the registry sends (source port = the registry's port).
 *
 * Why tc and not the JavaScript throttle proxy: the kernel paces packets exactly, costs no CPU of ours while dockerd
 * decompresses on the same two cores, and needs no process in the path; a 50 MB transfer at 100 Mbit/s took 3.997 s
 * through it and 0.397 s at 1 Gbit/s (4.000 s and 0.400 s are the physical bounds; the bucket's burst is the rest). Only the registry's traffic is shaped, so the readiness probe and the
 * engine's published ports in the same namespace run at loopback speed.
 */
import { execInNetns } from './netns.js';

/** Sets and clears the speed of the registry → engine path. */
export interface LinkShaper {
  /** Limit the registry's bytes to `bitsPerSecond`, or lift the limit with null. */
  set(bitsPerSecond: number | null): Promise<void>;
  /** How the limit is made, for the rows' notes. */
  describe(bitsPerSecond: number): string;
}

/** loopback's MTU: a bucket smaller than one packet would drop every full-size packet instead of delaying it. */
const LO_MTU = 65_536;

/** Bucket depth, bytes: two packets, or 4 ms of the rate, whichever is larger (≤ 4 ms of error on any transfer). */
export function burstBytes(bitsPerSecond: number): number {
  return Math.max(2 * LO_MTU, Math.ceil((bitsPerSecond / 8) * 0.004));
}

/**
 * The tc commands (arguments after `tc`) that limit traffic from `sourcePort` on `lo` to `bitsPerSecond`: an htb root
 * whose unclassified traffic passes unshaped (default 0), one class at the rate, and a u32 filter sending the
 * registry's packets to it. With null, only the removal of the root qdisc. (htb rather than prio + tbf: kernels
 * without sch_prio exist, this one among them.)
 */
export function tcCommands(bitsPerSecond: number | null, sourcePort: number): string[][] {
  const clear = ['qdisc', 'del', 'dev', 'lo', 'root'];
  if (bitsPerSecond === null) return [clear];
  if (!(bitsPerSecond > 0)) throw new Error(`link: speed must be a positive bits/s, got ${bitsPerSecond}`);
  const rate = `${Math.round(bitsPerSecond)}bit`;
  const burst = String(burstBytes(bitsPerSecond));
  const port = String(sourcePort);
  return [
    ['qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb'],
    ['class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:3', 'htb', 'rate', rate, 'ceil', rate].concat([
      'burst',
      burst,
      'cburst',
      burst,
      'quantum',
      String(LO_MTU),
    ]),
    ['filter', 'add', 'dev', 'lo', 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'u32'].concat([
      'match',
      'ip',
      'sport',
      port,
      '0xffff',
      'flowid',
      '1:3',
    ]),
  ];
}

/**
 * Does this error say only that there was no root qdisc to delete? tc answers so on a loopback nothing has shaped
 * ("Cannot delete qdisc with handle of zero"; kernels without extended ack say only RTNETLINK's ENOENT).
 */
export function nothingToClear(err: unknown): boolean {
  return /Cannot delete qdisc with handle of zero|RTNETLINK answers: No such file or directory/.test(
    String((err as Error)?.message ?? err),
  );
}

/** A shaper for the registry on `registryPort` inside `netns`. */
export function tcShaper(netns: string, registryPort: number): LinkShaper {
  return {
    async set(bps) {
      // Start from no qdisc every time, so a sample never inherits the previous one's bucket. A loopback with no
      // qdisc is already there; any other failure (the namespace gone, tc missing) is thrown.
      await execInNetns(netns, 'tc', tcCommands(null, registryPort)[0] as string[]).catch((err: unknown) => {
        if (!nothingToClear(err)) throw err;
      });
      if (bps === null) return;
      for (const args of tcCommands(bps, registryPort)) await execInNetns(netns, 'tc', args);
    },
    describe: (bps) => `kernel token bucket (tc htb) at ${bps / 1e6} Mbit/s on the node namespace's loopback`,
  };
}
