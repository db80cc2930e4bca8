/**
 * What cannot run here at all, decided before the first build: a metric group whose tools or rights this machine
 * lacks, and metrics the chosen builder cannot report. The plan announces each with its reason and how to silence
 * it; a group the user named in `--metrics` that cannot run stops the run (exit 1) instead of being skipped.
 */
import { existsSync } from 'node:fs';
import { chosenLinks } from '../deploy/links.js';
import type { Engine } from '../engine/engine.js';
import { which } from '../engine/engine-up.js';
import { trustsPlainHttp } from '../engine/registry-trust.js';
import { oneLine } from '../errors.js';
import { findScanner, NO_SCANNER, type Scanner } from '../measure/vulnerability-scan.js';
import { M } from '../metrics/catalogue.js';
import { nodeUnavailable } from '../node/node-engine.js';
import { cannotPull, DEFAULT_NODE_KIND, NODE_KINDS } from '../node/node-kinds.js';
import { COMPRESSION_KEY, DEFAULT_COMPRESSION } from '../registry/compression.js';
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
  /** Does this host mount a CPU-accounting cgroup (v1 cpuacct or v2) for the node's daemon? @default true */
  cpuAccounting?(): boolean;
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
  cpuAccounting: () => existsSync('/sys/fs/cgroup/cpuacct') || existsSync('/sys/fs/cgroup/cgroup.controllers'),
  scanner: () => {
    scannerHere ??= findScanner();
    return scannerHere;
  },
};

/** The tools the harness's own node engine runs with (scripts/engine.sh, the link shaper, the readiness helper). */
const NODE_TOOLS = ['ip', 'unshare', 'nsenter', 'tc'];

/** The groups (and metrics) of `opts.metrics` that cannot run here, each once, with why and how to silence it. */
export async function unavailableHere(
  opts: Pick<RunOptions, 'metrics' | 'registry' | 'nodeEngine' | 'builder' | 'compressions' | 'nodeKind' | 'links'>,
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
    } else {
      const nodeProblem = opts.nodeEngine ? null : await nodeProblemHere(probe);
      if (nodeProblem)
        for (const g of pullGroups)
          out.push({
            subject: g,
            reason: `no node engine can be started here (${nodeProblem})`,
            silence: `${without(g)}, and --node-engine <DOCKER_HOST> names an engine to use instead`,
          });
      else out.push(...(await formsUnavailable(opts, probe)), ...nodeFindings(opts, probe));
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

/**
 * The forms of `--compression` that cannot be made here: skopeo runs from a Debian chroot, which takes root, Linux and
 * unshare. The user named them, so the run stops on them.
 */
async function formsUnavailable(opts: Pick<RunOptions, 'compressions'>, probe: FeasibilityProbe): Promise<Announced[]> {
  const forms = (opts.compressions ?? []).filter((c) => c !== DEFAULT_COMPRESSION);
  if (forms.length === 0) return [];
  const why = probe.nodeUnavailable() ?? ((await probe.has('unshare')) ? null : 'missing unshare: install util-linux');
  if (!why) return [];
  return forms.map((c) => ({
    subject: `${COMPRESSION_KEY}=${c}`,
    reason: `skopeo recompresses the layers from a Debian chroot, which cannot be run here (${why})`,
    silence: `\`--compression ${DEFAULT_COMPRESSION}\` (the engine's own push) runs without it`,
  }));
}

/**
 * What the node will not give, known before the first build: a form its kind cannot unpack (it is asked once all the
 * same, and the rows carry its answer), and the CPU time of its pulls where no cgroup of its daemon can be read.
 */
function nodeFindings(
  opts: Pick<RunOptions, 'compressions' | 'nodeKind' | 'nodeEngine' | 'links'>,
  probe: FeasibilityProbe,
) {
  const out: Announced[] = [];
  const kind = opts.nodeKind ?? DEFAULT_NODE_KIND;
  for (const c of opts.compressions ?? []) {
    const finding = opts.nodeEngine ? null : cannotPull(kind, c);
    if (finding)
      out.push({
        subject: `pull and deploy (${COMPRESSION_KEY}=${c}) on ${kind}`,
        reason: `${finding}; the node is asked once, and the rows carry its answer`,
        silence: `\`--node-kind\` ${NODE_KINDS.filter((k) => !cannotPull(k, c)).join(' or ')}, or \`--compression\` without ${c}, silences this`,
      });
  }
  const cpu = opts.nodeEngine
    ? "the node is an engine you dedicate (--node-engine): its daemon's cgroup is not the harness's to read"
    : (probe.cpuAccounting?.() ?? true)
      ? null
      : 'this host mounts no CPU-accounting cgroup (cgroup v1 cpuacct or cgroup v2)';
  if (cpu)
    out.push({
      subject: chosenLinks(opts.links)
        .map((l) => l.pullCpu)
        .join(', '),
      reason: cpu,
      silence: opts.nodeEngine ? 'the node the harness starts (no --node-engine) reads it' : 'nothing here reads it',
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
