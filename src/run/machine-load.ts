/**
 * How busy the machine was while a phase was timed. Timings move with load: beside another job, scratch's deploy
 * at 100 Mbit/s read 1.56 s against 389 ms on a quiet machine. So each timed phase records the load average and the
 * CPU time that processes other than the harness and its engines used meanwhile, read from /proc (Linux); elsewhere
 * nothing is recorded. A process is the harness's when it descends from this process, is an engine's (dockerd,
 * containerd, a shim, runc, a registry, slirp4netns) or descends from one (the containers); the kernel's own threads
 * are left out, since the harness's network and disk work shows up there. Init's reaped time is left out too (see
 * `Proc.reaped`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { BUSY_SHARE } from '../stats/busy.js';
import type { PhaseLoad } from '../types.js';

/** Engine processes by their command name (`comm`, at most 15 characters). */
const ENGINE_COMMS = new Set([
  'dockerd',
  'containerd',
  'containerd-shim',
  'containerd-shim-runc-v2',
  'runc',
  'docker-init',
  'docker-proxy',
  'docker-registry',
  'registry',
  'slirp4netns',
  'buildkitd',
  'podman',
  'conmon',
  'crun',
]);

interface Proc {
  ppid: number;
  comm: string;
  /** utime + stime, clock ticks: the process's own CPU time. */
  ticks: number;
  /**
   * cutime + cstime, clock ticks: the children it has reaped, so that another job's short-lived processes (a
   * compiler under make) are not lost. Counted for every process but init: init reaps every orphan, the engines
   * the harness started and stopped among them (a daemon detaches, so its parent is init), and a node engine
   * stopped at the end of the deploys handed init its whole CPU time at once, which read as 34% of the machine used
   * by others during a quiet run.
   */
  reaped: number;
}

/** A snapshot of every process's CPU time and the load average. */
export interface LoadSnapshot {
  at: number;
  load1: number;
  procs: Map<number, Proc>;
}

/** The process that reaps orphans. */
const INIT = 1;

/** Clock ticks per second of /proc's CPU times (USER_HZ), 100 on Linux. */
const TICKS = 100;

function readProc(pid: number): Proc | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are plain.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    const n = (i: number) => Number(f[i] ?? 0);
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return { ppid: n(1), comm, ticks: n(11) + n(12), reaped: n(13) + n(14) };
  } catch {
    return null;
  }
}

/** A snapshot of the machine now; null where /proc cannot be read (not Linux). */
export function loadSnapshot(): LoadSnapshot | null {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return null;
  }
  const procs = new Map<number, Proc>();
  for (const pid of pids) {
    const p = readProc(pid);
    if (p) procs.set(pid, p);
  }
  return { at: performance.now(), load1: os.loadavg()[0] ?? 0, procs };
}

/** Is `pid` the harness's or an engine's: this process, an engine process, or a descendant of either? */
function isOurs(pid: number, procs: Map<number, Proc>, self: number): boolean {
  for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
    if (p === self) return true;
    const proc = procs.get(p);
    if (!proc) return false;
    if (ENGINE_COMMS.has(proc.comm)) return true;
    p = proc.ppid;
  }
  return false;
}

/** Kernel threads descend from kthreadd (pid 2). */
function isKernel(pid: number, procs: Map<number, Proc>): boolean {
  return pid === 2 || procs.get(pid)?.ppid === 2;
}

/** The load of the span between two snapshots, for `phase`. */
export function phaseLoad(
  phase: string,
  start: LoadSnapshot,
  end: LoadSnapshot,
  cpus = os.availableParallelism(),
  self = process.pid,
): PhaseLoad {
  let ticks = 0;
  for (const [pid, p] of end.procs) {
    if (isKernel(pid, end.procs) || isOurs(pid, end.procs, self)) continue;
    // A process that started during the phase used all of its time in it.
    const before = start.procs.get(pid);
    ticks += Math.max(0, p.ticks - (before?.ticks ?? 0));
    if (pid !== INIT) ticks += Math.max(0, p.reaped - (before?.reaped ?? 0));
  }
  const seconds = (end.at - start.at) / 1000;
  const otherCpuSeconds = ticks / TICKS;
  return {
    phase,
    seconds,
    load1Start: start.load1,
    load1End: end.load1,
    otherCpuSeconds,
    otherShare: seconds > 0 ? Math.min(1, otherCpuSeconds / (seconds * cpus)) : 0,
  };
}

/** Watch a phase: call the returned function when it ends. Null-safe where /proc is missing. */
export function watchLoad(phase: string): () => PhaseLoad | null {
  const start = loadSnapshot();
  return () => {
    const end = loadSnapshot();
    return start && end ? phaseLoad(phase, start, end) : null;
  };
}

/** The warning for a busy phase, or null for a quiet one. */
export function busyWarning(load: PhaseLoad): string | null {
  if (load.otherShare <= BUSY_SHARE) return null;
  return (
    `the machine was busy (${load.phase}): other processes used ${Math.round(load.otherShare * 100)}% of its CPU ` +
    `(load average ${load.load1Start.toFixed(1)} → ${load.load1End.toFixed(1)}), so timings taken then read high; ` +
    're-run on a quieter machine to compare them'
  );
}
