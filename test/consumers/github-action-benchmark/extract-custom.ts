// Pinned from github-action-benchmark (MIT, see LICENSE.txt beside this file), commit
// c38cce98215cf75e178ecd5a0c1a1ab215e93006: the code that reads `customSmallerIsBetter` and `customBiggerIsBetter`
// output files, copied verbatim; only the imports it does not use are left out, and the functions are exported.
// src/extract.ts lines 5-17 and 688-697, and the empty-result check of extractResult (lines 765-767):
import { z } from 'zod';

export const BenchmarkResult = z.object({
    name: z.coerce.string(),
    value: z.coerce.number(),
    range: z.coerce.string().optional(),
    unit: z.coerce.string(),
    extra: z.coerce.string().optional(),
});

export type BenchmarkResult = z.infer<typeof BenchmarkResult>;

export const BenchmarkResults = z.array(BenchmarkResult);

export function extractCustomBenchmarkResult(output: string): BenchmarkResult[] {
    try {
        return BenchmarkResults.parse(JSON.parse(output));
    } catch (err: unknown) {
        const errMessage = err instanceof Error ? err.message : String(err);
        throw new Error(
            `Output file for 'custom-(bigger|smaller)-is-better' must be JSON file containing an array of entries in BenchmarkResult format: ${errMessage}`,
        );
    }
}

export function checkNotEmpty(benches: BenchmarkResult[], config: { outputFilePath: string }, output: string): void {
    if (benches.length === 0) {
        throw new Error(`No benchmark result was found in ${config.outputFilePath}. Benchmark output was '${output}'`);
    }
}

// src/extractRangeInfo.ts, whole:
export function extractRangeInfo(range: string | undefined): { prefix: string; value: number } | undefined {
    if (!range) {
        return undefined;
    }

    const matches = range.match(/(?<prefix>(\+-|±)\s*)(?<value>\d.*)/);

    if (!matches || !matches.groups) {
        return undefined;
    }

    const valueString = matches.groups.value;

    const value = Number(valueString);

    if (isNaN(value)) {
        return undefined;
    }

    return {
        value,
        prefix: matches.groups.prefix ?? '',
    };
}
