import { describe, expect, it } from 'vitest';
import { busyWarning, type LoadSnapshot, loadSnapshot, phaseLoad } from '../../../src/run/machine-load.js';

/** Processes as [pid, ppid, comm, own ticks, reaped children's ticks]. */
const snap = (at: number, load1: number, procs: [number, number, string, number, number?][]): LoadSnapshot => ({
  at,
  load1,
  procs: new Map(procs.map(([pid, ppid, comm, ticks, reaped = 0]) => [pid, { ppid, comm, ticks, reaped }])),
});

describe('how busy the machine was', () => {
  it("counts the CPU of other processes only: not the harness's tree, an engine's, its containers' or the kernel's", () => {
    const self = 500;
    const start = snap(0, 0.5, [
      [2, 0, 'kthreadd', 0],
      [30, 2, 'kworker/0:1', 0],
      [500, 1, 'node', 100],
      [600, 500, 'sh', 0],
      [700, 1, 'dockerd', 1000],
      [800, 1, 'containerd-shim', 0],
      [801, 800, 'api', 0],
      [900, 1, 'yes', 10_000],
    ]);
    const end = snap(10_000, 2.5, [
      [2, 0, 'kthreadd', 0],
      [30, 2, 'kworker/0:1', 900],
      [500, 1, 'node', 900],
      [600, 500, 'sh', 400],
      [700, 1, 'dockerd', 1900],
      [800, 1, 'containerd-shim', 50],
      [801, 800, 'api', 300],
      [900, 1, 'yes', 11_000],
      // Started during the phase: all its time counts.
      [901, 1, 'make', 500],
    ]);
    // Others: yes 1000 ticks + make 500 = 15 s of CPU in 10 s on 2 CPUs.
    expect(phaseLoad('startup', start, end, 2, self)).toEqual({
      phase: 'startup',
      seconds: 10,
      load1Start: 0.5,
      load1End: 2.5,
      otherCpuSeconds: 15,
      otherShare: 0.75,
    });
  });

  it("counts what other jobs' parents reaped, but not what init reaped: a stopped engine's whole CPU time lands there", () => {
    const self = 500;
    const start = snap(0, 0.5, [
      [1, 0, 'init', 10, 1000],
      [500, 1, 'node', 100],
      [700, 1, 'dockerd', 50_000],
      [900, 1, 'make', 0, 0],
    ]);
    const end = snap(10_000, 0.5, [
      // The node's dockerd was stopped: init reaped it, and with it every tick it and its children ever used.
      [1, 0, 'init', 20, 120_000],
      [500, 1, 'node', 200],
      // make reaped 400 ticks of compilers that came and went during the phase: another job's, and counted.
      [900, 1, 'make', 100, 400],
    ]);
    // Others: init's own 10 ticks, make's 100 + 400 = 5.1 s of CPU in 10 s on 2 CPUs.
    expect(phaseLoad('deploy', start, end, 2, self)).toMatchObject({ otherCpuSeconds: 5.1, otherShare: 0.255 });
  });

  it('warns when others took more than a tenth of the machine, and says nothing when they did not', () => {
    const load = { phase: 'deploy', seconds: 10, load1Start: 0.4, load1End: 2.1, otherCpuSeconds: 9, otherShare: 0.45 };
    expect(busyWarning(load)).toBe(
      'the machine was busy (deploy): other processes used 45% of its CPU (load average 0.4 → 2.1), so timings taken then read high; re-run on a quieter machine to compare them',
    );
    expect(busyWarning({ ...load, otherShare: 0.05 })).toBeNull();
  });

  it('reads this machine from /proc', () => {
    const s = loadSnapshot();
    expect(s?.procs.get(process.pid)?.comm).toMatch(/node|vitest/);
  });
});
