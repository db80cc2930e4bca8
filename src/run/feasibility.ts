/**
 * What cannot run here at all, decided before the first build: a metric group whose tools or rights this machine
 * lacks, and metrics the chosen builder cannot report. The plan announces each with its reason and how to silence
 * it; a group the user named in `--metrics` that cannot run stops the run (exit 1) instead of being skipped.
 */
import type { Engine } from '../engine/engine.js';
import { which } from '../engine/engine-up.js';
import { trustsPlainHttp } from '../engine/registry-trust.js';
import { oneLine } from '../errors.js';
import { findScanner, NO_SCANNER, type Scanner } from '../measure/vulnerability-scan.js';
import { M } from '../metrics/catalogue.js';
import { nodeUnavailable } from '../node/node-engine.js';
import { findBinary, REGISTRY_NOT_FOUND } from '../registry/local-registry.js';
import type { Announced, MetricGroup } from '../types.js';
import type { RunOptions } from './options.js';

/** What the checks need from the machine; tests pass their own. */
export interface FeasibilityProbe {
  /** Why no node engine can be started here, or null. */
  nodeUnavailable(): string | null;
  /** Is `command` on PATH (or in /usr/sbin, /sbin, where iproute2 lives)? */
  has(command: string): Promise<boolean>;
  /** The docker-registry binary, or null. */
  registryBinary(): Promise<string | null>;
  /** The vulnerability scanner on PATH (trivy, else grype), or null. */
  scanner(): Promise<Scanner | null>;
}

/** PATH does not change during a run: the plan and the run ask once. */
let scannerHere: Promise<Scanner | null> | null = null;

/** This machine. */
export const thisMachineProbe: FeasibilityProbe = {
  nodeUnavailable: () => nodeUnavailable(),
  has: async (command) =>
    (await which(command, [process.env.PATH ?? '', '/usr/sbin', '/sbin', '/usr/bin'].join(':'))) !== null,
  registryBinary: () => findBinary(undefined),
  scanner: () => {
    scannerHere ??= findScanner();
    return scannerHere;
  },
};

/** The tools the harness's own node engine runs with (scripts/engine.sh, the link shaper, the readiness helper). */
const NODE_TOOLS = ['ip', 'unshare', 'nsenter', 'tc'];

/** The groups (and metrics) of `opts.metrics` that cannot run here, each once, with why and how to silence it. */
export async function unavailableHere(
  opts: Pick<RunOptions, 'metrics' | 'registry' | 'nodeEngine' | 'builder'>,
  engine: Pick<Engine, 'registryTrust'>,
  probe: FeasibilityProbe,
  signal: AbortSignal,
): Promise<Announced[]> {
  const out: Announced[] = [];
  const wants = (g: MetricGroup) => opts.metrics.includes(g);
  const without = (g: MetricGroup) => `\`--metrics\` without ${g} silences this`;
  const pullGroups = (['pull', 'deploy'] as const).filter(wants);
  if (pullGroups.length > 0) {
    const registryProblem = await registryUnavailable(opts, engine, probe, signal);
    if (registryProblem) {
      for (const g of pullGroups) out.push({ subject: g, reason: registryProblem, silence: without(g) });
    } else if (!opts.nodeEngine) {
      const nodeProblem = await nodeProblemHere(probe);
      if (nodeProblem)
        for (const g of pullGroups)
          out.push({
            subject: g,
            reason: `no node engine can be started here (${nodeProblem})`,
            silence: `${without(g)}, and --node-engine <DOCKER_HOST> names an engine to use instead`,
          });
    }
  }
  if (wants('anatomy') && !(await probe.scanner()))
    out.push({
      subject: M.vulnerabilities,
      reason: NO_SCANNER,
      silence: 'trivy or grype on PATH counts them; `--metrics` without anatomy silences this',
    });
  if (wants('build') && opts.builder === 'classic')
    out.push({
      subject: M.buildWarmCacheHits,
      reason: 'the classic builder reports no cached steps',
      silence: '--builder buildkit measures it',
    });
  return out;
}

/** Why the harness has no registry to push to here, or null. */
async function registryUnavailable(
  opts: Pick<RunOptions, 'registry'>,
  engine: Pick<Engine, 'registryTrust'>,
  probe: FeasibilityProbe,
  signal: AbortSignal,
): Promise<string | null> {
  if (!opts.registry && !(await probe.registryBinary())) return REGISTRY_NOT_FOUND;
  // The harness's registry serves plain HTTP on loopback: an engine that will not talk HTTP to it cannot push.
  const host = opts.registry ?? '127.0.0.1:5000';
  if (!engine.registryTrust || !/^(127\.\d+\.\d+\.\d+|localhost):\d+$/.test(host)) return null;
  const trust = await engine.registryTrust(host, signal).catch((err: unknown) => {
    throw new Error(`read the engine's registry settings: ${oneLine(err)}`, { cause: err });
  });
  if (trustsPlainHttp(trust, host)) return null;
  return `the engine does not push to a plain-HTTP registry on ${host.replace(/:\d+$/, '')} (its insecure-registries: ${trust.insecureCidrs.join(', ') || 'none'}); add 127.0.0.0/8 to them or pass --registry`;
}

/** Why the harness cannot start its own node engine here, or null. */
async function nodeProblemHere(probe: FeasibilityProbe): Promise<string | null> {
  const why = probe.nodeUnavailable();
  if (why) return why;
  const missing: string[] = [];
  for (const tool of NODE_TOOLS) if (!(await probe.has(tool))) missing.push(tool);
  return missing.length ? `missing ${missing.join(', ')}: install iproute2 and util-linux` : null;
}

/** The plan's line for one announcement. */
export function announcedLine(a: Announced): string {
  return `${a.subject}: skipped, ${a.reason}; ${a.silence}.`;
}
