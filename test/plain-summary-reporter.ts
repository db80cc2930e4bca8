/**
 * Prints the plain closing line CI reads: `N passed, N failed, N skipped` (vitest's own summary is not that). When
 * `npm test` runs vitest more than once (one engine after another), IMAGEDIET_SUMMARY_FILE collects each run's counts
 * so that scripts/test.sh can print the total as the very last line.
 */
import { appendFileSync } from 'node:fs';
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
    const line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
    process.stdout.write(`${line}\n`);
    if (process.env.IMAGEDIET_SUMMARY_FILE) appendFileSync(process.env.IMAGEDIET_SUMMARY_FILE, `${line}\n`);
  }
}
