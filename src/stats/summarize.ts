/** Statistics of samples measured elsewhere (e.g. the create/start/ready parts of one start-up sample), by tinybench. */
import { Bench } from 'tinybench';
import { type RowStats, rowStats } from './row-stats.js';

/** tinybench's statistics for given samples (ms): each iteration reports one sample as its duration. */
export async function summarize(samples: readonly number[]): Promise<RowStats> {
  if (samples.length === 0) return { value: null, samples: 0 };
  let i = 0;
  const bench = new Bench({ time: 0, iterations: samples.length, warmup: false, throws: true });
  // Declared async: tinybench calls a plain function once to find out whether it is async, which would eat a sample.
  bench.add('parts', async () => ({ overriddenDuration: samples[i++] ?? 0 }));
  await bench.run();
  const r = bench.getTask('parts')?.result;
  if (r?.state !== 'completed') throw new Error('summarize: tinybench did not complete');
  return rowStats(r.latency, samples);
}
