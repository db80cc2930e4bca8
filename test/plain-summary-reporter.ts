/** Prints the plain closing line CI reads: `N passed, N failed, N skipped` (vitest's own summary is not that). */
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(mods: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>, _r: TestRunEndReason) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of mods) {
      let f = 0;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') {
          failed++;
          f++;
        } else skipped++;
      }
      // A file that failed to import has no tests, yet it is a failure.
      if (f === 0 && m.state() === 'failed') failed++;
    }
    failed += unhandled.length;
    process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
