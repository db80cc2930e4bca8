import { describe, expect, it } from 'vitest';
import { RESULTS_SCHEMA_VERSION, renderJson } from '../../../src/report/json.js';
import { parseResults } from '../../../src/results/read-results.js';
import { timedRun } from './fixture.js';

describe('renderJson', () => {
  it('round-trips the run, indented by 2 and ending with a newline, its schema version last', () => {
    const run = timedRun();
    const text = renderJson(run);
    expect(JSON.parse(text)).toEqual({ ...run, schemaVersion: RESULTS_SCHEMA_VERSION });
    expect(parseResults(text, 'results.json')).toEqual(run);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "runId": "r-20250301-1004",');
    expect(text.split('\n').at(-3)).toBe(`  "schemaVersion": ${RESULTS_SCHEMA_VERSION}`);
  });
});
